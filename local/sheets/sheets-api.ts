/**
 * The Advanced Sheets service (`Sheets`, Sheets API v4) over the stored
 * spreadsheets.
 * https://developers.google.com/sheets/api/reference/rest
 *
 * Errors surface as Apps Script surfaces advanced-service errors: an
 * exception named GoogleJsonResponseException whose message reads
 * "API call to sheets.spreadsheets.values.batchGet failed with error: …"
 * (e.g. "GoogleJsonResponseException: API call to sheets.spreadsheets.batchUpdate
 * failed with error: Quota exceeded…", quoted in public Apps Script guides,
 * and the same form for drive.files.export in tanaikech/gas-fakes oddities.md).
 * The API's own texts are reproduced: "Unable to parse range: Foo!A1",
 * "Requested entity was not found.", "Range (Sheet1!A1001) exceeds grid
 * limits. Max rows: 1000, max columns: 26", "Invalid requests[0].addSheet: A
 * sheet with the name \"X\" already exists. Please enter another name.",
 * "No grid with id: 7", "GridCoordinate.rowIndex[1000] is after last row in
 * grid[999]" (all seen verbatim in public client code handling them).
 *
 * Calls are counted as ctx.calls.record('Sheets', 'Spreadsheets.Values.batchGet',
 * cells) etc., units being cells read or written.
 */
import {ExecutionContext, gasError} from '../core';
import {rangeToA1} from './a1';
import {SpreadsheetNotFound, mutateWorkbook, readWorkbook} from './store';
import {WorkbookData, insertDimension, lastRowInColumns} from './workbook';
import type {S, ValueRange} from './sheets-types';
import {
  ApiFailure,
  failApi,
  ReadOptions,
  WriteOptions,
  resolveRange,
  readValueRange,
  inputMode,
  toRows,
  writeBlock,
  quotedRange,
  writeBound,
} from './sheets-values';
import {sheetProperties, applyRequest, requestUnits} from './sheets-requests';
import type {SheetsApi} from './sheets-types';
export type {SheetsApi, SheetsValuesApi} from './sheets-types';

