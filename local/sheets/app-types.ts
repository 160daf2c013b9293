/**
 * The stand-in's public shapes: Pick<>s of @types/google-apps-script, so a
 * signature that drifts from Apps Script fails the type-check, and short
 * aliases of the Apps Script types the SpreadsheetApp modules use.
 */
export type GApp = GoogleAppsScript.Spreadsheet.SpreadsheetApp;
export type GSpreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
export type GSheet = GoogleAppsScript.Spreadsheet.Sheet;
export type GRange = GoogleAppsScript.Spreadsheet.Range;
export type GProtection = GoogleAppsScript.Spreadsheet.Protection;
export type GProtectionType = GoogleAppsScript.Spreadsheet.ProtectionType;
export type GNamedRange = GoogleAppsScript.Spreadsheet.NamedRange;
export type GDataValidation = GoogleAppsScript.Spreadsheet.DataValidation;
export type GChart = GoogleAppsScript.Spreadsheet.EmbeddedChart;
export type GChartBuilder = GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder;
export type GUser = GoogleAppsScript.Base.User;

export type SpreadsheetAppApi = Omit<
  Pick<
    GApp,
    | 'DataValidationCriteria'
    | 'ProtectionType'
    | 'create'
    | 'flush'
    | 'getUi'
    | 'newDataValidation'
    | 'openById'
    | 'openByUrl'
  >,
  never
> & {
  /**
   * Typed `Spreadsheet | null`: "returns null if there is no active
   * spreadsheet" — a time-driven run has none.
   * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#getActiveSpreadsheet()
   */
  getActiveSpreadsheet(): GSpreadsheet | null;
  getActive(): GSpreadsheet | null;
};

export type SpreadsheetApi = Pick<
  GSpreadsheet,
  | 'getId'
  | 'getName'
  | 'rename'
  | 'getUrl'
  | 'getOwner'
  | 'getSheets'
  | 'getSheetByName'
  | 'getSheetById'
  | 'getNumSheets'
  | 'getActiveSheet'
  | 'insertSheet'
  | 'deleteSheet'
  | 'getRange'
  | 'getRangeByName'
  | 'setNamedRange'
  | 'getNamedRanges'
  | 'removeNamedRange'
  | 'getSpreadsheetTimeZone'
  | 'setSpreadsheetTimeZone'
  | 'getSpreadsheetLocale'
  | 'setSpreadsheetLocale'
  | 'toast'
  | 'getProtections'
>;

export type SheetApi = Pick<
  GSheet,
  | 'getName'
  | 'setName'
  | 'getSheetName'
  | 'getSheetId'
  | 'getIndex'
  | 'getParent'
  | 'getRange'
  | 'getDataRange'
  | 'getLastRow'
  | 'getLastColumn'
  | 'getMaxRows'
  | 'getMaxColumns'
  | 'insertRows'
  | 'insertRowsAfter'
  | 'insertRowsBefore'
  | 'insertRowAfter'
  | 'insertRowBefore'
  | 'insertColumns'
  | 'insertColumnsAfter'
  | 'insertColumnsBefore'
  | 'insertColumnAfter'
  | 'insertColumnBefore'
  | 'deleteRow'
  | 'deleteRows'
  | 'deleteColumn'
  | 'deleteColumns'
  | 'setFrozenRows'
  | 'getFrozenRows'
  | 'setFrozenColumns'
  | 'getFrozenColumns'
  | 'setColumnWidth'
  | 'setColumnWidths'
  | 'getColumnWidth'
  | 'hideSheet'
  | 'showSheet'
  | 'isSheetHidden'
  | 'protect'
  | 'getProtections'
  | 'clear'
  | 'clearContents'
  | 'clearFormats'
  | 'clearNotes'
  | 'appendRow'
  | 'newChart'
  | 'insertChart'
  | 'getCharts'
  | 'removeChart'
  | 'setTabColor'
  | 'getTabColor'
>;

export type RangeApi = Pick<
  GRange,
  | 'getValues'
  | 'setValues'
  | 'getValue'
  | 'setValue'
  | 'getDisplayValues'
  | 'getDisplayValue'
  | 'getFormulas'
  | 'getFormula'
  | 'setFormulas'
  | 'setFormula'
  | 'getNumberFormats'
  | 'getNumberFormat'
  | 'setNumberFormat'
  | 'setNumberFormats'
  | 'setDataValidation'
  | 'setDataValidations'
  | 'getDataValidation'
  | 'getDataValidations'
  | 'clearDataValidations'
  | 'clearContent'
  | 'clear'
  | 'clearFormat'
  | 'clearNote'
  | 'getRow'
  | 'getColumn'
  | 'getLastRow'
  | 'getLastColumn'
  | 'getNumRows'
  | 'getNumColumns'
  | 'getHeight'
  | 'getWidth'
  | 'getA1Notation'
  | 'getSheet'
  | 'getGridId'
  | 'getCell'
  | 'offset'
  | 'isBlank'
  | 'protect'
  | 'setNote'
  | 'setNotes'
  | 'getNote'
  | 'getNotes'
  | 'setFontWeight'
  | 'setFontWeights'
  | 'getFontWeight'
  | 'setFontColor'
  | 'setFontSize'
  | 'setFontStyle'
  | 'setBackground'
  | 'setBackgrounds'
  | 'getBackground'
  | 'setWrap'
  | 'setHorizontalAlignment'
  | 'setVerticalAlignment'
  | 'insertCheckboxes'
>;

export type ProtectionApi = Pick<
  GProtection,
  | 'setDescription'
  | 'getDescription'
  | 'addEditor'
  | 'addEditors'
  | 'removeEditor'
  | 'removeEditors'
  | 'getEditors'
  | 'setWarningOnly'
  | 'isWarningOnly'
  | 'setDomainEdit'
  | 'canDomainEdit'
  | 'canEdit'
  | 'remove'
  | 'getRange'
  | 'getRangeName'
  | 'getProtectionType'
  | 'setUnprotectedRanges'
  | 'getUnprotectedRanges'
>;

export type NamedRangeApi = Pick<
  GNamedRange,
  'getName' | 'getRange' | 'remove' | 'setName' | 'setRange'
>;

export type EmbeddedChartBuilderApi = Pick<
  GChartBuilder,
  | 'setChartType'
  | 'getChartType'
  | 'addRange'
  | 'getRanges'
  | 'setPosition'
  | 'setOption'
  | 'build'
>;

export type EmbeddedChartApi = Pick<
  GChart,
  'getChartId' | 'getRanges' | 'getOptions' | 'getContainerInfo'
>;
