/**
 * The daily run (A1–A5): every reminder item due, minus those already in the
 * Reminders tab, grouped into one digest per recipient, sent within the mail
 * quota (A2) and the run's time budget, each digest logged as soon as it is
 * sent. What cannot be sent today is logged as deferred and sent on the next
 * run. The Health tab shows how the run went (A5).
 *
 * Safety: the run holds the lease (S6), so two overlapping runs never both
 * send; a second run the same day finds every item logged; a run killed
 * between two sends has logged every digest it sent, so the next run sends
 * the rest and repeats none. A recipient gets at most one digest a day.
 */
import {formatLongDate} from '../domain/calendar';
import {
  dueReminders,
  ReminderItem,
  ReminderSnapshot,
} from '../domain/reminders';
import {
  ActionRecord,
  AgendaItem,
  AssessmentRecord,
  CaseRecord,
  DecisionRecord,
  NotificationRecord,
  PanelRecord,
  ReminderLogRecord,
  Row,
  SignatureRecord,
} from '../domain/records';
import {fail, Result} from '../domain/result';
import {emptyPlan, Mail, Mailer, WriteLock} from '../ports';
import {composeDigest, DigestItem} from './digest';
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
import {nextRunAt} from './triggers';

export const DISPATCH_TABS = [
  'Cases',
  'Assessments',
  'Decisions',
  'Actions',
  'Signatures',
  'Notifications',
  'Panels',
  'Agenda',
  'Reminders',
  'Health',
];

export interface DispatchDeps extends Deps {
  mailer: Mailer;
  briefLock: WriteLock;
  /** Who owns the trigger this run came from (A5). */
  triggerOwner: string;
  /** Run by a person from the menu (admins only), not by the trigger. */
  manual?: boolean;
}

export interface RunSummary {
  runId: string;
  outcome: 'ok' | 'partial' | 'busy' | 'failed';
  itemsSent: number;
  mailsSent: number;
  deferred: number;
  deferredReasons: Record<string, number>;
  errors: string[];
  message: string;
}

interface Planned {
  env: Env;
  tables: Tables;
  /** Items not yet sent, by recipient, with links. */
  byRecipient: Map<string, DigestItem[]>;
  /** Items already deferred (Reminders rows), by key. */
  deferredRows: Map<string, number>;
  mailedToday: Set<string>;
}

function snapshotOf(tables: Tables, env: Env): ReminderSnapshot {
  return {
    profile: env.profile,
    cal: env.cal,
    cases: tables.rows<CaseRecord>('Cases').filter(c => c.caseId),
    assessments: tables.rows<AssessmentRecord>('Assessments'),
    decisions: tables.rows<DecisionRecord>('Decisions'),
    actions: tables.rows<ActionRecord>('Actions'),
    signatures: tables.rows<SignatureRecord>('Signatures'),
    notifications: tables.rows<NotificationRecord>('Notifications'),
    panels: tables.rows<PanelRecord>('Panels').filter(p => p.panelDate),
    agenda: tables.rows<AgendaItem>('Agenda'),
    members: env.members,
  };
}

/** Read everything once and work out what is due and not yet sent. */
function plan(deps: Deps): Result<Planned> {
  const tables = new Tables(
    deps.tracker.read([...CONFIG_TABS, ...DISPATCH_TABS]),
  );
  const env = loadEnv(tables, deps);
  if (!env.ok) return env;
  const today = env.value.today;
  const log = tables.where<ReminderLogRecord>('Reminders', r => Boolean(r.key));
  const sent = new Set(
    log.filter(r => r.record.status === 'sent').map(r => r.record.key),
  );
  const deferredRows = new Map(
    log
      .filter(r => r.record.status === 'deferred')
      .map(r => [r.record.key, r.rowNumber]),
  );
  const mailedToday = new Set(
    log
      .filter(
        r =>
          r.record.status === 'sent' &&
          (r.record.sentAt ?? '').slice(0, 10) === today,
      )
      .map(r => r.record.recipient),
  );
  const caseRows = new Map(
    tables
      .where<CaseRecord>('Cases', c => Boolean(c.caseId))
      .map(h => [h.record.caseId, h]),
  );
  const agenda = tables.rows<AgendaItem>('Agenda');
  const linkOf = (item: ReminderItem) => {
    const row = caseRows.get(item.caseId);
    return row
      ? deps.tracker.linkTo('Cases', row.rowNumber)
      : deps.tracker.linkTo(item.tab);
  };
  const byRecipient = new Map<string, DigestItem[]>();
  for (const item of dueReminders(snapshotOf(tables, env.value), today)) {
    if (sent.has(item.key)) continue;
    const digestItem: DigestItem = {...item, link: linkOf(item)};
    if (item.kind === 'agendaPack') {
      const panelDate = item.dueDate;
      digestItem.details = agenda
        .filter(a => a.panelDate === panelDate)
        .sort((a, b) => a.slot - b.slot)
        .map(a => {
          const c = caseRows.get(a.caseId)?.record;
          return {
            text: `${a.slotStart} ${a.caseId} (${a.kind})`,
            link: c?.folderId
              ? `https://drive.google.com/drive/folders/${c.folderId}`
              : deps.tracker.linkTo('Cases', caseRows.get(a.caseId)?.rowNumber),
          };
        });
    }
    if (!byRecipient.has(item.recipient)) byRecipient.set(item.recipient, []);
    byRecipient.get(item.recipient)!.push(digestItem);
  }
  return {
    ok: true,
    value: {env: env.value, tables, byRecipient, deferredRows, mailedToday},
  };
}

