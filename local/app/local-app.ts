/**
 * The model behind `npm start`: one tracker in a local workspace, a clock
 * and a signed-in person (kept in the workspace state, so a restart keeps
 * them), and what the page shows — the tabs as Sheets displays them, the
 * add-on menu onOpen builds, the outbox, Drive and the triggers.
 *
 * Everything here is synchronous, like the executions it drives; the server
 * runs one request at a time.
 */
import fs from 'node:fs';
import path from 'node:path';
import {formatAt, parseAt} from '../clock';
import {UiEvent} from '../core';
import {listDriveFiles, readDriveFile} from '../docs/drive-store';
import {DOCUMENT_MIME_TYPE, parseDocumentJson} from '../docs/document-model';
import {renderDocumentPdf} from '../docs/pdf';
import {readSentMail, readTriggers} from '../services';
import {readWorkbook} from '../sheets';
import {columnLetters} from '../sheets/a1';
import {
  SheetData,
  displayValue,
  getCell,
  lastColumn,
  lastRow,
} from '../sheets/workbook';
import {TrackerSession} from '../tracker-session';
import {AppOutcome, runInteractive} from './run';

export interface AppStateRecord {
  /** The workspace clock, epoch ms. */
  clock: number;
  /** Who the page acts as. */
  signedInAs: string;
}

export interface Member {
  email: string;
  name: string;
  role: string;
  agency: string;
  active: boolean;
}

/** A grid cell: the display string and how Sheets would show it. */
export interface GridCell {
  /** Display value (getDisplayValues). */
  v: string;
  /** 'n' number or date (right-aligned), 'c' checkbox, 'b' boolean, '' text. */
  k: '' | 'n' | 'c' | 'b';
}

export interface TabGrid {
  name: string;
  hidden: boolean;
  frozenRows: number;
  columns: Array<{letter: string; width: number}>;
  /** Rows from row 1 (the header), trimmed to the last filled row. */
  rows: GridCell[][];
  totalRows: number;
  truncated: boolean;
}

export interface FiredRun {
  call: string;
  at: string;
  ok: boolean;
  errors: AppOutcome['errors'];
  exception?: AppOutcome['exception'];
}

const MAX_GRID_ROWS = 2000;
const STATE_KEY = 'localApp';

export class LocalApp {
  constructor(readonly session: TrackerSession) {}

  get workspace() {
    return this.session.workspace;
  }

  // -------------------------------------------------------------------------
  // Clock and signed-in person
  // -------------------------------------------------------------------------

  appState(): AppStateRecord {
    const saved = this.workspace.readState()[STATE_KEY] as
      Partial<AppStateRecord> | undefined;
    return {
      clock:
        typeof saved?.clock === 'number' ? saved.clock : roundedNow(Date.now()),
      signedInAs: saved?.signedInAs || this.ownerEmail(),
    };
  }

  private saveAppState(patch: Partial<AppStateRecord>): AppStateRecord {
    const next = {...this.appState(), ...patch};
    this.workspace.updateState(s => ({...s, [STATE_KEY]: next}));
    return next;
  }

  /** Persist the defaults (first start). */
  initAppState(initial?: Partial<AppStateRecord>): AppStateRecord {
    return this.saveAppState(initial ?? {});
  }

  signIn(email: string): AppStateRecord {
    const clean = String(email ?? '')
      .trim()
      .toLowerCase();
    if (!/^[^\s@]+@[^\s@]+$/.test(clean)) {
      throw new RequestError(400, `Not an email address: ${email}`);
    }
    return this.saveAppState({signedInAs: clean});
  }

  /**
   * Move the clock. Going forward fires the installed time-driven triggers
   * due in between, as Apps Script would, unless `fire` is false.
   */
  setClock(
    target: number,
    fire = true,
  ): {state: AppStateRecord; fired: FiredRun[]} {
    if (!Number.isFinite(target)) throw new RequestError(400, 'Bad time');
    const from = this.appState().clock;
    const fired: FiredRun[] = [];
    if (fire && target > from) {
      for (const run of this.session.fireTriggers(from, target)) {
        fired.push({
          call: run.call,
          at: formatAt(run.at),
          ok: run.ok,
          errors: run.errors,
          ...(run.exception
            ? {
                exception: {
                  name: run.exception.name,
                  message: run.exception.message,
                },
              }
            : {}),
        });
      }
    }
    return {state: this.saveAppState({clock: roundedNow(target)}), fired};
  }

