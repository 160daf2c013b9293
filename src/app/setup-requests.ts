/**
 * The tracker's structure as Sheets API requests (spreadsheets.batchUpdate),
 * built from the template: tabs, header cells and notes, number formats,
 * validation lists and checkboxes, widths, the frozen header, hidden tabs
 * and protections. setupTracker sends them through the advanced Sheets
 * service in one call; `npm run provision` sends the same requests through
 * googleapis — one source, two writers.
 *
 * On an existing tracker only what is missing is added: tabs are found by
 * name and columns by header, so a column a person moved is found where it
 * is, a column a person added is kept, and a column that looks renamed is
 * reported rather than duplicated. No cell value is ever overwritten.
 */
import {
  ColumnDef,
  ColumnType,
  Protection,
  TabDef,
  Template,
} from '../domain/template';

/** The part of a sheet's description setup needs (spreadsheets.get). */
export interface SheetShape {
  sheetId: number;
  title: string;
  index: number;
  hidden: boolean;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  header: string[];
  protectedRanges: Array<{protectedRangeId: number; description: string}>;
}

export type SheetsRequest = Record<string, unknown>;

export interface StructurePlan {
  requests: SheetsRequest[];
  created: string[];
  addedColumns: Array<{tab: string; columns: string[]}>;
  /** Things a person must look at (renamed columns). */
  reported: Array<{tab: string; message: string}>;
  /** The header of each template tab after the requests are applied. */
  headers: Record<string, string[]>;
  /** sheetId of each template tab after the requests are applied. */
  sheetIds: Record<string, number>;
}

const NUMBER_FORMAT_TYPES: Record<ColumnType, string> = {
  id: 'TEXT',
  text: 'TEXT',
  email: 'TEXT',
  url: 'TEXT',
  enum: 'TEXT',
  time: 'TEXT',
  date: 'DATE',
  datetime: 'DATE_TIME',
  money: 'CURRENCY',
  bp: 'PERCENT',
  int: 'NUMBER',
  bool: 'NUMBER',
};

export const PROTECTION_PREFIX = 'Panel Tracker: ';

/** 'Child Ref', 'child_ref' and 'childRef' compare equal. */
const normaliseHeader = (h: string) =>
  h.toLowerCase().replace(/[^a-z0-9]/g, '');

export interface Editors {
  admins: string[];
  finance: string[];
}

export function planStructure(
  template: Template,
  shapes: SheetShape[],
  editors: Editors,
): StructurePlan {
  const requests: SheetsRequest[] = [];
  const plan: StructurePlan = {
    requests,
    created: [],
    addedColumns: [],
    reported: [],
    headers: {},
    sheetIds: {},
  };
  let nextSheetId = Math.max(0, ...shapes.map(s => s.sheetId)) + 1;
  const byTitle = new Map(shapes.map(s => [s.title, s]));

  template.tabs.forEach((tab, index) => {
    const shape = byTitle.get(tab.name);
    let header: string[];
    let sheetId: number;
    let rowCount: number;
    if (!shape) {
      sheetId = nextSheetId++;
      header = tab.columns.map(c => c.key);
      rowCount = 1000;
      requests.push({
        addSheet: {
          properties: {
            sheetId,
            title: tab.name,
            index,
            hidden: tab.hidden,
            gridProperties: {
              rowCount,
              columnCount: Math.max(26, header.length),
              frozenRowCount: 1,
            },
          },
        },
      });
      requests.push(headerCells(sheetId, 0, tab.columns));
      plan.created.push(tab.name);
    } else {
      sheetId = shape.sheetId;
      rowCount = shape.rowCount;
      header = [...shape.header];
      const present = new Set(header.map(h => h.trim()));
      const unknown = header.filter(
        h => h.trim() && !tab.columns.some(c => c.key === h.trim()),
      );
      const missing: ColumnDef[] = [];
      for (const col of tab.columns) {
        if (present.has(col.key)) continue;
        const renamed = unknown.find(
          u => normaliseHeader(u) === normaliseHeader(col.key),
        );
        if (renamed) {
          plan.reported.push({
            tab: tab.name,
            message: `Column "${renamed}" looks like "${col.key}" renamed. Rename its header back to "${col.key}" and run Set up / upgrade again; nothing in it was changed.`,
          });
          continue;
        }
        missing.push(col);
      }
      if (missing.length) {
        const start = lastUsedColumn(header);
        const needed = start + missing.length;
        if (needed > shape.columnCount) {
          requests.push({
            appendDimension: {
              sheetId,
              dimension: 'COLUMNS',
              length: needed - shape.columnCount,
            },
          });
        }
        requests.push(headerCells(sheetId, start, missing));
        header = [...header.slice(0, start), ...missing.map(c => c.key)];
        plan.addedColumns.push({
          tab: tab.name,
          columns: missing.map(c => c.key),
        });
      }
      if (shape.hidden !== tab.hidden || shape.frozenRowCount !== 1) {
        requests.push({
          updateSheetProperties: {
            properties: {
              sheetId,
              hidden: tab.hidden,
              gridProperties: {frozenRowCount: 1},
            },
            fields: 'hidden,gridProperties.frozenRowCount',
          },
        });
      }
    }
    requests.push(...columnFormats(sheetId, tab, header, template));
    requests.push(headerStyle(sheetId, header.length));
    requests.push(...protection(sheetId, tab, shape, editors));
    plan.headers[tab.name] = header;
    plan.sheetIds[tab.name] = sheetId;
    void rowCount;
  });
  return plan;
}