function digestFor(
  p: Planned,
  recipient: string,
  items: DigestItem[],
  trackerUrl: string,
): Mail {
  return composeDigest({
    recipient,
    items,
    panelName: p.env.profile.panelName,
    idPrefix: p.env.profile.idPrefix,
    trackerUrl,
    today: p.env.today,
  });
}

function logRows(
  items: DigestItem[],
  status: 'sent' | 'deferred',
  nowIso: string,
  runId: string,
): Row[] {
  return items.map(i => ({
    key: i.key,
    caseId: i.caseId,
    kind: i.kind,
    dueDate: i.dueDate,
    recipient: i.recipient,
    status,
    sentAt: status === 'sent' ? nowIso : null,
    runId,
  }));
}

/** A5: the Health block, key by key. */
function healthPlan(
  tables: Tables,
  values: Record<string, string | number>,
): ReturnType<typeof emptyPlan> {
  const plan = emptyPlan();
  const rows = tables.where<{key: string; value: unknown}>('Health', r =>
    Boolean(r.key),
  );
  for (const [key, value] of Object.entries(values)) {
    const hit = rows.find(r => r.record.key === key);
    if (hit)
      plan.updates.push({
        tab: 'Health',
        rowNumber: hit.rowNumber,
        values: {value: String(value)},
      });
    else
      plan.appends.push({tab: 'Health', rows: [{key, value: String(value)}]});
  }
  return plan;
}

