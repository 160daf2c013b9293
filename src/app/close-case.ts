/**
 * Close a case when its placement has ended or the request is withdrawn.
 * A closed case takes no more forms, gets no more reminders, and after
 * retentionYears is listed for archive (S7).
 */
import {formatLongDate, isIsoDate} from '../domain/calendar';
import {fail, Result} from '../domain/result';
import {Deps, PlanBuilder, refuse, requireRole, writeUseCase} from './kit';

export interface CloseResult {
  caseId: string;
  closedDate: string;
  message: string;
}

export function closeCase(deps: Deps, input: unknown): Result<CloseResult> {
  const args = (input ?? {}) as {
    caseId?: unknown;
    closedDate?: unknown;
    reason?: unknown;
  };
  const caseId = String(args.caseId ?? '').trim();
  return writeUseCase(deps, ['Cases'], (tables, env) => {
    const allowed = requireRole(env, ['admin'], 'close a case');
    if (allowed.length) return fail(allowed);
    const hit = tables.caseById(caseId);
    if (!hit)
      return refuse('caseId', '§3', `There is no case ${caseId || '(blank)'}.`);
    if (hit.record.status === 'closed')
      return refuse('caseId', '§3', `Case ${caseId} is already closed.`);
    const closedDate =
      args.closedDate === undefined ? env.today : String(args.closedDate);
    if (!isIsoDate(closedDate))
      return refuse(
        'closedDate',
        '§3',
        'The closing date must be a real date written YYYY-MM-DD.',
      );
    if (closedDate > env.today)
      return refuse(
        'closedDate',
        '§3',
        'A case cannot be closed in the future.',
      );
    const reason = typeof args.reason === 'string' ? args.reason.trim() : '';
    const plan = new PlanBuilder(tables, env)
      .touchCase(hit, {status: 'closed', closedDate})
      .audit(
        'closeCase',
        caseId,
        `Closed on ${closedDate}${reason ? ' (reason recorded by the admin)' : ''}`,
      );
    return {
      ok: true,
      value: {
        plan,
        value: {
          caseId,
          closedDate,
          message: `Case ${caseId} closed on ${formatLongDate(closedDate)}.`,
        },
      },
    };
  });
}
