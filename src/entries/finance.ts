/**
 * Entry points of the quarterly finance tab (F13): the menu items and the
 * QuarterForm sidebar's google.script.run targets. Each shows the outcome
 * as a toast too, which works from a menu and from a sidebar alike.
 */
import {
  exportQuarterlyCsv as exportQuarterlyCsvUseCase,
  freezeQuarter as freezeQuarterUseCase,
  rebuildQuarterly as rebuildQuarterlyUseCase,
} from '../app/quarterly';
import {Result} from '../domain/result';
import {interactiveDeps, sidebarUi} from '../gas/services';

function toast<T extends {message: string}>(result: Result<T>): Result<T> {
  sidebarUi().toast(
    result.ok
      ? result.value.message
      : result.errors.map(e => e.message).join(' '),
  );
  return result;
}

export function openQuarterForm(): void {
  sidebarUi().showSidebar('QuarterForm', 'Quarterly finance');
}

/** Rebuild the Quarterly tab → {quarters, rows, totalsByAgencyByQuarter, adjustments, message, …} */
export function rebuildQuarterly() {
  return toast(rebuildQuarterlyUseCase(interactiveDeps()));
}

/** {quarter: '2026-27 Q1'} → {quarter, frozenRows, frozenAt, message, …} */
export function freezeQuarter(args: unknown) {
  return toast(freezeQuarterUseCase(interactiveDeps(), args));
}

/** {quarter?} → {fileName, csv, rows} */
export function exportQuarterlyCsv(args?: unknown) {
  return exportQuarterlyCsvUseCase(interactiveDeps(), args ?? {});
}
