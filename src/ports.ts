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

/**
 * One block of a Docs template as data (sheets-template/doc-templates.json):
 * a paragraph (with a Docs heading style), a bulleted list, or a table whose
 * first row and/or first column are bold. Text may hold {{placeholders}}.
 */
export type DocBlock =
  | {
      type: 'paragraph';
      text: string;
      /** A DocumentApp.ParagraphHeading name; NORMAL when absent. */
      style?:
        'NORMAL' | 'TITLE' | 'SUBTITLE' | 'HEADING1' | 'HEADING2' | 'HEADING3';
      align?: 'LEFT' | 'CENTER' | 'RIGHT';
      bold?: boolean;
    }
  | {type: 'list'; items: string[]}
  | {
      type: 'table';
      rows: string[][];
      boldFirstRow?: boolean;
      boldFirstColumn?: boolean;
    };

/** A real Docs table that replaces a {{tableName}} paragraph. */
export interface DocTable {
  rows: string[][];
  /** Rows (0-based) written in bold: the header row, totals. */
  boldRows: number[];
}

/** What fills the placeholders of the composed document (P3). */
export interface DocValues {
  /** {{name}} → display text, inserted literally (never as a pattern). */
  text: Record<string, string>;
  /** {{name}} standing alone in a paragraph → a real table. */
  tables: Record<string, DocTable>;
}

/** One part of a composed document: a template, or its data when it cannot be opened. */
export interface DocPart {
  templateId: string;
  fallback: DocBlock[];
}

export interface ComposedDoc {
  docId: string;
  /** Indexes of the parts whose template could not be opened (deleted, or not shared with the caller): their data was used. */
  missing: number[];
  /** Placeholders the templates hold that no value fills (left as typed). */
  unknownPlaceholders: string[];
}

/** Google Docs: templates, composition and PDF export (P3). */
export interface Documents {
  /** A new Google Doc built from blocks, in a folder (My Drive when null); returns its id. */
  create(name: string, folderId: string | null, blocks: DocBlock[]): string;
  /**
   * A new document holding the parts in order (each from a new page), its
   * placeholders filled; saved, so an export sees the edits.
   */
  compose(name: string, parts: DocPart[], values: DocValues): ComposedDoc;
  /** Render a saved document as ONE PDF file in a folder. */
  exportPdf(
    docId: string,
    name: string,
    folderId: string,
  ): {fileId: string; url: string};
}

/** What the caller's Drive shows of a file through the add-on (drive.file). */
export interface DriveFileInfo {
  id: string;
  name: string;
  trashed: boolean;
  url: string;
  /** The folders holding it (those the caller can see). */
  parents?: string[];
}

/**
 * The advanced Drive service (v3) under the drive.file scope: the add-on
 * sees only files it created for the person calling (S2).
 */
export interface DriveFiles {
  /** A folder in a parent folder (My Drive when null); returns its id. */
  createFolder(name: string, parentId: string | null): string;
  /** The file as the caller sees it, or null when it is not visible to them (deleted, or created by someone else). */
  find(fileId: string): DriveFileInfo | null;
  rename(fileId: string, name: string): void;
  /**
   * S2: share with named people only — permission type 'user', always;
   * there is no way to ask this port for 'anyone' or 'domain'. The
   * notification email, if any, carries only `message` (S1).
   */
  shareWith(
    fileId: string,
    emails: string[],
    role: 'reader' | 'writer',
    message: string | null,
  ): void;
  /** Remove every permission but the owner's; returns the emails removed. */
  unshare(fileId: string): string[];
  /** Delete a file for good (not to Trash). */
  remove(fileId: string): void;
  /**
   * Move a file or folder into `parentId`, out of every other folder, in one
   * request: it is never in no folder (S7 archive).
   */
  moveTo(fileId: string, parentId: string): void;
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
