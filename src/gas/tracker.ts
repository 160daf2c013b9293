/**
 * The Tracker port over the advanced Sheets service (Sheets API v4).
 *
 * Reads: one spreadsheets.values.batchGet for every tab a use case needs
 * (unformatted values, dates as serial numbers). Writes: one
 * spreadsheets.batchUpdate holding every update, deletion and appended row,
 * which the API applies atomically. Text is written as ExtendedValue
 * stringValue, which Sheets never evaluates (S3: no formula injection).
 * Rows are found by header, never by a fixed column position.
 */
import {dayNumber, fromDayNumber} from '../domain/calendar';
import {Row, Scalar} from '../domain/records';
import {ColumnType, columnTypeOf} from '../domain/template';
import {Snapshot, Table, Tracker, WritePlan} from '../ports';

/** Days from the spreadsheet epoch (30 Dec 1899) to 1 Jan 1970. */
const EPOCH_OFFSET = 25569;

type Cell = string | number | boolean | undefined;

function sheets(): GoogleAppsScript.Sheets {
  if (!Sheets)
    throw new Error(
      'The advanced Sheets service is not enabled (appsscript.json).',
    );
  return Sheets;
}

// ---------------------------------------------------------------------------
// Cell ↔ domain value
// ---------------------------------------------------------------------------

function parseUkDate(text: string): string | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (m) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  return /^\d{4}-\d{2}-\d{2}/.test(text.trim())
    ? text.trim().slice(0, 10)
    : null;
}

