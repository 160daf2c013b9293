/**
 * S7 retention: closed cases older than retentionYears are listed for
 * archive; archiving copies every row of those cases to an archive
 * spreadsheet, verifies the copy row by row, and only then removes the rows
 * from the tracker — all audited.
 *
 * An interrupted archive loses nothing: each phase can be repeated. Rows
 * already in the archive are not copied again, a case is removed only when
 * all its rows are found in the archive, and the removal is one atomic
 * commit. Audit rows are copied but stay in the tracker (Audit is
 * append-only and holds no identifiable data).
 */
import {addMonths, formatLongDate} from '../domain/calendar';
import {CaseRecord, Row} from '../domain/records';
import {fail, Result} from '../domain/result';
import {buildTemplate} from '../domain/template';
import {agencyCodes} from '../domain/profiles';
import {emptyPlan, Structure, Tracker, WriteLock} from '../ports';
import {
  CONFIG_TABS,
  Deps,
  Env,
  loadEnv,
  londonNow,
  requireRole,
  Tables,
  withLease,
} from './kit';
import {planStructure} from './setup-requests';

/** Other spreadsheets the add-on creates and opens (the archive). */
export interface Spreadsheets {
  create(name: string): string;
  tracker(id: string): Tracker;
  structure(id: string): Structure;
}

export interface ArchiveDeps extends Deps {
  spreadsheets: Spreadsheets;
  briefLock: WriteLock;
}

/** Tabs whose rows belong to a case, and how a row names its case. */
const CASE_TABS: Array<{
  tab: string;
  caseOf: (row: Row) => string;
  remove: boolean;
}> = [
  ...[
    'Cases',
    'Assessments',
    'Referrals',
    'CostLines',
    'Agenda',
    'Decisions',
    'Actions',
    'Changes',
    'Signatures',
    'Notifications',
    'Reminders',
    'Quarterly',
  ].map(tab => ({
    tab,
    caseOf: (row: Row) => String(row.caseId ?? ''),
    remove: true,
  })),
  {
    tab: '_Submissions',
    caseOf: row => caseIdIn(String(row.recordId ?? '')),
    remove: true,
  },
  {
    tab: 'Audit',
    caseOf: row => caseIdIn(String(row.recordId ?? '')),
    remove: false,
  },
];

/** The case ID a record ID starts with (JRAP-2026-0001-D2 → JRAP-2026-0001). */
function caseIdIn(recordId: string): string {
  return /^[A-Z][A-Z0-9]{1,9}-\d{4}-\d{4,}/.exec(recordId)?.[0] ?? '';
}

/** A row as text, for comparing the copy with the original. */
function fingerprint(row: Row): string {
  return JSON.stringify(
    Object.keys(row)
      .sort()
      .map(k => [k, row[k] ?? null]),
  );
}

export const ARCHIVE_KEY = 'archiveSpreadsheetId';
export const ARCHIVE_FOLDER_KEY = 'archiveFolderId';

export interface ArchiveCandidate {
  caseId: string;
  closedDate: string;
  rows: number;
}

/** S7: the closed cases whose retention period has passed. */
function candidates(tables: Tables, env: Env): ArchiveCandidate[] {
  const cutoff = addMonths(env.today, -12 * env.profile.retentionYears);
  const due = tables
    .rows<CaseRecord>('Cases')
    .filter(
      c => c.status === 'closed' && c.closedDate && c.closedDate <= cutoff,
    );
  return due.map(c => ({
    caseId: c.caseId,
    closedDate: c.closedDate!,
    rows: CASE_TABS.reduce(
      (n, t) =>
        n +
        tables.rows<Row>(t.tab).filter(r => t.caseOf(r) === c.caseId).length,
      0,
    ),
  }));
}

export function listArchive(
  deps: Deps,
): Result<{cases: ArchiveCandidate[]; message: string}> {
  const tables = new Tables(
    deps.tracker.read([...CONFIG_TABS, ...CASE_TABS.map(t => t.tab)]),
  );
  const env = loadEnv(tables, deps);
  if (!env.ok) return env;
  const allowed = requireRole(env.value, ['admin'], 'list cases for archive');
  if (allowed.length) return fail(allowed);
  const cases = candidates(tables, env.value);
  return {
    ok: true,
    value: {
      cases,
      message: cases.length
        ? `${cases.length} closed case${cases.length === 1 ? ' is' : 's are'} past the ${env.value.profile.retentionYears}-year retention period and can be archived.`
        : `No closed case is past the ${env.value.profile.retentionYears}-year retention period.`,
    },
  };
}

