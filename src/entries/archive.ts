/**
 * S7 retention from the menu: list the closed cases past the retention
 * period, ask, then archive them (copy, verify, remove).
 */
import {
  archiveCases as archiveCasesUseCase,
  listArchive as listArchiveUseCase,
  Spreadsheets,
} from '../app/archive';
import {briefScriptLock} from '../gas/automation';
import {interactiveDeps} from '../gas/services';
import {SheetsStructure} from '../gas/structure';
import {SheetsTracker} from '../gas/tracker';

function spreadsheets(): Spreadsheets {
  return {
    create: name => SpreadsheetApp.create(name).getId(),
    tracker: id => new SheetsTracker(id),
    structure: id => new SheetsStructure(id),
  };
}

function archiveDeps() {
  return {
    ...interactiveDeps(),
    spreadsheets: spreadsheets(),
    briefLock: briefScriptLock(),
  };
}

export function listArchive() {
  return listArchiveUseCase(interactiveDeps());
}

export function archiveCases(args?: unknown) {
  return archiveCasesUseCase(archiveDeps(), args ?? {});
}

/** Menu: list, confirm, archive. */
export function archiveClosedCases() {
  const ui = SpreadsheetApp.getUi();
  const listed = listArchiveUseCase(interactiveDeps());
  if (!listed.ok) {
    ui.alert(
      'Archive closed cases',
      listed.errors.map(e => e.message).join('\n'),
      ui.ButtonSet.OK,
    );
    return listed;
  }
  if (!listed.value.cases.length) {
    ui.alert('Archive closed cases', listed.value.message, ui.ButtonSet.OK);
    return listed;
  }
  const list = listed.value.cases
    .map(c => `${c.caseId} (closed ${c.closedDate})`)
    .join('\n');
  const answer = ui.alert(
    'Archive closed cases',
    `${listed.value.message}\n\n${list}\n\nCopy them to the archive spreadsheet, check the copy, then remove them from this tracker?`,
    ui.ButtonSet.YES_NO,
  );
  if (answer !== ui.Button.YES) return listed;
  const done = archiveCasesUseCase(archiveDeps(), {});
  ui.alert(
    'Archive closed cases',
    done.ok ? done.value.message : done.errors.map(e => e.message).join('\n'),
    ui.ButtonSet.OK,
  );
  return done;
}