export function createSheetsService(ctx: ExecutionContext): SheetsApi {
  const api = (method: string, e: unknown): unknown => {
    if (e instanceof SpreadsheetNotFound) {
      return gasError(
        ctx,
        `API call to sheets.spreadsheets.${method} failed with error: Requested entity was not found.`,
        'GoogleJsonResponseException',
      );
    }
    if (e instanceof ApiFailure) {
      return gasError(
        ctx,
        `API call to sheets.spreadsheets.${method} failed with error: ${e.message}`,
        'GoogleJsonResponseException',
      );
    }
    return e;
  };

  /** Run a call: count it (units known only after), translate errors. */
  const call = <T>(
    method: string,
    countAs: string,
    run: () => {result: T; units: number},
  ): T => {
    let units = 0;
    try {
      const out = run();
      units = out.units;
      return out.result;
    } catch (e) {
      throw api(method, e);
    } finally {
      ctx.calls.record('Sheets', countAs, units);
    }
  };

  const read = (id: string) => readWorkbook(ctx.workspace, String(id));
  const write = <T>(id: string, change: (wb: WorkbookData) => T): T =>
    mutateWorkbook(ctx.workspace, String(id), change);

  const batchGet = (spreadsheetId: string, optionalArgs?: object) =>
    call('values.batchGet', 'Spreadsheets.Values.batchGet', () => {
      const o = (optionalArgs ?? {}) as ReadOptions & {
        ranges?: string | string[];
      };
      const ranges =
        o.ranges === undefined ? [] : ([] as string[]).concat(o.ranges);
      const wb = read(spreadsheetId);
      let units = 0;
      const valueRanges = ranges.map(range => {
        const {vr, cells} = readValueRange(wb, range, o);
        units += cells;
        return vr;
      });
      return {result: {spreadsheetId: wb.id, valueRanges}, units};
    });

  const get = (spreadsheetId: string, range: string, optionalArgs?: object) =>
    call('values.get', 'Spreadsheets.Values.get', () => {
      const wb = read(spreadsheetId);
      const {vr, cells} = readValueRange(
        wb,
        range,
        (optionalArgs ?? {}) as ReadOptions,
      );
      return {result: vr, units: cells};
    });

  /** https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/update */
  const update = (
    resource: ValueRange,
    spreadsheetId: string,
    range: string,
    optionalArgs?: object,
  ) =>
    call('values.update', 'Spreadsheets.Values.update', () => {
      const mode = inputMode(optionalArgs as WriteOptions);
      const rows = toRows(resource ?? {});
      const result = write(spreadsheetId, wb => {
        const t = resolveRange(wb, range);
        const bound = writeBound(t);
        return writeBlock(
          wb,
          ctx.effectiveUser,
          t.sheet,
          {r: t.rect.r0, c: t.rect.c0},
          bound,
          quotedRange(t),
          rows,
          mode,
        );
      });
      return {result, units: result.updatedCells ?? 0};
    });

  /** https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/batchUpdate */
  const valuesBatchUpdate = (
    resource: GoogleAppsScript.Sheets.Schema.BatchUpdateValuesRequest,
    spreadsheetId: string,
  ) =>
    call('values.batchUpdate', 'Spreadsheets.Values.batchUpdate', () => {
      const mode = inputMode(resource);
      const data = resource?.data ?? [];
      const result = write(spreadsheetId, wb => {
        const responses = data.map((vr, i) => {
          try {
            const t = resolveRange(wb, vr.range);
            return writeBlock(
              wb,
              ctx.effectiveUser,
              t.sheet,
              {r: t.rect.r0, c: t.rect.c0},
              writeBound(t),
              quotedRange(t),
              toRows(vr),
              mode,
            );
          } catch (e) {
            if (e instanceof ApiFailure)
              failApi(`Invalid data[${i}]: ${e.message}`);
            throw e;
          }
        });
        const sheets = new Set(
          responses.map(r => r.updatedRange?.split('!')[0]).filter(Boolean),
        );
        return {
          spreadsheetId: wb.id,
          totalUpdatedRows: sum(responses.map(r => r.updatedRows)),
          totalUpdatedColumns: sum(responses.map(r => r.updatedColumns)),
          totalUpdatedCells: sum(responses.map(r => r.updatedCells)),
          totalUpdatedSheets: sheets.size,
          responses,
        };
      });
      return {result, units: result.totalUpdatedCells};
    });

  /**
   * "The input range is used to search for existing data and find a
   * 'table' within that range. Values will be appended to the next row of
   * the table, starting with the first column of the table." The table's
   * last row is the last row with data in the range's columns; the grid
   * grows to fit.
   * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.values/append
   */
  const append = (
    resource: ValueRange,
    spreadsheetId: string,
    range: string,
    optionalArgs?: object,
  ) =>
    call('values.append', 'Spreadsheets.Values.append', () => {
      const o = (optionalArgs ?? {}) as WriteOptions;
      const mode = inputMode(o);
      const rows = toRows(resource ?? {});
      const result = write(spreadsheetId, wb => {
        const t = resolveRange(wb, range);
        const s = t.sheet;
        const {c0} = t.rect;
        const c1 = Math.min(t.rect.c1, s.maxColumns);
        const tableEnd = Math.max(t.rect.r0, lastRowInColumns(s, c0, c1));
        const width = Math.max(0, ...rows.map(r => r.length));
        if (o.insertDataOption === 'INSERT_ROWS' && tableEnd < s.maxRows) {
          insertDimension(wb, s, 'row', tableEnd, rows.length, 'before');
        }
        const needRows = tableEnd + rows.length - s.maxRows;
        if (needRows > 0)
          insertDimension(wb, s, 'row', s.maxRows, needRows, 'before');
        const needCols = c0 + width - s.maxColumns;
        if (needCols > 0)
          insertDimension(wb, s, 'col', s.maxColumns, needCols, 'before');
        const updates = writeBlock(
          wb,
          ctx.effectiveUser,
          s,
          {r: tableEnd, c: c0},
          {r0: 0, c0: 0, r1: s.maxRows, c1: s.maxColumns},
          quotedRange(t),
          rows,
          mode,
        );
        const response: GoogleAppsScript.Sheets.Schema.AppendValuesResponse = {
          spreadsheetId: wb.id,
          updates,
        };
        if (tableEnd > t.rect.r0) {
          response.tableRange = rangeToA1(s.name, {
            r0: t.rect.r0,
            c0,
            r1: tableEnd,
            c1: Math.max(c0 + 1, Math.min(c1, c0 + Math.max(width, 1))),
          });
        }
        return response;
      });
      return {result, units: result.updates?.updatedCells ?? 0};
    });

  /**
   * "Applies one or more updates to the spreadsheet. Each request is
   * validated before being applied. If any request is not valid then the
   * entire request will fail and nothing will be applied."
   * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/batchUpdate
   */
  const batchUpdate = (
    resource: GoogleAppsScript.Sheets.Schema.BatchUpdateSpreadsheetRequest,
    spreadsheetId: string,
  ) =>
    call('batchUpdate', 'Spreadsheets.batchUpdate', () => {
      const requests = resource?.requests ?? [];
      const result = write(spreadsheetId, wb => {
        const replies = requests.map((req, i) =>
          applyRequest(wb, ctx.effectiveUser, req, i),
        );
        const out: GoogleAppsScript.Sheets.Schema.BatchUpdateSpreadsheetResponse =
          {
            spreadsheetId: wb.id,
            replies,
          };
        if (resource.includeSpreadsheetInResponse) {
          out.updatedSpreadsheet = spreadsheetResource(wb, []);
        }
        return out;
      });
      killAfterBatchUpdates();
      return {result, units: requestUnits(requests)};
    });

  /** https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/get */
  const getSpreadsheet = (spreadsheetId: string, optionalArgs?: object) =>
    call('get', 'Spreadsheets.get', () => {
      const o = (optionalArgs ?? {}) as {ranges?: string | string[]};
      const wb = read(spreadsheetId);
      const ranges =
        o.ranges === undefined ? [] : ([] as string[]).concat(o.ranges);
      return {result: spreadsheetResource(wb, ranges), units: 0};
    });

  return {
    Spreadsheets: {
      get: getSpreadsheet,
      batchUpdate,
      Values: {
        get,
        batchGet,
        update,
        batchUpdate: valuesBatchUpdate,
        append,
      },
    },
  };
}

