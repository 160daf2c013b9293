/**
 * Protection, NamedRange and embedded chart stand-ins.
 * https://developers.google.com/apps-script/reference/spreadsheet/protection
 * https://developers.google.com/apps-script/reference/spreadsheet/named-range
 * https://developers.google.com/apps-script/reference/spreadsheet/embedded-chart
 */

import {Env, PROTECTION_TYPE} from './app-env';
import {
  ChartData,
  ProtectionData,
  WorkbookData,
  canEditProtection,
} from './workbook';
import type {
  GRange,
  GProtection,
  GProtectionType,
  GNamedRange,
  GChart,
  GChartBuilder,
  GUser,
  ProtectionApi,
  NamedRangeApi,
  EmbeddedChartBuilderApi,
  EmbeddedChartApi,
} from './app-types';
import {user, emailOf} from './app-helpers';
import {LocalRange} from './app-range';

// Protection

export class LocalProtection implements ProtectionApi {
  constructor(
    private readonly env: Env,
    readonly spreadsheetId: string,
    readonly protectionId: number,
  ) {}

  private find(wb: WorkbookData): ProtectionData {
    const p = wb.protections.find(x => x.id === this.protectionId);
    if (!p) this.env.fail('The protection has been removed.');
    return p;
  }

  private read(method: string): {wb: WorkbookData; p: ProtectionData} {
    this.env.count(`Protection.${method}`);
    const wb = this.env.read(this.spreadsheetId, `Protection.${method}`);
    return {wb, p: this.find(wb)};
  }

  private write(
    method: string,
    change: (p: ProtectionData, wb: WorkbookData) => void,
  ): GProtection {
    this.env.count(`Protection.${method}`);
    this.env.mutate(this.spreadsheetId, `Protection.${method}`, wb =>
      change(this.find(wb), wb),
    );
    return this as unknown as GProtection;
  }

  setDescription(description: string): GProtection {
    return this.write('setDescription', p => {
      p.description = String(description);
    });
  }

  getDescription(): string {
    return this.read('getDescription').p.description;
  }

  addEditor(emailAddress: string | GUser): GProtection {
    return this.add('addEditor', [emailOf(emailAddress)]);
  }

  addEditors(emailAddresses: string[]): GProtection {
    return this.add('addEditors', emailAddresses);
  }

  private add(method: string, emailAddresses: string[]): GProtection {
    return this.write(method, p => {
      p.restricted = true;
      for (const e of emailAddresses.map(emailOf)) {
        if (!p.editors.some(x => x.toLowerCase() === e.toLowerCase())) {
          p.editors.push(e);
        }
      }
    });
  }

  removeEditor(emailAddress: string | GUser): GProtection {
    return this.drop('removeEditor', [emailAddress]);
  }

  /** The owner cannot be removed: "The spreadsheet owner ... can always edit". */
  removeEditors(emailAddresses: Array<string | GUser>): GProtection {
    return this.drop('removeEditors', emailAddresses);
  }

  private drop(
    method: string,
    emailAddresses: Array<string | GUser>,
  ): GProtection {
    const gone = new Set(emailAddresses.map(e => emailOf(e).toLowerCase()));
    return this.write(method, p => {
      p.restricted = true;
      p.editors = p.editors.filter(e => !gone.has(e.toLowerCase()));
    });
  }

  /** The owner first, then the editors added. */
  getEditors(): GUser[] {
    const {wb, p} = this.read('getEditors');
    return [wb.owner, ...p.editors].map(user);
  }

  setWarningOnly(warningOnly: boolean): GProtection {
    return this.write('setWarningOnly', p => {
      p.warningOnly = !!warningOnly;
    });
  }

  isWarningOnly(): boolean {
    return this.read('isWarningOnly').p.warningOnly;
  }

  setDomainEdit(editable: boolean): GProtection {
    return this.write('setDomainEdit', p => {
      p.restricted = true;
      p.domainEdit = !!editable;
    });
  }

  canDomainEdit(): boolean {
    return this.read('canDomainEdit').p.domainEdit;
  }

  canEdit(): boolean {
    const {wb, p} = this.read('canEdit');
    return canEditProtection(wb, p, this.env.ctx.effectiveUser);
  }

  remove(): void {
    this.write('remove', (p, wb) => {
      wb.protections = wb.protections.filter(x => x.id !== p.id);
    });
  }

  /** A sheet protection's range is the whole sheet. */
  getRange(): GRange {
    const {wb, p} = this.read('getRange');
    const s = this.env.sheetOf(wb, p.sheetId);
    const rect = p.range ?? {r0: 0, c0: 0, r1: s.maxRows, c1: s.maxColumns};
    return new LocalRange(this.env, this.spreadsheetId, p.sheetId, {
      ...rect,
    }) as unknown as GRange;
  }

  getRangeName(): string | null {
    return this.read('getRangeName').p.rangeName;
  }

  getProtectionType(): GProtectionType {
    const {p} = this.read('getProtectionType');
    return PROTECTION_TYPE[p.type] as unknown as GProtectionType;
  }

  /** Only sheet protections have holes; ranges must be on the same sheet. */
  setUnprotectedRanges(ranges: GRange[]): GProtection {
    return this.write('setUnprotectedRanges', p => {
      if (p.type !== 'SHEET') return;
      p.unprotected = ranges
        .map(r => r as unknown as LocalRange)
        .filter(r => r.sheetId === p.sheetId)
        .map(r => ({...r.rect}));
    });
  }

  getUnprotectedRanges(): GRange[] {
    const {p} = this.read('getUnprotectedRanges');
    return p.unprotected.map(
      rect =>
        new LocalRange(this.env, this.spreadsheetId, p.sheetId, {
          ...rect,
        }) as unknown as GRange,
    );
  }
}