  parseClock(at: string): number {
    try {
      return parseAt(at);
    } catch (e) {
      throw new RequestError(400, (e as Error).message);
    }
  }

  // -------------------------------------------------------------------------
  // Executions
  // -------------------------------------------------------------------------

  /** The bundle's entry points a sidebar may call (names not ending in _). */
  functionNames(): string[] {
    const code = fs.readFileSync(this.session.bundlePath, 'utf8');
    const names = [...code.matchAll(/^function ([A-Za-z_$][\w$]*)\(/gm)].map(
      m => m[1],
    );
    return [...new Set(names)].filter(n => !n.endsWith('_')).sort();
  }

  run(
    fn: string,
    args: unknown[],
    options: {as?: string; at?: number} = {},
  ): AppOutcome {
    if (typeof fn !== 'string' || !/^[A-Za-z_$][\w$]*$/.test(fn)) {
      throw new RequestError(400, 'fn must be a function name');
    }
    if (fn.endsWith('_')) {
      throw new RequestError(
        400,
        `${fn} is private to Apps Script (its name ends in _)`,
      );
    }
    if (!Array.isArray(args))
      throw new RequestError(400, 'args must be a list');
    const state = this.appState();
    return runInteractive(this.session, fn, args, {
      as: options.as || state.signedInAs,
      at: options.at ?? state.clock,
    });
  }

  /** The add-on menu, as onOpen builds it for the signed-in person. */
  menu(): {menu: Extract<UiEvent, {kind: 'menu'}> | null; outcome: AppOutcome} {
    const outcome = this.run('onOpen', [{authMode: 'LIMITED'}]);
    const menu = outcome.ui.find(
      (e): e is Extract<UiEvent, {kind: 'menu'}> => e.kind === 'menu',
    );
    return {menu: menu ?? null, outcome};
  }

  // -------------------------------------------------------------------------
  // What the page shows
  // -------------------------------------------------------------------------

  private workbook() {
    return readWorkbook(this.workspace, this.session.spreadsheetId);
  }

  trackerName(): string {
    return this.workbook().name;
  }

  ownerEmail(): string {
    return this.workbook().owner;
  }

  tabs(): Array<{name: string; hidden: boolean; rows: number}> {
    return this.workbook().sheets.map(s => ({
      name: s.name,
      hidden: s.hidden,
      rows: Math.max(0, lastRow(s) - 1),
    }));
  }

  members(): Member[] {
    const sheet = this.workbook().sheets.find(s => s.name === 'Members');
    if (!sheet) return [];
    const header = rowValues(sheet, 0).map(v => String(v ?? ''));
    const col = (key: string) => header.indexOf(key);
    const out: Member[] = [];
    for (let r = 1; r < lastRow(sheet); r++) {
      const row = rowValues(sheet, r);
      const email = String(row[col('email')] ?? '').trim();
      if (!email) continue;
      out.push({
        email: email.toLowerCase(),
        name: String(row[col('name')] ?? ''),
        role: String(row[col('role')] ?? ''),
        agency: String(row[col('agency')] ?? ''),
        active: row[col('active')] !== false,
      });
    }
    return out;
  }

  tab(name: string): TabGrid {
    const sheet = this.workbook().sheets.find(s => s.name === name);
    if (!sheet) throw new RequestError(404, `No tab named ${name}`);
    const filled = lastRow(sheet);
    const width = Math.max(lastColumn(sheet), 1);
    const shown = Math.min(filled, MAX_GRID_ROWS);
    const rows: GridCell[][] = [];
    for (let r = 0; r < shown; r++) {
      const row: GridCell[] = [];
      for (let c = 0; c < width; c++) row.push(gridCell(sheet, r, c));
      rows.push(row);
    }
    return {
      name: sheet.name,
      hidden: sheet.hidden,
      frozenRows: sheet.frozenRows,
      columns: Array.from({length: width}, (_, c) => ({
        letter: columnLetters(c),
        width: sheet.columnWidths[c] ?? 100,
      })),
      rows,
      totalRows: filled,
      truncated: filled > shown,
    };
  }

  outbox() {
    return readSentMail(this.workspace).map((m, i) => ({
      index: i,
      sentAt: formatAt(Date.parse(m.sentAt)),
      from: m.from,
      to: m.to,
      cc: m.cc,
      subject: m.subject,
      body: m.body,
      hasHtml: m.htmlBody !== null,
      attachments: m.attachments,
      eml: `/mail/${m.file.split('/').map(encodeURIComponent).join('/')}`,
    }));
  }

  /** The .eml of a sent mail, by its path below <workspace>/mail. */
  emlFile(relative: string): string {
    const base = path.resolve(this.workspace.dir, 'mail');
    const file = path.resolve(base, relative);
    const known = readSentMail(this.workspace).some(
      m => path.resolve(base, m.file) === file,
    );
    if (!known || !file.startsWith(base + path.sep) || !fs.existsSync(file)) {
      throw new RequestError(404, 'No such mail');
    }
    return file;
  }

  drive() {
    return listDriveFiles(this.workspace)
      .filter(f => !f.trashed)
      .map(f => ({
        id: f.id,
        path: f.path,
        mimeType: f.mimeType,
        type: kindOf(f.mimeType),
        owners: f.owners,
        sharedWith: f.sharedWith,
        pages: f.pages ?? null,
        openable: f.mimeType !== 'application/vnd.google-apps.folder',
      }));
  }

  /** A Drive file's bytes; a Google Doc is rendered to PDF. */
  driveFile(id: string): {bytes: Uint8Array; mimeType: string; name: string} {
    let file;
    try {
      file = readDriveFile(this.workspace, id);
    } catch {
      throw new RequestError(404, 'No such file');
    }
    const {record, bytes} = file;
    if (record.trashed || !bytes) throw new RequestError(404, 'No content');
    if (record.mimeType === DOCUMENT_MIME_TYPE) {
      const doc = parseDocumentJson(Buffer.from(bytes).toString('utf8'));
      const pdf = renderDocumentPdf(doc, {title: record.name});
      return {
        bytes: pdf.bytes,
        mimeType: 'application/pdf',
        name: `${record.name}.pdf`,
      };
    }
    return {bytes, mimeType: record.mimeType, name: record.name};
  }

  triggers() {
    return readTriggers(this.workspace).map(t => ({
      uid: t.uid,
      handler: t.handler,
      owner: t.owner,
      type: String(t.type),
      schedule: t.schedule,
      createdAt: formatAt(Date.parse(t.createdAt)),
      lastFiredAt: t.lastFiredAt ? formatAt(Date.parse(t.lastFiredAt)) : null,
    }));
  }

  state() {
    const s = this.appState();
    const tabs = this.tabs();
    return {
      trackerName: this.trackerName(),
      spreadsheetId: this.session.spreadsheetId,
      workspace: this.workspace.dir,
      clock: s.clock,
      clockText: formatAt(s.clock),
      signedInAs: s.signedInAs,
      members: this.members(),
      tabs,
      triggers: readTriggers(this.workspace).length,
      mail: readSentMail(this.workspace).length,
      driveFiles: listDriveFiles(this.workspace).filter(f => !f.trashed).length,
    };
  }
}

/** An error the server answers with a status code and the message. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function roundedNow(ms: number): number {
  return Math.floor(ms / 60_000) * 60_000;
}

function rowValues(sheet: SheetData, r: number): unknown[] {
  const width = lastColumn(sheet);
  return Array.from({length: width}, (_, c) => getCell(sheet.values, r, c));
}

function gridCell(sheet: SheetData, r: number, c: number): GridCell {
  const value = getCell(sheet.values, r, c);
  const rule = getCell(sheet.validations, r, c);
  const isCheckbox =
    rule !== null && sheet.rules[rule]?.criteria === 'CHECKBOX';
  if (isCheckbox && (typeof value === 'boolean' || value === null)) {
    return {v: value === true ? 'TRUE' : 'FALSE', k: 'c'};
  }
  const v = displayValue(sheet, r, c);
  if (typeof value === 'number') return {v, k: 'n'};
  if (typeof value === 'boolean') return {v, k: 'b'};
  return {v, k: ''};
}

function kindOf(mimeType: string): string {
  switch (mimeType) {
    case 'application/pdf':
      return 'PDF';
    case 'application/vnd.google-apps.folder':
      return 'Folder';
    case DOCUMENT_MIME_TYPE:
      return 'Google Doc';
    case 'application/vnd.google-apps.spreadsheet':
      return 'Google Sheet';
    default:
      return mimeType;
  }
}
