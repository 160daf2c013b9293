/**
 * The spreadsheet engine of the local workspace and the two services over
 * it: SpreadsheetApp and the Advanced Sheets service (`Sheets`).
 */
export {createSpreadsheetApp} from './spreadsheet-app';
export type {
  SpreadsheetAppApi,
  SpreadsheetApi,
  SheetApi,
  RangeApi,
  ProtectionApi,
} from './spreadsheet-app';
export type {SpreadsheetAppOptions} from './app-env';
export {createSheetsService} from './sheets-api';
export type {SheetsApi} from './sheets-api';
export {
  createSpreadsheet,
  deleteSpreadsheet,
  listSpreadsheets,
  readWorkbook,
  mutateWorkbook,
  spreadsheetExists,
  spreadsheetFile,
  SpreadsheetNotFound,
} from './store';
export type {CreateSpreadsheetOptions, SpreadsheetSummary} from './store';
export {exportXlsx} from './xlsx';
export type {WorkbookData, SheetData, CellValue} from './workbook';
