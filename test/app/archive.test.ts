/**
 * S7 retention on 1,000 closed cases: listed, copied to the archive,
 * verified, removed from the tracker — and an archive run killed at any
 * point loses nothing: every row is in the tracker or in the archive, and
 * none leaves the tracker unverified.
 */
import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {appendRows} from '../../local/bench';
import {baseRecord, DriveStore} from '../../local/docs/drive-store';
import {parseAt} from '../../local/clock';
import {readTabs} from '../../local/report';
import {Row} from '../../src/domain/records';
import {build, ROOT, tracker, Tracker} from './helpers';

beforeAll(build);

const CASE_TABS = [
  'Cases',
  'CostLines',
  'Decisions',
  'Actions',
  'Reminders',
  'Audit',
];

const FOLDER_MIME = 'application/vnd.google-apps.folder';
const WITH_FILES = 30;

/**
 * A case folder holding one outcome-note PDF, made by the add-on for `owner`
 * (drive.file: only the owner's runs of the add-on can see it).
 */
function caseFolder(t: Tracker, caseId: string, owner: string): string {
  const store = new DriveStore(t.session.workspace);
  const now = '2014-05-07T10:00:00.000Z';
  const root = store.rootFolderId(owner, now);
  const folder = {
    ...baseRecord(`fld-${caseId}`, caseId, FOLDER_MIME, owner, now),
    parents: [root],
  };
  store.insert(folder);
  const pdf = {
    ...baseRecord(
      `pdf-${caseId}`,
      `${caseId} outcome note v1.pdf`,
      'application/pdf',
      owner,
      now,
    ),
    parents: [folder.id],
  };
  store.insert(pdf, new TextEncoder().encode('%PDF-1.4 fictional'));
  return folder.id;
}

function seed(t: Tracker): {old: string[]; keep: string[]} {
  const cases: Row[] = [];
  const lines: Row[] = [];
  const decisions: Row[] = [];
  const actions: Row[] = [];
  const reminders: Row[] = [];
  const audit: Row[] = [];
  const old: string[] = [];
  const keep: string[] = [];
  const add = (
    caseId: string,
    status: string,
    closedDate: string | null,
    folderId = '',
  ) => {
    cases.push({
      caseId,
      status,
      childRef: `OLD-${caseId}`,
      initials: 'ZQ',
      dateOfBirth: '2000-01-01',
      legalStatus: 'S20',
      leadAgency: 'SCS',
      referrerEmail: 'sw1@example.org',
      needsSummary: 'Historic case',
      closedDate,
      rowVersion: 3,
      folderId,
    });
    lines.push({
      lineId: `${caseId}-V1-L1`,
      caseId,
      version: 1,
      status: 'endorsed',
      kind: 'care',
      weeklyPence: 100000,
      weeksPerYear: 52,
      annualPence: 5200000,
      share_SCS: 10000,
    });
    decisions.push({
      decisionId: `${caseId}-D1`,
      caseId,
      panelDate: '2014-05-06',
      outcome: 'endorsed',
      rationale: 'Historic',
    });
    actions.push({
      actionId: `${caseId}-D1-A1`,
      caseId,
      decisionId: `${caseId}-D1`,
      description: 'Historic action',
      ownerEmail: 'sw1@example.org',
      dueDate: '2014-06-01',
      doneDate: '2014-05-20',
    });
    reminders.push({
      key: `${caseId}|actionDue#x|2014-06-01|sw1@example.org`,
      caseId,
      kind: 'actionDue',
      dueDate: '2014-06-01',
      recipient: 'sw1@example.org',
      status: 'sent',
      sentAt: '2014-06-01T07:00',
      runId: 'run-old',
    });
    audit.push({
      timestamp: '2014-05-06T12:00',
      user: 'admin@example.org',
      action: 'recordDecision',
      recordId: `${caseId}-D1`,
      summary: 'Outcome endorsed',
    });
  };
  for (let i = 0; i < 1000; i++) {
    const id = `JRAP-2014-${String(i + 1).padStart(4, '0')}`;
    // The first cases have a Drive folder with a note; the last one's was
    // made by another admin, whom drive.file lets see it alone.
    const owner = i === 999 ? 'admin2@example.org' : 'admin@example.org';
    add(
      id,
      'closed',
      '2017-03-01',
      i < WITH_FILES || i === 999 ? caseFolder(t, id, owner) : '',
    );
    old.push(id);
  }
  for (let i = 0; i < 20; i++) {
    const id = `JRAP-2023-${String(i + 1).padStart(4, '0')}`;
    add(id, 'closed', '2024-03-01');
    keep.push(id);
  }
  for (let i = 0; i < 10; i++) {
    const id = `JRAP-2025-${String(i + 1).padStart(4, '0')}`;
    add(id, 'active', null);
    keep.push(id);
  }
  appendRows(t.session, {
    Cases: cases,
    CostLines: lines,
    Decisions: decisions,
    Actions: actions,
    Reminders: reminders,
    Audit: audit,
  });
  return {old, keep};
}

type Prints = Map<string, Set<string>>;

/** Every row of every case tab, by case ID, as text. */
function prints(tabs: Record<string, unknown[][]>): Prints {
  const out: Prints = new Map();
  for (const tab of CASE_TABS) {
    const [header, ...rows] = (tabs[tab] ?? [[]]) as unknown[][];
    const key = tab === 'Audit' ? 'recordId' : 'caseId';
    const at = (header as string[]).indexOf(key);
    for (const row of rows) {
      const caseId = String(row[at] ?? '').replace(/-D\d+$/, '');
      if (!out.has(caseId)) out.set(caseId, new Set());
      out.get(caseId)!.add(`${tab}:${JSON.stringify(row)}`);
    }
  }
  return out;
}

