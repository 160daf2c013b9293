/**
 * SpreadsheetApp stand-in over the stored spreadsheets (store.ts).
 * Reference: https://developers.google.com/apps-script/reference/spreadsheet
 *
 * Every object holds ids, never parsed data: each call reads the live file
 * (reloading it if another process wrote) or changes it under its mutex. Each
 * call is counted as ctx.calls.record('SpreadsheetApp', '<Class>.<method>',
 * cells) — top-level calls without a class ('openById').
 *
 * The exported *Api types are Pick<>s of @types/google-apps-script, so a
 * signature that drifts from Apps Script fails the type-check.
 */
import {ExecutionContext} from '../core';
import {
  DATA_VALIDATION_CRITERIA,
  Env,
  PROTECTION_TYPE,
  SpreadsheetAppOptions,
} from './app-env';
import {LocalUi} from './app-ui';
import {LocalDataValidationBuilder} from './app-validation';
import {createSpreadsheet, spreadsheetExists} from './store';
import {
  SheetData,
  WorkbookData,
  addSheet,
  duplicateSheetNameMessage,
  firstSheet,
  nextSheetName,
  removeSheet,
  sheetById,
  sheetByName,
} from './workbook';
import type {
  GApp,
  GSpreadsheet,
  GSheet,
  GRange,
  GProtection,
  GProtectionType,
  GNamedRange,
  GUser,
  SpreadsheetAppApi,
  SpreadsheetApi,
} from './app-types';
import {user, resolveA1} from './app-helpers';
import {LocalSheet} from './app-sheet';
import {LocalRange} from './app-range';
import {LocalNamedRange, LocalProtection} from './app-objects';

export type {
  SpreadsheetAppApi,
  SpreadsheetApi,
  SheetApi,
  RangeApi,
  ProtectionApi,
  NamedRangeApi,
  EmbeddedChartBuilderApi,
  EmbeddedChartApi,
} from './app-types';

export function createSpreadsheetApp(
  ctx: ExecutionContext,
  options: SpreadsheetAppOptions = {},
): SpreadsheetAppApi {
  const env: Env = new Env(ctx, options);
  const open = (id: string) =>
    new LocalSpreadsheet(env, id) as unknown as GSpreadsheet;
  const active = (method: string): GSpreadsheet | null => {
    env.count(method);
    return ctx.activeSpreadsheetId ? open(ctx.activeSpreadsheetId) : null;
  };
  return {
    DataValidationCriteria:
      DATA_VALIDATION_CRITERIA as unknown as GApp['DataValidationCriteria'],
    ProtectionType: PROTECTION_TYPE as unknown as GApp['ProtectionType'],

    getActiveSpreadsheet: () => active('getActiveSpreadsheet'),
    getActive: () => active('getActive'),

    /**
     * An id that names no spreadsheet (or one the user cannot open) fails
     * with Apps Script's unexpected-error message, as reproduced by
     * gas-fakes (tanaikech/gas-fakes, src/services/advsheets) and seen in
     * https://github.com/Nerdware-Developers/P-O-S (FIX_SPREADSHEET_ERROR.md).
     */
    openById(id: string): GSpreadsheet {
      env.count('openById');
      if (typeof id !== 'string' || !spreadsheetExists(env.workspace, id)) {
        env.fail(
          'Unexpected error while getting the method or property openById on object SpreadsheetApp.',
        );
      }
      return open(id);
    },

    openByUrl(url: string): GSpreadsheet {
      env.count('openByUrl');
      const id = /\/d\/([A-Za-z0-9_-]+)/.exec(String(url))?.[1];
      if (!id || !spreadsheetExists(env.workspace, id)) {
        env.fail(
          'Unexpected error while getting the method or property openByUrl on object SpreadsheetApp.',
        );
      }
      return open(id);
    },

    /** https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app#create(String,Integer,Integer) */
    create(name: string, rows?: number, columns?: number): GSpreadsheet {
      env.count('create');
      const wb = createSpreadsheet(env.workspace, {
        name: String(name),
        owner: ctx.effectiveUser,
        rows,
        columns,
      });
      return open(wb.id);
    },

    /** Writes are already on disk; flush only counts (and costs) a call. */
    flush(): void {
      env.count('flush');
    },

    getUi(): GoogleAppsScript.Base.Ui {
      env.count('getUi');
      return new LocalUi(env) as unknown as GoogleAppsScript.Base.Ui;
    },

    newDataValidation(): GoogleAppsScript.Spreadsheet.DataValidationBuilder {
      env.count('newDataValidation');
      return new LocalDataValidationBuilder(
        env,
      ) as unknown as GoogleAppsScript.Spreadsheet.DataValidationBuilder;
    },
  };
}

