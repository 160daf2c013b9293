/** UK financial quarters offered for freezing (F13): those already closed. */
import {addDays} from '../domain/calendar';
import {quarterOf} from '../domain/finance';

export interface QuarterChoice {
  label: string;
  start: string;
  end: string;
}

/** The last `n` closed financial quarters before `today`, newest first. */
export function closedQuarters(today: string, n = 8): QuarterChoice[] {
  const out: QuarterChoice[] = [];
  let q = quarterOf(addDays(quarterOf(today).start, -1));
  for (let i = 0; i < n; i++) {
    out.push({label: q.label, start: q.start, end: q.end});
    q = quarterOf(addDays(q.start, -1));
  }
  return out;
}