function archiveId(t: Tracker): string | undefined {
  return t.tab('_System').find(r => r.key === 'archiveSpreadsheetId')?.value as
    string | undefined;
}

describe('S7 retention', () => {
  it('S7: lists closed cases past retentionYears, and an archive killed at any point loses nothing', () => {
    const t = tracker({});
    const {old, keep} = seed(t);
    const before = prints(
      readTabs(t.session.workspace, t.session.spreadsheetId),
    );
    const listed = t.ok<{cases: Array<{caseId: string}>}>(
      'listArchive',
      undefined,
      'admin@example.org',
      '2026-06-01T09:00',
    );
    expect(listed.cases.map(c => c.caseId).sort()).toEqual(old);
    const refused = t.call(
      'archiveCases',
      {caseIds: [keep[0]]},
      'admin@example.org',
      '2026-06-01T09:00',
    );
    expect(refused.errors[0]).toMatchObject({field: 'caseIds', rule: 'S7'});
    expect(
      t.call('archiveCases', {}, 'sw1@example.org', '2026-06-01T09:00')
        .errors[0],
    ).toMatchObject({rule: 'S5'});

    const check = () => {
      const now = prints(
        readTabs(t.session.workspace, t.session.spreadsheetId),
      );
      const id = archiveId(t);
      const archived = id
        ? prints(readTabs(t.session.workspace, id))
        : new Map();
      for (const [caseId, rows] of before) {
        for (const row of rows) {
          const inTracker = now.get(caseId)?.has(row) ?? false;
          const inArchive = archived.get(caseId)?.has(row) ?? false;
          // Every row is somewhere; a row that left the tracker is in the archive.
          expect(`${row}: ${inTracker || inArchive}`).toBe(`${row}: true`);
        }
      }
      for (const caseId of keep)
        expect(now.get(caseId)).toEqual(before.get(caseId));
      // Every case folder is in exactly one place — where it was, or the
      // archive folder — and its note is still inside it.
      const drive = new DriveStore(t.session.workspace);
      const archiveFolder = t
        .tab('_System')
        .find(r => r.key === 'archiveFolderId')?.value;
      for (const caseId of [...old.slice(0, WITH_FILES), old[999]]) {
        const folder = drive.get(`fld-${caseId}`)!;
        const owner = folder.owners[0];
        const where = folder.parents.map(p =>
          p === archiveFolder
            ? 'archive'
            : p === drive.rootFolderId(owner, '')
              ? 'tracker'
              : p,
        );
        expect(
          `${caseId}: ${where.length === 1 && ['archive', 'tracker'].includes(where[0])}`,
        ).toBe(`${caseId}: true`);
        expect(drive.get(`pdf-${caseId}`)!.parents).toEqual([folder.id]);
      }
    };
    // Kill an archive run after its 1st, 2nd, … write; each time everything is still somewhere.
    let minute = 0;
    for (let n = 1; n <= 6; n++) {
      minute += 10;
      const run = spawnSync(
        process.execPath,
        [
          path.join(ROOT, 'build/local/call.js'),
          '--workspace',
          t.session.workspace.dir,
          '--as',
          'admin@example.org',
          '--at',
          `2026-06-01T${String(9 + Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
          'archiveCases',
          '{}',
        ],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            TZ: 'Europe/London',
            PANEL_TRACKER_KILL_AFTER_BATCHUPDATES: String(n),
          },
        },
      );
      check();
      if (run.signal !== 'SIGKILL') break;
    }
    const done = t.session.call('archiveCases', [{}], {
      as: 'admin@example.org',
      at: parseAt('2026-06-01T12:00'),
    });
    expect(done.ok).toBe(true);
    check();
    const after = prints(
      readTabs(t.session.workspace, t.session.spreadsheetId),
    );
    const moved = old.slice(0, 999);
    const other = old[999];
    for (const caseId of moved) {
      const left = [...(after.get(caseId) ?? [])].filter(
        r => !r.startsWith('Audit:'),
      );
      expect(left).toEqual([]);
    }
    const archive = prints(readTabs(t.session.workspace, archiveId(t)!));
    for (const caseId of moved)
      expect(archive.get(caseId)).toEqual(before.get(caseId));
    // Files: the case folders went with their cases, into the archive folder.
    const drive = new DriveStore(t.session.workspace);
    const archiveFolder = t
      .tab('_System')
      .find(r => r.key === 'archiveFolderId')?.value as string;
    expect(drive.get(archiveFolder)!.name).toContain('archive files');
    for (const caseId of old.slice(0, WITH_FILES))
      expect(drive.get(`fld-${caseId}`)!.parents).toEqual([archiveFolder]);
    // The case whose folder another admin made stays, whole, and says why.
    expect(after.get(other)).toEqual(before.get(other));
    expect(drive.get(`fld-${other}`)!.parents).toEqual([
      drive.rootFolderId('admin2@example.org', ''),
    ]);
    const result = done.ok
      ? (done.result as {notVerified: string[]; message: string})
      : null;
    expect(result?.notVerified).toEqual([other]);
    expect(result?.message).toContain(
      `The Drive folders of ${other} were made by another admin`,
    );
    expect(
      t.tab('Audit').filter(a => a.action === 'archiveCases'),
    ).toHaveLength(999);
    expect(
      t
        .ok<{cases: Array<{caseId: string}>}>(
          'listArchive',
          undefined,
          'admin@example.org',
          '2026-06-01T12:30',
        )
        .cases.map(c => c.caseId),
    ).toEqual([other]);
  }, 300_000);
});
