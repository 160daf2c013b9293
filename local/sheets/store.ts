/**
 * Spreadsheets on disk: `<workspace>/spreadsheets/<id>.json`, live and shared
 * between processes.
 *
 * - Every read first stats the file (inode, size, mtime); if it changed since
 *   this process last parsed it, it is parsed again. Writes go through
 *   writeJsonAtomic (temporary file + fsync + rename), so each write gives
 *   the file a new inode and a reader never sees half a file.
 * - Every change runs inside withFileMutex(`<file>.mutex`): reload, apply,
 *   write. Two processes appending at once both land; a change that throws
 *   writes nothing (the parsed copy it dirtied is dropped), which is what
 *   makes a Sheets batchUpdate all-or-nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  Workspace,
  newId,
  readJson,
  withFileMutex,
  writeJsonAtomic,
} from '../core';
import {NewWorkbookOptions, WorkbookData, newWorkbook} from './workbook';

interface CacheEntry {
  stamp: string;
  data: WorkbookData;
}

/** Parsed workbooks of this process, by file path. */
const cache = new Map<string, CacheEntry>();

/** Raised when no spreadsheet has the id; the facades translate it. */
export class SpreadsheetNotFound extends Error {
  constructor(readonly spreadsheetId: string) {
    super(`local workspace: no spreadsheet ${spreadsheetId}`);
  }
}

export function spreadsheetFile(workspace: Workspace, id: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new SpreadsheetNotFound(id);
  return workspace.path('spreadsheets', `${id}.json`);
}

function stampOf(file: string): string | null {
  try {
    const st = fs.statSync(file);
    return `${st.ino}:${st.size}:${st.mtimeMs}`;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function load(file: string, id: string): WorkbookData {
  const stamp = stampOf(file);
  if (stamp === null) {
    cache.delete(file);
    throw new SpreadsheetNotFound(id);
  }
  const hit = cache.get(file);
  if (hit && hit.stamp === stamp) return hit.data;
  const data = readJson<WorkbookData | null>(file, null);
  if (!data) throw new SpreadsheetNotFound(id);
  // Keep the stamp taken before reading: if a writer renamed a new file in
  // between, we parsed the new bytes under the old stamp, and the next call
  // merely parses again. (A stamp taken after reading could label old bytes
  // with the new file's stamp and keep them forever.)
  cache.set(file, {stamp, data});
  return data;
}

/**
 * The current state of a spreadsheet, for reading. Callers must not modify
 * it: it is this process's shared parsed copy.
 */
export function readWorkbook(workspace: Workspace, id: string): WorkbookData {
  return load(spreadsheetFile(workspace, id), id);
}

export function spreadsheetExists(workspace: Workspace, id: string): boolean {
  try {
    return stampOf(spreadsheetFile(workspace, id)) !== null;
  } catch {
    return false;
  }
}

/**
 * Change a spreadsheet under its file mutex: reload, apply `change`, write.
 * If `change` throws, nothing is written and the error propagates.
 */
export function mutateWorkbook<T>(
  workspace: Workspace,
  id: string,
  change: (wb: WorkbookData) => T,
): T {
  const file = spreadsheetFile(workspace, id);
  return withFileMutex(`${file}.mutex`, () => {
    const wb = load(file, id);
    let result: T;
    try {
      result = change(wb);
    } catch (e) {
      cache.delete(file); // the parsed copy may be half-changed
      throw e;
    }
    wb.version += 1;
    try {
      writeJsonAtomic(file, wb);
    } catch (e) {
      cache.delete(file);
      throw e;
    }
    cache.set(file, {stamp: stampOf(file)!, data: wb});
    return result;
  });
}

export interface CreateSpreadsheetOptions extends Partial<
  Omit<NewWorkbookOptions, 'name'>
> {
  name: string;
  owner: string;
}

/** Create and store a new spreadsheet; returns its data. */
export function createSpreadsheet(
  workspace: Workspace,
  options: CreateSpreadsheetOptions,
): WorkbookData {
  const wb = newWorkbook({...options, id: options.id ?? newId()});
  const file = spreadsheetFile(workspace, wb.id);
  withFileMutex(`${file}.mutex`, () => {
    if (stampOf(file) !== null) {
      throw new Error(`local workspace: spreadsheet ${wb.id} already exists`);
    }
    writeJsonAtomic(file, wb);
    cache.set(file, {stamp: stampOf(file)!, data: wb});
  });
  return wb;
}

export interface SpreadsheetSummary {
  id: string;
  name: string;
  owner: string;
  sheets: string[];
}

/** Every spreadsheet in the workspace. */
export function listSpreadsheets(workspace: Workspace): SpreadsheetSummary[] {
  const dir = workspace.path('spreadsheets');
  return fs
    .readdirSync(dir)
    .filter(f => f.endsWith('.json'))
    .map(f => path.basename(f, '.json'))
    .flatMap(id => {
      try {
        const wb = readWorkbook(workspace, id);
        return [
          {
            id,
            name: wb.name,
            owner: wb.owner,
            sheets: wb.sheets.map(s => s.name),
          },
        ];
      } catch (e) {
        if (e instanceof SpreadsheetNotFound) return [];
        throw e;
      }
    })
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** Delete a spreadsheet (and its exported .xlsx). False if it did not exist. */
export function deleteSpreadsheet(workspace: Workspace, id: string): boolean {
  const file = spreadsheetFile(workspace, id);
  return withFileMutex(`${file}.mutex`, () => {
    cache.delete(file);
    fs.rmSync(workspace.path('spreadsheets', `${id}.xlsx`), {force: true});
    try {
      fs.unlinkSync(file);
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  });
}