function sum(xs: Array<number | undefined>): number {
  return xs.reduce<number>((n, x) => n + (x ?? 0), 0);
}

/**
 * The Spreadsheet resource without grid data: properties, sheets (limited to
 * the sheets `ranges` name, if any), named ranges and protected ranges.
 */
function spreadsheetResource(wb: WorkbookData, ranges: string[]): S {
  const wanted = ranges.length
    ? new Set(ranges.map(r => resolveRange(wb, r).sheet.sheetId))
    : null;
  const sheets = wb.sheets
    .filter(s => !wanted || wanted.has(s.sheetId))
    .map(s => {
      const protectedRanges = wb.protections
        .filter(p => p.sheetId === s.sheetId)
        .map(p => ({
          protectedRangeId: p.id,
          range: {
            sheetId: s.sheetId,
            ...(p.range
              ? {
                  startRowIndex: p.range.r0,
                  endRowIndex: p.range.r1,
                  startColumnIndex: p.range.c0,
                  endColumnIndex: p.range.c1,
                }
              : {}),
          },
          description: p.description,
          warningOnly: p.warningOnly,
          editors: {
            users: [wb.owner, ...p.editors],
            domainUsersCanEdit: p.domainEdit,
          },
        }));
      return {
        properties: sheetProperties(wb, s),
        ...(protectedRanges.length ? {protectedRanges} : {}),
      };
    });
  const result: S = {
    spreadsheetId: wb.id,
    properties: {
      title: wb.name,
      locale: wb.locale,
      timeZone: wb.timeZone,
      autoRecalc: 'ON_CHANGE',
    },
    sheets,
    spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${wb.id}/edit`,
  };
  if (wb.namedRanges.length) {
    result.namedRanges = wb.namedRanges.map(n => ({
      name: n.name,
      namedRangeId: n.name,
      range: {
        sheetId: n.sheetId,
        startRowIndex: n.r0,
        endRowIndex: n.r1,
        startColumnIndex: n.c0,
        endColumnIndex: n.c1,
      },
    }));
  }
  return result;
}

let batchUpdatesThisProcess = 0;

/**
 * Crash tests only (not a Sheets behaviour): with
 * PANEL_TRACKER_KILL_AFTER_BATCHUPDATES=n in the environment, the process is
 * killed (SIGKILL) right after its n-th spreadsheets.batchUpdate is written.
 */
function killAfterBatchUpdates(): void {
  batchUpdatesThisProcess++;
  const limit = Number(process.env.PANEL_TRACKER_KILL_AFTER_BATCHUPDATES ?? 0);
  if (limit > 0 && batchUpdatesThisProcess >= limit)
    process.kill(process.pid, 'SIGKILL');
}
