/**
 * The modelled Apps Script time of one service call, used by the local clock
 * (so a run's budget check sees time pass) and by `npm run bench`.
 *
 * Google publishes no per-call figures; the Apps Script best-practices page
 * (https://developers.google.com/apps-script/guides/support/best-practices,
 * "Minimize calls to other services", "Use batch operations") only says that
 * calls to services are slow compared with JavaScript and that batching is
 * the cure. The figures below are deliberately pessimistic round numbers in
 * the range commonly measured for Apps Script services: a fixed cost per
 * round trip plus a per-cell (or per-unit) cost for bulk data. They are a
 * model for comparing designs and proving a run stays inside the 6-minute
 * execution limit, not a measurement.
 */
export interface CallCost {
  /** Fixed cost of the round trip, in ms. */
  baseMs: number;
  /** Cost per unit (cells read or written, bytes rendered), in ms. */
  perUnitMs: number;
}

const DEFAULT: CallCost = {baseMs: 20, perUnitMs: 0};

/** Keyed by `Service.method` (exact) or `Service.*`. First match wins. */
const COSTS: Array<[RegExp, CallCost]> = [
  [
    /^SpreadsheetApp\.Range\.(getValues|getDisplayValues)$/,
    {baseMs: 100, perUnitMs: 0.02},
  ],
  [
    /^SpreadsheetApp\.Range\.(setValues|setNumberFormats)$/,
    {baseMs: 150, perUnitMs: 0.03},
  ],
  [/^SpreadsheetApp\.flush$/, {baseMs: 100, perUnitMs: 0}],
  [/^SpreadsheetApp\.(openById|create)$/, {baseMs: 400, perUnitMs: 0}],
  [/^Sheets\.Spreadsheets\.Values\.batchGet$/, {baseMs: 250, perUnitMs: 0.01}],
  [
    /^Sheets\.Spreadsheets\.Values\.(get|append|update|batchUpdate)$/,
    {baseMs: 250, perUnitMs: 0.02},
  ],
  [/^Sheets\.Spreadsheets\.batchUpdate$/, {baseMs: 300, perUnitMs: 0.02}],
  [/^Sheets\.Spreadsheets\.get$/, {baseMs: 250, perUnitMs: 0}],
  [/^MailApp\.sendEmail$/, {baseMs: 600, perUnitMs: 0}],
  [/^MailApp\./, {baseMs: 50, perUnitMs: 0}],
  [/^LockService\./, {baseMs: 40, perUnitMs: 0}],
  [/^PropertiesService\./, {baseMs: 30, perUnitMs: 0}],
  [/^CacheService\./, {baseMs: 20, perUnitMs: 0}],
  [/^DocumentApp\.(create|openById)$/, {baseMs: 800, perUnitMs: 0}],
  [/^DocumentApp\.Document\.saveAndClose$/, {baseMs: 500, perUnitMs: 0}],
  [/^DocumentApp\.Document\.(getAs|getBlob)$/, {baseMs: 2500, perUnitMs: 0}],
  [/^DocumentApp\./, {baseMs: 40, perUnitMs: 0}],
  [/^Drive\.Files\.(export|download)$/, {baseMs: 2500, perUnitMs: 0}],
  [/^Drive\.Blob\.getAs$/, {baseMs: 2500, perUnitMs: 0}],
  [/^Drive\./, {baseMs: 400, perUnitMs: 0}],
  [/^ScriptApp\./, {baseMs: 100, perUnitMs: 0}],
  [/^HtmlService\./, {baseMs: 50, perUnitMs: 0}],
  [/^Utilities\.sleep$/, {baseMs: 0, perUnitMs: 1}],
];

export function callCost(service: string, method: string): CallCost {
  const key = `${service}.${method}`;
  for (const [pattern, cost] of COSTS) {
    if (pattern.test(key)) return cost;
  }
  return DEFAULT;
}

export function modelledCostMs(
  service: string,
  method: string,
  units = 0,
): number {
  const cost = callCost(service, method);
  return cost.baseMs + cost.perUnitMs * units;
}