export class LocalNamedRange implements NamedRangeApi {
  constructor(
    private readonly env: Env,
    readonly spreadsheetId: string,
    private name: string,
  ) {}

  getName(): string {
    this.env.count('NamedRange.getName');
    return this.name;
  }

  getRange(): GRange {
    this.env.count('NamedRange.getRange');
    const wb = this.env.read(this.spreadsheetId, 'NamedRange.getRange');
    const n = wb.namedRanges.find(x => x.name === this.name);
    if (!n) this.env.fail('Range not found');
    return new LocalRange(this.env, this.spreadsheetId, n.sheetId, {
      r0: n.r0,
      c0: n.c0,
      r1: n.r1,
      c1: n.c1,
    }) as unknown as GRange;
  }

  remove(): void {
    this.env.count('NamedRange.remove');
    this.env.mutate(this.spreadsheetId, 'NamedRange.remove', wb => {
      wb.namedRanges = wb.namedRanges.filter(x => x.name !== this.name);
    });
  }

  setName(name: string): GNamedRange {
    this.env.count('NamedRange.setName');
    this.env.mutate(this.spreadsheetId, 'NamedRange.setName', wb => {
      const n = wb.namedRanges.find(x => x.name === this.name);
      if (n) n.name = name;
    });
    this.name = name;
    return this as unknown as GNamedRange;
  }

  setRange(range: GRange): GNamedRange {
    this.env.count('NamedRange.setRange');
    const target = range as unknown as LocalRange;
    this.env.mutate(this.spreadsheetId, 'NamedRange.setRange', wb => {
      const n = wb.namedRanges.find(x => x.name === this.name);
      if (n) Object.assign(n, {sheetId: target.sheetId, ...target.rect});
    });
    return this as unknown as GNamedRange;
  }
}

// Embedded charts (stored, not drawn)

export class LocalChartBuilder implements EmbeddedChartBuilderApi {
  private data: ChartData;

  constructor(
    private readonly env: Env,
    private readonly spreadsheetId: string,
  ) {
    this.data = {
      chartId: 0,
      type: 'COLUMN',
      ranges: [],
      options: {},
      position: {row: 1, column: 1, offsetX: 0, offsetY: 0},
    };
  }

  private self(): GChartBuilder {
    return this as unknown as GChartBuilder;
  }

  setChartType(type: GoogleAppsScript.Charts.ChartType): GChartBuilder {
    this.env.count('EmbeddedChartBuilder.setChartType');
    this.data.type = String(type);
    return this.self();
  }

  getChartType(): GoogleAppsScript.Charts.ChartType {
    this.env.count('EmbeddedChartBuilder.getChartType');
    return this.data.type as unknown as GoogleAppsScript.Charts.ChartType;
  }

  addRange(range: GRange): GChartBuilder {
    this.env.count('EmbeddedChartBuilder.addRange');
    const r = range as unknown as LocalRange;
    this.data.ranges.push({sheetId: r.sheetId, ...r.rect});
    return this.self();
  }

  getRanges(): GRange[] {
    this.env.count('EmbeddedChartBuilder.getRanges');
    return this.data.ranges.map(
      ({sheetId, ...rect}) =>
        new LocalRange(
          this.env,
          this.spreadsheetId,
          sheetId,
          rect,
        ) as unknown as GRange,
    );
  }

  setPosition(
    anchorRowPos: number,
    anchorColPos: number,
    offsetX: number,
    offsetY: number,
  ): GChartBuilder {
    this.env.count('EmbeddedChartBuilder.setPosition');
    this.data.position = {
      row: anchorRowPos,
      column: anchorColPos,
      offsetX,
      offsetY,
    };
    return this.self();
  }

  setOption(option: string, value: unknown): GChartBuilder {
    this.env.count('EmbeddedChartBuilder.setOption');
    this.data.options[option] = JSON.parse(JSON.stringify(value ?? null));
    return this.self();
  }

  build(): GChart {
    this.env.count('EmbeddedChartBuilder.build');
    return new LocalChart(
      this.env,
      JSON.parse(JSON.stringify(this.data)),
      this.spreadsheetId,
    ) as unknown as GChart;
  }
}

export class LocalChart implements EmbeddedChartApi {
  constructor(
    private readonly env: Env,
    readonly data: ChartData,
    private spreadsheetId: string,
  ) {}

  attach(spreadsheetId: string, chartId: number): void {
    this.spreadsheetId = spreadsheetId;
    this.data.chartId = chartId;
  }

  getChartId(): number | null {
    this.env.count('EmbeddedChart.getChartId');
    return this.data.chartId || null;
  }

  getRanges(): GRange[] {
    this.env.count('EmbeddedChart.getRanges');
    return this.data.ranges.map(
      ({sheetId, ...rect}) =>
        new LocalRange(
          this.env,
          this.spreadsheetId,
          sheetId,
          rect,
        ) as unknown as GRange,
    );
  }

  getOptions(): GoogleAppsScript.Charts.ChartOptions {
    this.env.count('EmbeddedChart.getOptions');
    const options = this.data.options;
    return {get: (option: string) => options[option] ?? null};
  }

  getContainerInfo(): GoogleAppsScript.Spreadsheet.ContainerInfo {
    this.env.count('EmbeddedChart.getContainerInfo');
    const p = this.data.position;
    return {
      getAnchorColumn: () => p.column,
      getAnchorRow: () => p.row,
      getOffsetX: () => p.offsetX,
      getOffsetY: () => p.offsetY,
    };
  }
}
