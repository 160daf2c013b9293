/**
 * The scenario report of SPEC section 7: every step's outcome, every tab of
 * the tracker, the mail sent, the files in Drive, the triggers and the
 * service calls made.
 *
 * Tab values are given in the domain's units, as the tracker's adapter reads
 * them: dates as ISO 'YYYY-MM-DD', date-times as Europe/London
 * 'YYYY-MM-DDTHH:MM', money as integer pence (columns named …Pence), shares
 * as basis points, checkboxes as booleans. A column a person added is given
 * as stored.
 */
import {fromCell} from '../src/gas/tracker';
import {columnTypeOf} from '../src/domain/template';
import {createContext, Workspace} from './core';
import {listDriveFiles} from './docs/drive-store';
import {formatAt} from './clock';
import {readSentMail, readTriggers} from './services';
import {createSheetsService} from './sheets';

export interface StepReport {
  call: string;
  at: string;
  ok: boolean;
  result: unknown;
  errors: Array<{field: string; rule: string; message: string}>;
  serviceCalls: number;
}

export interface Report {
  spreadsheetId?: string;
  workspace?: string;
  setup: StepReport;
  steps: StepReport[];
  /** Runs of installed time-driven triggers as the clock passed them. */
  triggerRuns: StepReport[];
  tabs: Record<string, unknown[][]>;
  mail: Array<{
    to: string;
    cc: string;
    subject: string;
    body: string;
    html: string | null;
    sentAt: string;
  }>;
  files: Array<{
    path: string;
    mimeType: string;
    sharedWith: string[];
    pages?: number;
    permissions: unknown[];
  }>;
  triggers: Array<{
    uid: string;
    handler: string;
    owner: string;
    type: string;
    documentId: string | null;
  }>;
  serviceCalls: number;
}

/** Every tab of a spreadsheet, header first, values in domain units. */
export function readTabs(
  workspace: Workspace,
  spreadsheetId: string,
): Record<string, unknown[][]> {
  const ctx = createContext({
    workspace,
    activeUser: 'report@local',
    startAt: Date.now(),
    activeSpreadsheetId: spreadsheetId,
  });
  const sheets = createSheetsService(ctx) as unknown as GoogleAppsScript.Sheets;
  const meta = sheets.Spreadsheets!.get(spreadsheetId, {
    fields: 'sheets.properties(title)',
  });
  const titles = (meta.sheets ?? []).map(s => String(s.properties!.title));
  if (!titles.length) return {};
  const got = sheets.Spreadsheets!.Values!.batchGet(spreadsheetId, {
    ranges: titles.map(t => `'${t.replace(/'/g, "''")}'`),
    valueRenderOption: 'UNFORMATTED_VALUE',
    dateTimeRenderOption: 'SERIAL_NUMBER',
  });
  const tabs: Record<string, unknown[][]> = {};
  (got.valueRanges ?? []).forEach((range, i) => {
    const tab = titles[i];
    const values = (range.values ?? []) as Array<
      Array<string | number | boolean>
    >;
    const header = (values[0] ?? []).map(h => String(h ?? ''));
    const types = header.map(h => columnTypeOf(tab, h));
    const rows: unknown[][] = [header];
    for (const row of values.slice(1)) {
      if (row.every(c => c === '' || c === undefined || c === null)) continue;
      rows.push(
        header.map((_, c) =>
          types[c] ? fromCell(types[c], row[c]) : (row[c] ?? ''),
        ),
      );
    }
    tabs[tab] = rows;
  });
  return tabs;
}

export function buildReport(
  workspace: Workspace,
  spreadsheetId: string,
  run: {
    setup: StepReport;
    steps: StepReport[];
    triggerRuns: StepReport[];
    serviceCalls: number;
  },
): Report {
  return {
    spreadsheetId,
    setup: run.setup,
    steps: run.steps,
    triggerRuns: run.triggerRuns,
    tabs: readTabs(workspace, spreadsheetId),
    mail: readSentMail(workspace).map(m => ({
      to: m.to,
      cc: m.cc,
      subject: m.subject,
      body: m.body,
      html: m.htmlBody,
      sentAt: formatAt(Date.parse(m.sentAt)),
    })),
    files: listDriveFiles(workspace)
      .filter(f => !f.trashed)
      .map(f => ({
        path: f.path,
        mimeType: f.mimeType,
        sharedWith: f.sharedWith,
        ...(f.pages !== undefined ? {pages: f.pages} : {}),
        permissions: f.permissions,
      })),
    triggers: readTriggers(workspace).map(t => ({
      uid: t.uid,
      handler: t.handler,
      owner: t.owner,
      type: String(t.type),
      documentId: t.documentId ?? null,
    })),
    serviceCalls: run.serviceCalls,
  };
}
