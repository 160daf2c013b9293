/**
 * The Structure port over the advanced Sheets service: the tabs with their
 * header rows and protections (two calls), and structural changes applied
 * in one atomic spreadsheets.batchUpdate.
 */
import {SheetShape} from '../app/setup-requests';
import {Structure} from '../ports';

function sheets(): GoogleAppsScript.Sheets {
  if (!Sheets)
    throw new Error(
      'The advanced Sheets service is not enabled (appsscript.json).',
    );
  return Sheets;
}

export class SheetsStructure implements Structure {
  constructor(private readonly spreadsheetId: string) {}

  describe(): SheetShape[] {
    const ss = sheets().Spreadsheets!.get(this.spreadsheetId, {
      fields:
        'sheets(properties(sheetId,title,index,hidden,gridProperties),protectedRanges(protectedRangeId,description))',
    });
    const list = (ss.sheets ?? []).map(s => {
      const p = s.properties!;
      return {
        sheetId: Number(p.sheetId),
        title: String(p.title),
        index: Number(p.index ?? 0),
        hidden: p.hidden === true,
        rowCount: Number(p.gridProperties?.rowCount ?? 0),
        columnCount: Number(p.gridProperties?.columnCount ?? 0),
        frozenRowCount: Number(p.gridProperties?.frozenRowCount ?? 0),
        header: [] as string[],
        protectedRanges: (s.protectedRanges ?? []).map(r => ({
          protectedRangeId: Number(r.protectedRangeId),
          description: String(r.description ?? ''),
        })),
      };
    });
    if (list.length) {
      const headers = sheets().Spreadsheets!.Values!.batchGet(
        this.spreadsheetId,
        {
          ranges: list.map(s => `'${s.title.replace(/'/g, "''")}'!1:1`),
          valueRenderOption: 'UNFORMATTED_VALUE',
        },
      );
      (headers.valueRanges ?? []).forEach((r, i) => {
        list[i].header = ((r.values ?? [])[0] ?? []).map(v =>
          String(v ?? '').trim(),
        );
      });
    }
    return list;
  }

  apply(requests: Array<Record<string, unknown>>): void {
    if (!requests.length) return;
    sheets().Spreadsheets!.batchUpdate(
      {requests: requests as GoogleAppsScript.Sheets.Schema.Request[]},
      this.spreadsheetId,
    );
  }
}