export class LocalSpreadsheet implements SpreadsheetApi {
  constructor(
    private readonly env: Env,
    readonly spreadsheetId: string,
  ) {}

  private read(method: string): WorkbookData {
    this.env.count(`Spreadsheet.${method}`);
    return this.env.read(this.spreadsheetId, `Spreadsheet.${method}`);
  }

  private write<T>(method: string, change: (wb: WorkbookData) => T): T {
    this.env.count(`Spreadsheet.${method}`);
    return this.env.mutate(this.spreadsheetId, `Spreadsheet.${method}`, change);
  }

  private sheet(sheetId: number): GSheet {
    return new LocalSheet(
      this.env,
      this.spreadsheetId,
      sheetId,
    ) as unknown as GSheet;
  }

  getId(): string {
    this.env.count('Spreadsheet.getId');
    return this.spreadsheetId;
  }

  getName(): string {
    return this.read('getName').name;
  }

  rename(newName: string): void {
    this.write('rename', wb => {
      wb.name = String(newName);
    });
  }

  /** https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getUrl() */
  getUrl(): string {
    this.env.count('Spreadsheet.getUrl');
    return `https://docs.google.com/spreadsheets/d/${this.spreadsheetId}/edit`;
  }

  getOwner(): GUser | null {
    return user(this.read('getOwner').owner);
  }

  getSheets(): GSheet[] {
    return this.read('getSheets').sheets.map(s => this.sheet(s.sheetId));
  }

  getSheetByName(name: string): GSheet | null {
    const s = sheetByName(this.read('getSheetByName'), String(name));
    return s ? this.sheet(s.sheetId) : null;
  }

  getSheetById(id: number): GSheet | null {
    const s = sheetById(this.read('getSheetById'), id);
    return s ? this.sheet(s.sheetId) : null;
  }

  getNumSheets(): number {
    return this.read('getNumSheets').sheets.length;
  }

  /** No selection is modelled: the active sheet is the first visible one. */
  getActiveSheet(): GSheet {
    const wb = this.read('getActiveSheet');
    const s = wb.sheets.find(x => !x.hidden) ?? firstSheet(wb);
    return this.sheet(s.sheetId);
  }

  /**
   * insertSheet(), (index), (name), (name, index), with optional
   * {template}. The index is 0-based; a taken name fails with Sheets'
   * message (verified: 'A sheet with the name "…" already exists. Please
   * enter another name.' — the same text the Sheets API returns for
   * addSheet).
   * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#insertSheet(String,Integer)
   */
  insertSheet(
    a?: string | number | {template?: GSheet},
    b?: number | {template?: GSheet},
    c?: {template?: GSheet},
  ): GSheet {
    const name = typeof a === 'string' ? a : undefined;
    const index =
      typeof a === 'number' ? a : typeof b === 'number' ? b : undefined;
    const options = [a, b, c].find(x => x !== null && typeof x === 'object') as
      {template?: GSheet} | undefined;
    const template = options?.template as unknown as LocalSheet | undefined;
    const created = this.write('insertSheet', wb => {
      const title = name ?? nextSheetName(wb);
      if (sheetByName(wb, title)) {
        this.env.fail(duplicateSheetNameMessage(title));
      }
      const at = index ?? wb.sheets.length;
      const s = addSheet(wb, title, at);
      if (template) copySheetContent(this.env, wb, template, s);
      return s.sheetId;
    });
    return this.sheet(created);
  }