export function fromCell(type: ColumnType | undefined, v: Cell): Scalar {
  const empty = v === undefined || v === '';
  switch (type) {
    case 'date':
      if (empty) return null;
      return typeof v === 'number'
        ? fromDayNumber(Math.floor(v) - EPOCH_OFFSET)
        : parseUkDate(String(v));
    case 'datetime': {
      if (empty) return null;
      if (typeof v !== 'number') return String(v);
      const day = Math.floor(v);
      const minutes = Math.round((v - day) * 1440);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${fromDayNumber(day - EPOCH_OFFSET)}T${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;
    }
    case 'money':
      if (empty) return null;
      return typeof v === 'number'
        ? Math.round(v * 100)
        : Math.round(Number(String(v).replace(/[£,\s]/g, '')) * 100);
    case 'bp':
      if (empty) return null;
      return typeof v === 'number'
        ? Math.round(v * 10000)
        : Math.round(Number(String(v).replace('%', '')) * 100);
    case 'int':
      if (empty) return null;
      return Math.round(Number(v));
    case 'bool':
      return (
        v === true || (typeof v === 'string' && v.toUpperCase() === 'TRUE')
      );
    default:
      return empty ? '' : String(v);
  }
}

function numberFormat(
  type: ColumnType,
): {type: string; pattern: string} | undefined {
  switch (type) {
    case 'date':
      return {type: 'DATE', pattern: 'dd/mm/yyyy'};
    case 'datetime':
      return {type: 'DATE_TIME', pattern: 'dd/mm/yyyy hh:mm'};
    case 'money':
      return {type: 'CURRENCY', pattern: '£#,##0.00'};
    case 'bp':
      return {type: 'PERCENT', pattern: '0.00%'};
    case 'int':
      return {type: 'NUMBER', pattern: '0'};
    case 'bool':
      return undefined;
    default:
      return {type: 'TEXT', pattern: '@'};
  }
}

/** A domain value as a CellData of the Sheets API. */
export function toCell(
  type: ColumnType,
  v: Scalar,
): GoogleAppsScript.Sheets.Schema.CellData {
  const format = numberFormat(type);
  const cell: GoogleAppsScript.Sheets.Schema.CellData = format
    ? {userEnteredFormat: {numberFormat: format}}
    : {};
  if (v === null || v === undefined || v === '') return cell;
  switch (type) {
    case 'date':
      cell.userEnteredValue = {
        numberValue: dayNumber(String(v).slice(0, 10)) + EPOCH_OFFSET,
      };
      break;
    case 'datetime': {
      const s = String(v);
      const [h, m] = (s.slice(11, 16) || '00:00').split(':').map(Number);
      cell.userEnteredValue = {
        numberValue:
          dayNumber(s.slice(0, 10)) + EPOCH_OFFSET + (h * 60 + m) / 1440,
      };
      break;
    }
    case 'money':
      cell.userEnteredValue = {numberValue: Number(v) / 100};
      break;
    case 'bp':
      cell.userEnteredValue = {numberValue: Number(v) / 10000};
      break;
    case 'int':
      cell.userEnteredValue = {numberValue: Number(v)};
      break;
    case 'bool':
      cell.userEnteredValue = {boolValue: v === true};
      break;
    default:
      // S3: a string value is stored as text and never evaluated.
      cell.userEnteredValue = {stringValue: String(v)};
  }
  return cell;
}

// ---------------------------------------------------------------------------
// The adapter
// ---------------------------------------------------------------------------

const quote = (tab: string) => `'${tab.replace(/'/g, "''")}'`;

export class SheetsTracker implements Tracker {
  private headers = new Map<string, string[]>();
  private sheetIdCache: Map<string, number> | null = null;

  constructor(readonly id: string) {}

  get url(): string {
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }

  linkTo(tab: string, rowNumber?: number): string {
    const sheetId = this.sheetIds().get(tab);
    if (sheetId === undefined) return this.url;
    return `${this.url}#gid=${sheetId}${rowNumber ? `&range=A${rowNumber}` : ''}`;
  }

  read(tabs: string[]): Snapshot {
    const response = sheets().Spreadsheets!.Values!.batchGet(this.id, {
      ranges: tabs.map(quote),
      valueRenderOption: 'UNFORMATTED_VALUE',
      dateTimeRenderOption: 'SERIAL_NUMBER',
    });
    const tables: Record<string, Table> = {};
    (response.valueRanges ?? []).forEach((range, i) => {
      const tab = tabs[i];
      const values = (range.values ?? []) as Cell[][];
      const header = (values[0] ?? []).map(h => String(h ?? '').trim());
      this.headers.set(tab, header);
      const types = header.map(h => columnTypeOf(tab, h));
      const rows: Row[] = [];
      const rowNumbers: number[] = [];
      for (let r = 1; r < values.length; r++) {
        const cells = values[r] ?? [];
        if (cells.every(c => c === '' || c === undefined || c === null))
          continue;
        const row: Row = {};
        header.forEach((h, c) => {
          if (h && types[c]) row[h] = fromCell(types[c], cells[c]);
        });
        rows.push(row);
        rowNumbers.push(r + 1);
      }
      tables[tab] = {tab, header, rows, rowNumbers};
    });
    return {tables};
  }

  /** Tab name → sheetId, read once per execution. */
  private sheetIds(): Map<string, number> {
    if (!this.sheetIdCache) {
      const ss = sheets().Spreadsheets!.get(this.id, {
        fields: 'sheets.properties(sheetId,title)',
      });
      this.sheetIdCache = new Map(
        (ss.sheets ?? []).map(s => [
          String(s.properties!.title),
          Number(s.properties!.sheetId),
        ]),
      );
    }
    return this.sheetIdCache;
  }

  private headerOf(tab: string): string[] {
    if (!this.headers.has(tab)) this.read([tab]);
    return this.headers.get(tab)!;
  }

  private column(
    tab: string,
    header: string[],
    key: string,
  ): {index: number; type: ColumnType} {
    const index = header.indexOf(key);
    const type = columnTypeOf(tab, key);
    if (index < 0 || !type) {
      throw new Error(
        `The ${tab} tab has no column "${key}". An admin must run "Set up / upgrade the tracker" from the add-on menu.`,
      );
    }
    return {index, type};
  }

  commit(plan: WritePlan, nowIso: string): void {
    const requests: GoogleAppsScript.Sheets.Schema.Request[] = [];
    const ids = this.sheetIds();
    const sheetId = (tab: string) => {
      const id = ids.get(tab);
      if (id === undefined)
        throw new Error(
          `The tracker has no ${tab} tab. An admin must run "Set up / upgrade the tracker".`,
        );
      return id;
    };
    for (const u of plan.updates) {
      const header = this.headerOf(u.tab);
      for (const [key, value] of Object.entries(u.values)) {
        const {index, type} = this.column(u.tab, header, key);
        requests.push({
          updateCells: {
            start: {
              sheetId: sheetId(u.tab),
              rowIndex: u.rowNumber - 1,
              columnIndex: index,
            },
            rows: [{values: [toCell(type, value)]}],
            fields: 'userEnteredValue,userEnteredFormat.numberFormat',
          },
        });
      }
    }
    // Deletions bottom-up, in contiguous runs, so earlier row numbers stay valid.
    for (const d of plan.deletes) {
      const rows = [...new Set(d.rowNumbers)].sort((a, b) => b - a);
      let i = 0;
      while (i < rows.length) {
        const last = rows[i++];
        let first = last;
        while (i < rows.length && rows[i] === first - 1) first = rows[i++];
        requests.push({
          deleteDimension: {
            range: {
              sheetId: sheetId(d.tab),
              dimension: 'ROWS',
              startIndex: first - 1,
              endIndex: last,
            },
          },
        });
      }
    }
    const appends = [...plan.appends];
    if (plan.audit.length) {
      appends.push({
        tab: 'Audit',
        rows: plan.audit.map(a => ({
          timestamp: nowIso,
          user: a.user,
          action: a.action,
          recordId: a.recordId,
          summary: a.summary,
        })),
      });
    }
    for (const a of appends) {
      if (!a.rows.length) continue;
      const header = this.headerOf(a.tab);
      for (const key of new Set(a.rows.flatMap(r => Object.keys(r))))
        this.column(a.tab, header, key);
      const types = header.map(h => columnTypeOf(a.tab, h));
      requests.push({
        appendCells: {
          sheetId: sheetId(a.tab),
          rows: a.rows.map(r => ({
            values: header.map((h, c) =>
              types[c] && h in r ? toCell(types[c]!, r[h]) : {},
            ),
          })),
          fields: 'userEnteredValue,userEnteredFormat.numberFormat',
        },
      });
    }
    if (requests.length === 0) return;
    sheets().Spreadsheets!.batchUpdate({requests}, this.id);
  }
}
