/**
 * Short aliases of the Sheets API v4 schema types (@types/google-apps-script,
 * apis/sheets_v4.d.ts) and the shape of the `Sheets` stand-in.
 */
export type S = GoogleAppsScript.Sheets.Schema.Spreadsheet;
export type ValueRange = GoogleAppsScript.Sheets.Schema.ValueRange;
export type CellData = GoogleAppsScript.Sheets.Schema.CellData;
export type RowData = GoogleAppsScript.Sheets.Schema.RowData;
export type ExtendedValue = GoogleAppsScript.Sheets.Schema.ExtendedValue;
export type Request = GoogleAppsScript.Sheets.Schema.Request;
export type Response = GoogleAppsScript.Sheets.Schema.Response;
export type SheetProperties = GoogleAppsScript.Sheets.Schema.SheetProperties;
export type DimensionRange = GoogleAppsScript.Sheets.Schema.DimensionRange;
export type GridRange = GoogleAppsScript.Sheets.Schema.GridRange;
export type UpdateValuesResponse =
  GoogleAppsScript.Sheets.Schema.UpdateValuesResponse;
export type ValuesCollection =
  GoogleAppsScript.Sheets.Collection.Spreadsheets.ValuesCollection;
export type SpreadsheetsCollection =
  GoogleAppsScript.Sheets.Collection.SpreadsheetsCollection;

export type SheetsValuesApi = Pick<
  ValuesCollection,
  'get' | 'batchGet' | 'update' | 'batchUpdate' | 'append'
>;

export type SheetsApi = {
  Spreadsheets: Pick<SpreadsheetsCollection, 'get' | 'batchUpdate'> & {
    Values: SheetsValuesApi;
  };
};