function lastUsedColumn(header: string[]): number {
  let last = header.length;
  while (last > 0 && !header[last - 1].trim()) last--;
  return last;
}

function headerCells(
  sheetId: number,
  startColumn: number,
  columns: ColumnDef[],
): SheetsRequest {
  return {
    updateCells: {
      start: {sheetId, rowIndex: 0, columnIndex: startColumn},
      rows: [
        {
          values: columns.map(c => ({
            userEnteredValue: {stringValue: c.key},
            ...(c.note ? {note: c.note} : {}),
          })),
        },
      ],
      fields: 'userEnteredValue,note',
    },
  };
}

function headerStyle(sheetId: number, width: number): SheetsRequest {
  return {
    repeatCell: {
      range: {
        sheetId,
        startRowIndex: 0,
        endRowIndex: 1,
        startColumnIndex: 0,
        endColumnIndex: Math.max(1, width),
      },
      cell: {
        userEnteredFormat: {
          textFormat: {bold: true},
          backgroundColor: {red: 0.85, green: 0.9, blue: 0.97},
          numberFormat: {type: 'TEXT', pattern: '@'},
        },
      },
      fields: 'userEnteredFormat(textFormat,backgroundColor,numberFormat)',
    },
  };
}

/** Number format, validation and width of each template column where it is. */
function columnFormats(
  sheetId: number,
  tab: TabDef,
  header: string[],
  template: Template,
): SheetsRequest[] {
  const out: SheetsRequest[] = [];
  for (const col of tab.columns) {
    const index = header.findIndex(h => h.trim() === col.key);
    if (index < 0) continue;
    const range = {
      sheetId,
      startRowIndex: 1,
      startColumnIndex: index,
      endColumnIndex: index + 1,
    };
    const pattern = template.numberFormats[col.type];
    if (col.type !== 'bool') {
      out.push({
        repeatCell: {
          range,
          cell: {
            userEnteredFormat: {
              numberFormat: {type: NUMBER_FORMAT_TYPES[col.type], pattern},
            },
          },
          fields: 'userEnteredFormat.numberFormat',
        },
      });
    }
    const rule = validationRule(col);
    out.push({setDataValidation: {range, rule}});
    out.push({
      updateDimensionProperties: {
        range: {
          sheetId,
          dimension: 'COLUMNS',
          startIndex: index,
          endIndex: index + 1,
        },
        properties: {pixelSize: col.width},
        fields: 'pixelSize',
      },
    });
  }
  return out;
}

/** Checkboxes, lists for every enum, real dates; null clears a rule. */
function validationRule(col: ColumnDef): SheetsRequest | undefined {
  if (col.type === 'bool') return {condition: {type: 'BOOLEAN'}, strict: true};
  if (col.type === 'enum' && col.values?.length) {
    return {
      condition: {
        type: 'ONE_OF_LIST',
        values: col.values.map(v => ({userEnteredValue: v})),
      },
      strict: true,
      showCustomUi: true,
    };
  }
  if (col.type === 'date') {
    return {
      condition: {type: 'DATE_IS_VALID'},
      strict: true,
      inputMessage: 'A date, e.g. 05/01/2026',
    };
  }
  return undefined;
}

/**
 * Protections (see setupTracker): 'admins' and 'finance' tabs are editable
 * only by those members (and the owner); 'warning' tabs warn a person who
 * edits them by hand. The add-on writes as the person using it, so a tab
 * every referrer's form writes to can only warn.
 */
function protection(
  sheetId: number,
  tab: TabDef,
  shape: SheetShape | undefined,
  editors: Editors,
): SheetsRequest[] {
  if (!tab.protection) return [];
  const description = `${PROTECTION_PREFIX}${tab.name}`;
  const existing = shape?.protectedRanges.find(
    p => p.description === description,
  );
  const body = protectedRange(sheetId, description, tab.protection, editors);
  if (existing) {
    return [
      {
        updateProtectedRange: {
          protectedRange: {
            ...body,
            protectedRangeId: existing.protectedRangeId,
          },
          fields: 'warningOnly,editors,description',
        },
      },
    ];
  }
  return [{addProtectedRange: {protectedRange: body}}];
}

function protectedRange(
  sheetId: number,
  description: string,
  kind: Exclude<Protection, null>,
  editors: Editors,
): SheetsRequest {
  if (kind === 'warning')
    return {range: {sheetId}, description, warningOnly: true};
  const users =
    kind === 'finance'
      ? [...editors.admins, ...editors.finance]
      : editors.admins;
  return {
    range: {sheetId},
    description,
    warningOnly: false,
    editors: {users: [...new Set(users)]},
  };
}
