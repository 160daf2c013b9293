/**
 * The interfaces the use cases need from the outside world. The Apps Script
 * adapters in src/gas/ implement them; nothing in src/app/ or src/domain/
 * knows which service is behind them.
 */
import {Row} from './domain/records';

/** A tab as read: its header row and its data rows in domain units. */
export interface Table {
  tab: string;
  /** Header cells as they are in the sheet (a person may have added some). */
  header: string[];
  rows: Row[];
  /** The sheet row number (1-based) of each entry of `rows`. */
  rowNumbers: number[];
}

export interface Snapshot {
  tables: Record<string, Table>;
}

export interface AuditEntry {
  user: string;
  action: string;
  recordId: string;
  /** Never identifiable data: IDs, codes, counts, dates (S1). */
  summary: string;
}

/**
 * All the writes of one use case, computed before the first is made and
 * committed in one call (S6: all-or-nothing).
 */
export interface WritePlan {
  /** Set some columns of existing rows (row numbers from the snapshot). */
  updates: Array<{tab: string; rowNumber: number; values: Row}>;
  /** Remove rows (row numbers from the snapshot). */
  deletes: Array<{tab: string; rowNumbers: number[]}>;
  /** Add rows after the last row of a tab. */
  appends: Array<{tab: string; rows: Row[]}>;
  audit: AuditEntry[];
}

export function emptyPlan(): WritePlan {
  return {updates: [], deletes: [], appends: [], audit: []};
}

export interface Tracker {
  readonly id: string;
  readonly url: string;
  /** The spreadsheet's link to a tab (and row). */
  linkTo(tab: string, rowNumber?: number): string;
  /** Read tabs in one batch. A tab that is missing is reported, not guessed. */
  read(tabs: string[]): Snapshot;
  /** Commit a plan in one batch; the audit entries are appended to Audit. */
  commit(plan: WritePlan, nowIso: string): void;
}

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** Mutual exclusion for writes to the tracker (S6). */
export interface WriteLock {
  /** Run `fn` holding the lock; throws a clear error if it cannot be had. */
  run<T>(fn: () => T): T;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface Mailer {
  remainingQuota(): number;
  send(mail: Mail): void;
}

export interface TriggerInfo {
  uid: string;
  handler: string;
  owner: string;
}

export interface Triggers {
  /** This user's triggers for this tracker. */
  list(): TriggerInfo[];
  installDaily(handler: string, hour: number): TriggerInfo;
  remove(uid: string): void;
}

export interface Ui {
  showSidebar(file: string, title: string): void;
  showDialog(file: string, title: string, width: number, height: number): void;
  alert(title: string, message: string): void;
  toast(message: string): void;
}

/** A Google Docs document being filled and composed (P3). */
export interface DocBody {
  /** Replace every {{name}} placeholder with its value, literally. */
  fill(values: Record<string, string>): void;
  /** Replace a {{tableName}} paragraph with a real table. */
  fillTable(placeholder: string, rows: string[][]): void;
}

export interface Documents {
  /** Copy a template document and return the copy's id. */
  copyTemplate(templateId: string, name: string, folderId: string): string;
  edit(docId: string, fn: (body: DocBody) => void): void;
  /** Append the body of each source document, in order, to a new document. */
  compose(name: string, folderId: string, sourceIds: string[]): string;
  /** Export a document as PDF into a folder; returns the file id. */
  exportPdf(
    docId: string,
    name: string,
    folderId: string,
  ): {fileId: string; url: string};
  createTemplate(
    name: string,
    folderId: string,
    paragraphs: Array<{text: string; heading?: string}>,
  ): string;
}

export interface DriveFiles {
  createFolder(name: string, parentId?: string): string;
  findFolder(name: string, parentId?: string): string | null;
  rename(fileId: string, name: string): void;
  /** Share with named people only (S2): type 'user'. */
  shareWith(fileId: string, emails: string[]): void;
  sharedWith(fileId: string): string[];
  exists(fileId: string): boolean;
  trash(fileId: string): void;
  createFile(
    name: string,
    mimeType: string,
    content: string,
    folderId: string,
  ): string;
}

/** The spreadsheet's tabs and their shape, and structural changes (setup). */
export interface Structure {
  describe(): import('./app/setup-requests').SheetShape[];
  /** Apply Sheets API requests in one atomic batch. */
  apply(requests: Array<Record<string, unknown>>): void;
}

/** Per-document settings of the add-on (template version). */
export interface DocumentProperties {
  get(key: string): string | null;
  set(key: string, value: string): void;
}