  /** https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#deleteSheet(Sheet) */
  deleteSheet(sheet: GSheet): void {
    const target = sheet as unknown as LocalSheet;
    this.write('deleteSheet', wb => {
      const s = this.env.sheetOf(wb, target.sheetId);
      if (wb.sheets.length === 1) {
        this.env.fail("You can't remove all the sheets in a document.");
      }
      this.env.assertCanEdit(wb, s, null);
      removeSheet(wb, s.sheetId);
    });
  }

  getRange(a1Notation: string): GRange {
    const wb = this.read('getRange');
    const {sheet, rect} = resolveA1(this.env, wb, a1Notation, firstSheet(wb));
    return new LocalRange(
      this.env,
      this.spreadsheetId,
      sheet.sheetId,
      rect,
    ) as unknown as GRange;
  }

  getRangeByName(name: string): GRange | null {
    const wb = this.read('getRangeByName');
    const n = wb.namedRanges.find(x => x.name === name);
    if (!n) return null;
    return new LocalRange(this.env, this.spreadsheetId, n.sheetId, {
      r0: n.r0,
      c0: n.c0,
      r1: n.r1,
      c1: n.c1,
    }) as unknown as GRange;
  }

  setNamedRange(name: string, range: GRange): void {
    const target = range as unknown as LocalRange;
    this.write('setNamedRange', wb => {
      wb.namedRanges = wb.namedRanges.filter(n => n.name !== name);
      wb.namedRanges.push({name, sheetId: target.sheetId, ...target.rect});
    });
  }

  getNamedRanges(): GNamedRange[] {
    return this.read('getNamedRanges').namedRanges.map(
      n =>
        new LocalNamedRange(
          this.env,
          this.spreadsheetId,
          n.name,
        ) as unknown as GNamedRange,
    );
  }

  removeNamedRange(name: string): void {
    this.write('removeNamedRange', wb => {
      wb.namedRanges = wb.namedRanges.filter(n => n.name !== name);
    });
  }

  getSpreadsheetTimeZone(): string {
    return this.read('getSpreadsheetTimeZone').timeZone;
  }

  setSpreadsheetTimeZone(timezone: string): void {
    this.write('setSpreadsheetTimeZone', wb => {
      try {
        new Intl.DateTimeFormat('en-GB', {timeZone: timezone});
      } catch {
        this.env.fail(`Invalid argument: ${timezone}`);
      }
      wb.timeZone = timezone;
    });
  }

  getSpreadsheetLocale(): string {
    return this.read('getSpreadsheetLocale').locale;
  }

  setSpreadsheetLocale(locale: string): void {
    this.write('setSpreadsheetLocale', wb => {
      wb.locale = locale;
    });
  }

  /** https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#toast(String,String,Number) */
  toast(msg: string, title?: string, timeoutSeconds?: number | null): void {
    void timeoutSeconds;
    this.env.count('Spreadsheet.toast');
    this.env.ctx.ui.push({
      kind: 'toast',
      title: title === undefined ? '' : String(title),
      message: String(msg),
    });
  }

  getProtections(type: GProtectionType): GProtection[] {
    const kind = String(type);
    return this.read('getProtections')
      .protections.filter(p => p.type === kind)
      .map(
        p =>
          new LocalProtection(
            this.env,
            this.spreadsheetId,
            p.id,
          ) as unknown as GProtection,
      );
  }
}

function copySheetContent(
  env: Env,
  wb: WorkbookData,
  template: LocalSheet,
  into: SheetData,
): void {
  const source = env.sheetOf(wb, template.sheetId);
  const copy = JSON.parse(JSON.stringify(source)) as SheetData;
  Object.assign(into, {
    ...copy,
    sheetId: into.sheetId,
    name: into.name,
    charts: [],
  });
}
