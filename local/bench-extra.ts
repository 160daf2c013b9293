/**
 * Benchmarks of the finance and outcome-note features, measured on the
 * same seeded trackers as the rest of the bench.
 */
import {TrackerSession} from './tracker-session';
import {Measure} from './bench';

export function extraOps(_session: TrackerSession, _rows: number): Measure[] {
  return [];
}
