/**
 * The tracker's tabs as data (sheets-template/tabs.json): headers, column
 * types, formats, validation lists, protections. The adapter, set-up and
 * upgrade, the scenario report and provisioning all read this one source.
 */
import tabsJson from '../../sheets-template/tabs.json';
import {PROVISIONS} from './profiles';

export type ColumnType =
  | 'id'
  | 'text'
  | 'email'
  | 'url'
  | 'enum'
  | 'time'
  | 'date'
  | 'datetime'
  | 'money'
  | 'bp'
  | 'int'
  | 'bool';

/** Who may edit a tab besides the add-on (see setupTracker for why). */
export type Protection = null | 'warning' | 'admins' | 'finance';

export interface ColumnDef {
  key: string;
  type: ColumnType;
  width: number;
  note?: string;
  /** Allowed values of an enum column, after expansion. */
  values?: string[];
}

export interface TabDef {
  name: string;
  about: string;
  protection: Protection;
  hidden: boolean;
  keyValue: boolean;
  columns: ColumnDef[];
}

export interface Template {
  version: number;
  numberFormats: Record<ColumnType, string>;
  tabs: TabDef[];
}

interface RawColumn {
  key: string;
  type: string;
  width: number;
  note?: string;
  values?: string[] | string;
  perAgency?: boolean;
}

interface RawTemplate {
  version: number;
  columnTypes: Record<string, {numberFormat: string}>;
  tabs: Array<{
    name: string;
    about: string;
    protection: string | null;
    hidden?: boolean;
    keyValue?: boolean;
    columns: RawColumn[];
  }>;
}

export const RAW_TEMPLATE = tabsJson as RawTemplate;

/**
 * The template for a set of agencies: per-agency columns (share_{agency},
 * endorsed_{agency}) expanded, '{agencies}' and '{provisions}' lists filled.
 */
export function buildTemplate(
  agencyCodes: string[],
  raw: RawTemplate = RAW_TEMPLATE,
): Template {
  const expandValues = (v: RawColumn['values']): string[] | undefined => {
    if (v === '{agencies}') return [...agencyCodes];
    if (v === '{provisions}') return [...PROVISIONS];
    return Array.isArray(v) ? v : undefined;
  };
  const tabs = raw.tabs.map(tab => ({
    name: tab.name,
    about: tab.about,
    protection: (tab.protection ?? null) as Protection,
    hidden: tab.hidden ?? false,
    keyValue: tab.keyValue ?? false,
    columns: tab.columns.flatMap(col => {
      const base = {
        type: col.type as ColumnType,
        width: col.width,
        note: col.note,
        values: expandValues(col.values),
      };
      if (!col.perAgency) return [{...base, key: col.key}];
      return agencyCodes.map(code => ({
        ...base,
        key: col.key.replace('{agency}', code),
        note: col.note?.replace('this agency', code),
      }));
    }),
  }));
  const numberFormats = Object.fromEntries(
    Object.entries(raw.columnTypes).map(([t, v]) => [t, v.numberFormat]),
  ) as Record<ColumnType, string>;
  return {version: raw.version, numberFormats, tabs};
}

export function tabDef(template: Template, name: string): TabDef {
  const tab = template.tabs.find(t => t.name === name);
  if (!tab) throw new Error(`no tab ${name} in the template`);
  return tab;
}

export const shareColumn = (agency: string) => `share_${agency}`;
export const endorsedColumn = (agency: string) => `endorsed_${agency}`;

/**
 * The type of a column by its key, per-agency columns included
 * (share_SCS is 'bp'); undefined for a column that is not the template's.
 */
export function columnTypeOf(
  tab: string,
  key: string,
  raw: RawTemplate = RAW_TEMPLATE,
): ColumnType | undefined {
  const def = raw.tabs.find(t => t.name === tab);
  if (!def) return undefined;
  for (const col of def.columns) {
    if (col.perAgency) {
      const [before, after] = col.key.split('{agency}');
      if (
        key.startsWith(before) &&
        key.endsWith(after) &&
        key.length > before.length + after.length
      ) {
        return col.type as ColumnType;
      }
    } else if (col.key === key) {
      return col.type as ColumnType;
    }
  }
  return undefined;
}

/**
 * S3: text made safe for a place that evaluates typed input (a CSV opened
 * in a spreadsheet, a USER_ENTERED write): a leading =, +, -, @, tab or CR
 * gets an apostrophe, so it is shown as typed and never run as a formula.
 * The tracker itself writes text as Sheets API string values, which are
 * never evaluated.
 */
export function escapeFormulaText(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