export function runDaily(deps: DispatchDeps): Result<RunSummary> {
  const started = deps.clock.now();
  const {nowIso: startIso} = londonNow(deps.clock);
  // Unique per execution: two runs started the same minute must not share a lease.
  const runId = `run-${startIso}-${Math.random().toString(36).slice(2, 10)}`;
  let budgetMs = 300_000;
  const leased = withLease(deps, runId, 330_000, (): Result<RunSummary> => {
    const planned = plan(deps);
    if (!planned.ok) return planned;
    const p = planned.value;
    if (deps.manual) {
      const allowed = requireRole(
        p.env,
        ['admin'],
        'run the daily reminders by hand',
      );
      if (allowed.length) return fail(allowed);
    }
    budgetMs = p.env.profile.runBudgetSeconds * 1000;
    let quota = deps.mailer.remainingQuota();
    const summary: RunSummary = {
      runId,
      outcome: 'ok',
      itemsSent: 0,
      mailsSent: 0,
      deferred: 0,
      deferredReasons: {},
      errors: [],
      message: '',
    };
    const deferred: DigestItem[] = [];
    const defer = (items: DigestItem[], reason: string) => {
      deferred.push(...items);
      summary.deferredReasons[reason] =
        (summary.deferredReasons[reason] ?? 0) + items.length;
    };
    for (const [recipient, items] of [...p.byRecipient.entries()].sort(
      ([a], [b]) => a.localeCompare(b),
    )) {
      if (p.mailedToday.has(recipient)) {
        defer(items, 'already sent a digest today');
        continue;
      }
      if (quota <= 0) {
        defer(items, 'mail quota used up');
        continue;
      }
      if (deps.clock.now() - started > budgetMs) {
        defer(items, 'time budget reached');
        continue;
      }
      try {
        deps.mailer.send(digestFor(p, recipient, items, deps.tracker.url));
      } catch (e) {
        summary.errors.push(
          `${recipient}: ${e instanceof Error ? e.message : String(e)}`,
        );
        defer(items, 'sending failed');
        continue;
      }
      quota--;
      // Log this digest now: a run killed after this point repeats nothing.
      const {nowIso} = londonNow(deps.clock);
      const log = emptyPlan();
      for (const item of items) {
        const row = p.deferredRows.get(item.key);
        if (row)
          log.updates.push({
            tab: 'Reminders',
            rowNumber: row,
            values: {status: 'sent', sentAt: nowIso, runId},
          });
        else
          (log.appends[0] ??= {tab: 'Reminders', rows: []}).rows.push(
            ...logRows([item], 'sent', nowIso, runId),
          );
      }
      deps.tracker.commit(log, nowIso);
      summary.itemsSent += items.length;
      summary.mailsSent += 1;
    }
    summary.deferred = deferred.length;
    if (deferred.length || summary.errors.length) summary.outcome = 'partial';
    const {nowIso: endIso} = londonNow(deps.clock);
    const finish = healthPlan(p.tables, {
      lastRun: endIso,
      outcome: summary.outcome,
      itemsSent: summary.itemsSent,
      mailsSent: summary.mailsSent,
      deferred: summary.deferred,
      deferredReasons:
        Object.entries(summary.deferredReasons)
          .map(([r, n]) => `${n}: ${r}`)
          .join('; ') || 'none',
      errors: summary.errors.length,
      lastError: summary.errors[0] ?? '',
      ...(deps.manual
        ? {}
        : {
            triggerOwner: deps.triggerOwner,
            nextRun: nextRunAt(p.env.today, endIso, p.env.profile.dailyRunHour),
          }),
    });
    const newDeferred = deferred.filter(i => !p.deferredRows.has(i.key));
    if (newDeferred.length)
      finish.appends.push({
        tab: 'Reminders',
        rows: logRows(newDeferred, 'deferred', endIso, runId),
      });
    finish.audit.push({
      user: deps.triggerOwner || deps.user,
      action: 'runDaily',
      recordId: runId,
      summary: `${summary.itemsSent} item(s) in ${summary.mailsSent} mail(s); ${summary.deferred} deferred; ${summary.errors.length} error(s)`,
    });
    deps.tracker.commit(finish, endIso);
    summary.message =
      `Daily run on ${formatLongDate(p.env.today)}: ${summary.itemsSent} item${summary.itemsSent === 1 ? '' : 's'} sent in ${summary.mailsSent} email${summary.mailsSent === 1 ? '' : 's'}` +
      (summary.deferred
        ? `; ${summary.deferred} deferred to the next run (${Object.keys(summary.deferredReasons).join(', ')})`
        : '') +
      (summary.errors.length ? `; ${summary.errors.length} error(s)` : '') +
      '.';
    return {ok: true, value: summary};
  });
  if (!leased.ok) {
    return {
      ok: true,
      value: {
        runId,
        outcome: 'busy',
        itemsSent: 0,
        mailsSent: 0,
        deferred: 0,
        deferredReasons: {},
        errors: [],
        message: `Another daily run (${leased.heldBy}) is working on this tracker; this run sent nothing.`,
      },
    };
  }
  return leased.value;
}

/** A5: a run that failed says so in the Health block. */
export function recordRunFailure(
  deps: Deps,
  message: string,
  triggerOwner: string,
): void {
  const tables = new Tables(deps.tracker.read(['Health']));
  const {nowIso} = londonNow(deps.clock);
  const p = healthPlan(tables, {
    lastRun: nowIso,
    outcome: 'failed',
    lastError: message,
    triggerOwner,
  });
  deps.tracker.commit(p, nowIso);
}

export interface PreviewDigest {
  to: string;
  subject: string;
  text: string;
  items: Array<{
    caseId: string;
    kind: string;
    dueDate: string;
    escalation: boolean;
  }>;
  heldUntilTomorrow: boolean;
}

/** "Preview the next run": exactly what would be sent, to whom, without sending. */
export function previewDailyRun(
  deps: Deps,
): Result<{digests: PreviewDigest[]; message: string}> {
  const planned = plan(deps);
  if (!planned.ok) return planned;
  const p = planned.value;
  // S5: the preview lists every recipient and case, so not for referrers.
  const allowed = requireRole(
    p.env,
    ['admin', 'chair'],
    'preview the reminder run',
  );
  if (allowed.length) return fail(allowed);
  const digests = [...p.byRecipient.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([recipient, items]) => {
      const mail = digestFor(p, recipient, items, deps.tracker.url);
      return {
        to: recipient,
        subject: mail.subject,
        text: mail.text,
        items: items.map(i => ({
          caseId: i.caseId,
          kind: i.kind,
          dueDate: i.dueDate,
          escalation: i.escalation,
        })),
        heldUntilTomorrow: p.mailedToday.has(recipient),
      };
    });
  const count = digests.reduce((n, d) => n + d.items.length, 0);
  return {
    ok: true,
    value: {
      digests,
      message: digests.length
        ? `The next run would send ${count} item${count === 1 ? '' : 's'} in ${digests.length} email${digests.length === 1 ? '' : 's'}.`
        : 'Nothing is due: the next run would send no email.',
    },
  };
}
