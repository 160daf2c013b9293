/**
 * spreadsheets.batchUpdate chart requests in the Sheets stand-in: addChart
 * and updateChartSpec store the chart on its anchor sheet the way
 * Sheet.insertChart does, so SpreadsheetApp's getCharts() sees it.
 * https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets/request#AddChartRequest
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {ExecutionContext, Workspace, createContext} from '../../local/core';
import {createSheetsService} from '../../local/sheets/sheets-api';
import {createSpreadsheetApp} from '../../local/sheets/spreadsheet-app';
import {createSpreadsheet, readWorkbook} from '../../local/sheets/store';

type Request = GoogleAppsScript.Sheets.Schema.Request;
type ChartSpec = GoogleAppsScript.Sheets.Schema.ChartSpec;

const START = Date.parse('2026-01-05T09:00:00Z');

let dir: string;
let workspace: Workspace;
let id: string;
let ctx: ExecutionContext;

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an exception');
}

function batch(requests: Request[]) {
  return createSheetsService(ctx).Spreadsheets.batchUpdate({requests}, id);
}

const column = (sheetId: number, c: number, rows = 3) => ({
  sourceRange: {
    sources: [
      {
        sheetId,
        startRowIndex: 0,
        endRowIndex: rows,
        startColumnIndex: c,
        endColumnIndex: c + 1,
      },
    ],
  },
});

function spec(title: string, series = 2): ChartSpec {
  return {
    title,
    subtitle: 'rebuilt today',
    basicChart: {
      chartType: 'COLUMN',
      legendPosition: 'BOTTOM_LEGEND',
      headerCount: 1,
      axis: [
        {position: 'BOTTOM_AXIS', title: 'Quarter'},
        {position: 'LEFT_AXIS', title: '£'},
      ],
      domains: [{domain: column(21, 0)}],
      series: Array.from({length: series}, (_, i) => ({
        series: column(21, i + 1),
        targetAxis: 'LEFT_AXIS',
      })),
    },
  };
}

function addChart(chartId: number | undefined, title = 'Spend'): Request {
  return {
    addChart: {
      chart: {
        ...(chartId === undefined ? {} : {chartId}),
        spec: spec(title),
        position: {
          overlayPosition: {
            anchorCell: {sheetId: 20, rowIndex: 1, columnIndex: 5},
            offsetXPixels: 4,
            offsetYPixels: 8,
            widthPixels: 600,
            heightPixels: 300,
          },
        },
      },
    },
  };
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sheets-requests-'));
  workspace = new Workspace(dir);
  id = createSpreadsheet(workspace, {
    name: 'Tracker',
    owner: 'admin@example.org',
  }).id;
  ctx = createContext({
    workspace,
    activeUser: 'admin@example.org',
    startAt: START,
    activeSpreadsheetId: id,
  });
  batch([
    {addSheet: {properties: {title: 'Quarterly', sheetId: 20}}},
    {addSheet: {properties: {title: 'Data', sheetId: 21, hidden: true}}},
  ]);
});

afterEach(() => {
  fs.rmSync(dir, {recursive: true, force: true});
});

describe('addChart', () => {
  it('stores the chart on its anchor sheet as SpreadsheetApp keeps embedded charts', () => {
    const out = batch([addChart(4242)]);
    expect(out.replies![0].addChart!.chart!.chartId).toBe(4242);
    const sheet = readWorkbook(workspace, id).sheets.find(
      s => s.name === 'Quarterly',
    )!;
    expect(sheet.charts).toEqual([
      {
        chartId: 4242,
        type: 'COLUMN',
        ranges: [
          {sheetId: 21, r0: 0, r1: 3, c0: 0, c1: 1},
          {sheetId: 21, r0: 0, r1: 3, c0: 1, c1: 2},
          {sheetId: 21, r0: 0, r1: 3, c0: 2, c1: 3},
        ],
        options: {
          title: 'Spend',
          subtitle: 'rebuilt today',
          'legend.position': 'bottom',
          'hAxis.title': 'Quarter',
          'vAxis.title': '£',
          width: 600,
          height: 300,
        },
        position: {row: 2, column: 6, offsetX: 4, offsetY: 8},
      },
    ]);
    // SpreadsheetApp sees the same chart.
    const app = createSpreadsheetApp(ctx);
    const [chart] = app
      .getActiveSpreadsheet()!
      .getSheetByName('Quarterly')!
      .getCharts();
    expect(chart.getChartId()).toBe(4242);
    expect(chart.getOptions().get('title')).toBe('Spend');
    expect(chart.getRanges().map(r => r.getA1Notation())).toEqual([
      'A1:A3',
      'B1:B3',
      'C1:C3',
    ]);
    expect(chart.getContainerInfo().getAnchorRow()).toBe(2);
  });

  it('generates an id when none is given, and refuses an id already used', () => {
    const out = batch([addChart(undefined)]);
    const generated = out.replies![0].addChart!.chart!.chartId!;
    expect(Number.isInteger(generated)).toBe(true);
    const before = readWorkbook(workspace, id).version;
    const e = thrown(() => batch([addChart(generated, 'Again')]));
    expect(e.message).toBe(
      `API call to sheets.spreadsheets.batchUpdate failed with error: Invalid requests[0].addChart: An object with the id ${generated} already exists.`,
    );
    expect(readWorkbook(workspace, id).version).toBe(before);
  });

  it('refuses a source range outside the grid, a missing anchor sheet and two positions', () => {
    const outside = addChart(1);
    outside.addChart!.chart!.spec!.basicChart!.domains![0].domain!.sourceRange!.sources![0].endRowIndex = 5000;
    expect(thrown(() => batch([outside])).message).toMatch(
      /Invalid requests\[0\]\.addChart: .*exceeds grid limits/,
    );
    const noSheet = addChart(2);
    noSheet.addChart!.chart!.position!.overlayPosition!.anchorCell!.sheetId = 99;
    expect(thrown(() => batch([noSheet])).message).toMatch(
      /Invalid requests\[0\]\.addChart: No grid with id: 99/,
    );
    const two = addChart(3);
    two.addChart!.chart!.position!.sheetId = 20;
    expect(thrown(() => batch([two])).message).toMatch(
      /must set exactly one of sheetId, overlayPosition or newSheet/,
    );
    const wb = readWorkbook(workspace, id);
    expect(wb.sheets.flatMap(s => s.charts)).toEqual([]);
  });

  it('moves its ranges with the rows of their sheet', () => {
    batch([
      addChart(7),
      {
        insertDimension: {
          range: {sheetId: 21, dimension: 'ROWS', startIndex: 0, endIndex: 2},
        },
      },
    ]);
    const chart = readWorkbook(workspace, id).sheets.find(
      s => s.name === 'Quarterly',
    )!.charts[0];
    expect(chart.ranges[0]).toEqual({sheetId: 21, r0: 2, r1: 5, c0: 0, c1: 1});
  });
});

describe('updateChartSpec', () => {
  it('replaces the spec and keeps the position and size', () => {
    batch([addChart(11)]);
    batch([{updateChartSpec: {chartId: 11, spec: spec('Spend (rebuilt)', 1)}}]);
    const chart = readWorkbook(workspace, id).sheets.find(
      s => s.name === 'Quarterly',
    )!.charts[0];
    expect(chart.options.title).toBe('Spend (rebuilt)');
    expect(chart.options.width).toBe(600);
    expect(chart.ranges).toHaveLength(2);
    expect(chart.position).toEqual({row: 2, column: 6, offsetX: 4, offsetY: 8});
  });

  it('fails for a chart that does not exist, applying nothing', () => {
    const e = thrown(() =>
      batch([
        {addSheet: {properties: {title: 'Fresh'}}},
        {updateChartSpec: {chartId: 12, spec: spec('x')}},
      ]),
    );
    expect(e.message).toMatch(
      /Invalid requests\[1\]\.updateChartSpec: No chart with id: 12/,
    );
    expect(readWorkbook(workspace, id).sheets.map(s => s.name)).not.toContain(
      'Fresh',
    );
  });
});