export interface ArchiveResult {
  archiveSpreadsheetId: string;
  archived: string[];
  rowsCopied: number;
  rowsRemoved: number;
  /** Case folders moved into the archive folder (with their files). */
  foldersMoved: number;
  notVerified: string[];
  message: string;
}

function archiveTables(tracker: Tracker): Tables {
  return new Tables(tracker.read(CASE_TABS.map(t => t.tab)));
}

export function archiveCases(
  deps: ArchiveDeps,
  input: unknown,
): Result<ArchiveResult> {
  const wanted = (input as {caseIds?: unknown})?.caseIds;
  const only = Array.isArray(wanted) ? new Set(wanted.map(String)) : null;
  return deps.lock.run(() => {
    const owner = `archive-${londonNow(deps.clock).nowIso}-${Math.random().toString(36).slice(2, 10)}`;
    const leased = withLease(
      deps,
      owner,
      330_000,
      (): Result<ArchiveResult> => {
        let tables = new Tables(
          deps.tracker.read([...CONFIG_TABS, ...CASE_TABS.map(t => t.tab)]),
        );
        const env = loadEnv(tables, deps);
        if (!env.ok) return env;
        const allowed = requireRole(env.value, ['admin'], 'archive cases');
        if (allowed.length) return fail(allowed);
        const eligible = candidates(tables, env.value)
          .map(c => c.caseId)
          .filter(id => !only || only.has(id));
        if (only) {
          const refused = [...only].filter(id => !eligible.includes(id));
          if (refused.length) {
            return fail([
              {
                field: 'caseIds',
                rule: 'S7',
                message: `Only closed cases past the ${env.value.profile.retentionYears}-year retention period can be archived: ${refused.join(', ')} ${refused.length === 1 ? 'is' : 'are'} not.`,
              },
            ]);
          }
        }
        const ids = new Set(eligible);
        // The archive spreadsheet: created once, with the tracker's tabs.
        let archiveId = tables.system(ARCHIVE_KEY)?.value ?? '';
        if (!archiveId) {
          archiveId = deps.spreadsheets.create(
            `${env.value.profile.panelName} — archive`,
          );
          const structure = deps.spreadsheets.structure(archiveId);
          const template = buildTemplate(agencyCodes(env.value.profile));
          const caseTemplate = {
            ...template,
            tabs: template.tabs.filter(t =>
              CASE_TABS.some(c => c.tab === t.name),
            ),
          };
          structure.apply(
            planStructure(caseTemplate, structure.describe(), {
              admins: [deps.user],
              finance: [],
            }).requests,
          );
          const record = emptyPlan();
          record.appends.push({
            tab: '_System',
            rows: [{key: ARCHIVE_KEY, value: archiveId}],
          });
          deps.tracker.commit(record, env.value.nowIso);
          tables = new Tables(
            deps.tracker.read([...CONFIG_TABS, ...CASE_TABS.map(t => t.tab)]),
          );
        }
        if (!ids.size) {
          return {
            ok: true,
            value: {
              archiveSpreadsheetId: archiveId,
              archived: [],
              rowsCopied: 0,
              rowsRemoved: 0,
              foldersMoved: 0,
              notVerified: [],
              message: 'No case is due for archive.',
            },
          };
        }
        const archive = deps.spreadsheets.tracker(archiveId);
        // 1. Copy what the archive does not hold yet (a repeated run copies nothing twice).
        const present = archiveTables(archive);
        const copy = emptyPlan();
        let rowsCopied = 0;
        for (const t of CASE_TABS) {
          const held = countPrints(present.rows<Row>(t.tab));
          const rows = tables
            .rows<Row>(t.tab)
            .filter(r => ids.has(t.caseOf(r)));
          const missing: Row[] = [];
          for (const row of rows) {
            const print = fingerprint(row);
            if ((held.get(print) ?? 0) > 0)
              held.set(print, held.get(print)! - 1);
            else missing.push(row);
          }
          if (missing.length) copy.appends.push({tab: t.tab, rows: missing});
          rowsCopied += missing.length;
        }
        if (rowsCopied) archive.commit(copy, env.value.nowIso);
        // 2. Verify, row by row, from a fresh read of the archive.
        const copied = archiveTables(archive);
        const verified = new Set<string>();
        const notVerified: string[] = [];
        const unreachable: string[] = [];
        let filesMoved = 0;
        for (const id of ids) {
          const ok = CASE_TABS.every(t => {
            const held = countPrints(
              copied.rows<Row>(t.tab).filter(r => t.caseOf(r) === id),
            );
            return tables
              .rows<Row>(t.tab)
              .filter(r => t.caseOf(r) === id)
              .every(r => {
                const print = fingerprint(r);
                const n = held.get(print) ?? 0;
                held.set(print, n - 1);
                return n > 0;
              });
          });
          if (ok) verified.add(id);
          else notVerified.push(id);
        }
        // 2b. Files (S7): each verified case's Drive folder (Cases.folderId,
        // holding its outcome notes) moves into the archive folder, in one
        // Drive request per folder, so a file is always in one of the two.
        // A case whose folder this admin cannot reach stays in the tracker.
        const folders = tables
          .rows<CaseRecord>('Cases')
          .filter(c => verified.has(c.caseId) && String(c.folderId ?? ''))
          .map(c => ({caseId: c.caseId, folderId: String(c.folderId)}));
        if (folders.length) {
          const drive = deps.drive;
          let archiveFolder = tables.system(ARCHIVE_FOLDER_KEY)?.value ?? '';
          if (drive && (!archiveFolder || !drive.find(archiveFolder))) {
            archiveFolder = drive.createFolder(
              `${env.value.profile.panelName} — archive files`,
              null,
            );
            const record = emptyPlan();
            const row = tables.system(ARCHIVE_FOLDER_KEY);
            if (row)
              record.updates.push({
                tab: '_System',
                rowNumber: row.rowNumber,
                values: {value: archiveFolder},
              });
            else
              record.appends.push({
                tab: '_System',
                rows: [{key: ARCHIVE_FOLDER_KEY, value: archiveFolder}],
              });
            deps.tracker.commit(record, env.value.nowIso);
          }
          for (const {caseId, folderId} of folders) {
            const before = drive?.find(folderId) ?? null;
            if (!drive || !before) {
              verified.delete(caseId);
              notVerified.push(caseId);
              unreachable.push(caseId);
              continue;
            }
            if (!(before.parents ?? []).includes(archiveFolder))
              drive.moveTo(folderId, archiveFolder);
            const after = drive.find(folderId);
            if (!after || !(after.parents ?? []).includes(archiveFolder)) {
              verified.delete(caseId);
              notVerified.push(caseId);
            } else filesMoved++;
          }
        }
        // 3. Remove the verified cases' rows in one atomic commit, audited.
        const remove = emptyPlan();
        let rowsRemoved = 0;
        for (const t of CASE_TABS.filter(x => x.remove)) {
          const rowNumbers = tables
            .where<Row>(t.tab, r => verified.has(t.caseOf(r)))
            .map(h => h.rowNumber);
          if (rowNumbers.length) remove.deletes.push({tab: t.tab, rowNumbers});
          rowsRemoved += rowNumbers.length;
        }
        for (const id of verified) {
          remove.audit.push({
            user: deps.user,
            action: 'archiveCases',
            recordId: id,
            summary:
              'Archived to the archive spreadsheet after verification, with its Drive folder if any (S7)',
          });
        }
        if (rowsRemoved || remove.audit.length)
          deps.tracker.commit(remove, env.value.nowIso);
        return {
          ok: true,
          value: {
            archiveSpreadsheetId: archiveId,
            archived: [...verified],
            rowsCopied,
            rowsRemoved,
            foldersMoved: filesMoved,
            notVerified,
            message:
              `${verified.size} case${verified.size === 1 ? '' : 's'} archived on ${formatLongDate(env.value.today)} (${rowsRemoved} rows and ${filesMoved} case folder${filesMoved === 1 ? '' : 's'} moved to the archive).` +
              (notVerified.length
                ? ` ${notVerified.length} could not be verified and stay in the tracker: ${notVerified.join(', ')}.`
                : '') +
              (unreachable.length
                ? ` The Drive folders of ${unreachable.join(', ')} were made by another admin and only they can move them (drive.file): ask them to run the archive.`
                : ''),
          },
        };
      },
    );
    if (!leased.ok) {
      return fail([
        {
          field: 'archive',
          rule: 'S6',
          message:
            'The daily run is working on the tracker; try archiving again in a few minutes.',
        },
      ]);
    }
    return leased.value;
  });
}

function countPrints(rows: Row[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    const p = fingerprint(r);
    out.set(p, (out.get(p) ?? 0) + 1);
  }
  return out;
}
