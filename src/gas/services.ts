/**
 * The other adapters — lock, clock, caller, document properties, sidebar
 * UI — and the dependencies of an interactive call (a menu item or a
 * sidebar's google.script.run). Each touches its Apps Script service only
 * when used, so a use case pays only for the calls it makes.
 */
import {Deps} from '../app/kit';
import {DocumentProperties, Ui, WriteLock} from '../ports';
import {GasDocuments} from './documents';
import {drive} from './drive';
import {SheetsStructure} from './structure';
import {SheetsTracker} from './tracker';

/** S6: writes hold the document lock (never the script lock, shared by every council). */
export function documentLock(): WriteLock {
  return {
    run<T>(fn: () => T): T {
      const lock = LockService.getDocumentLock();
      if (!lock) {
        throw new Error(
          'Panel Tracker can only change the tracker from within the tracker spreadsheet.',
        );
      }
      try {
        lock.waitLock(30_000);
      } catch {
        throw new Error(
          'The tracker is busy saving another change. Wait a moment and try again.',
        );
      }
      try {
        return fn();
      } finally {
        lock.releaseLock();
      }
    },
  };
}

/** The caller's email, lower-case; '' when Apps Script withholds it. */
export function activeUserEmail(): string {
  return (Session.getActiveUser().getEmail() || '').trim().toLowerCase();
}

export function documentProperties(): DocumentProperties | null {
  const props = PropertiesService.getDocumentProperties();
  if (!props) return null;
  return {
    get: key => props.getProperty(key),
    set: (key, value) => {
      props.setProperty(key, value);
    },
  };
}

export function sidebarUi(): Ui {
  return {
    showSidebar(file, title) {
      const html = HtmlService.createHtmlOutputFromFile(file)
        .setTitle(title)
        .setWidth(300);
      SpreadsheetApp.getUi().showSidebar(html);
    },
    showDialog(file, title, width, height) {
      const html = HtmlService.createHtmlOutputFromFile(file)
        .setWidth(width)
        .setHeight(height);
      SpreadsheetApp.getUi().showModalDialog(html, title);
    },
    alert(title, message) {
      const ui = SpreadsheetApp.getUi();
      ui.alert(title, message, ui.ButtonSet.OK);
    },
    toast(message) {
      SpreadsheetApp.getActiveSpreadsheet()?.toast(message, 'Panel Tracker');
    },
  };
}

/** The tracker this call is about: the spreadsheet it runs in. */
export function activeSpreadsheetId(): string {
  const ss = SpreadsheetApp.getActiveSpreadsheet();
  if (!ss)
    throw new Error('Open the tracker spreadsheet to use Panel Tracker.');
  return ss.getId();
}

/** Dependencies of a call made from the tracker (menu or sidebar). */
export function interactiveDeps(): Deps {
  const id = activeSpreadsheetId();
  let props: DocumentProperties | null | undefined;
  return {
    tracker: new SheetsTracker(id),
    lock: documentLock(),
    clock: {now: () => Date.now()},
    user: activeUserEmail(),
    ui: sidebarUi(),
    structure: new SheetsStructure(id),
    documents: new GasDocuments(),
    drive: drive(),
    get documentProperties() {
      if (props === undefined) props = documentProperties();
      return props;
    },
  };
}
