/**
 * P1: the agenda of a panel. Cases with complete papers by the deadline are
 * ordered by kind — ratifications and emergencies first, then new referrals,
 * changes, reviews and age-17 items — and each gets a slot of slotMinutes
 * from the start time. Beyond maxCasesPerPanel the rest overflow to the next
 * panel.
 */
import {IsoDate} from './calendar';
import {AGENDA_KINDS, AgendaItem, AgendaKind} from './records';

export interface AgendaCandidate {
  caseId: string;
  kind: AgendaKind;
  /** An emergency goes first within its kind. */
  emergency: boolean;
  /** When the papers arrived (ISO), for a stable first-come order. */
  receivedOn: IsoDate | null;
  notes: string;
}

export interface AgendaPlan {
  items: AgendaItem[];
  /** Candidates that did not fit (P1 overflow), in order. */
  overflow: AgendaCandidate[];
}

const KIND_ORDER: Record<AgendaKind, number> = Object.fromEntries(
  AGENDA_KINDS.map((k, i) => [k, i]),
) as Record<AgendaKind, number>;

/**
 * The P1 order: ratifications and emergencies first, then new referrals,
 * changes, reviews and age-17 items; within each, first received first,
 * then case ID.
 */
const rank = (c: AgendaCandidate) => (c.emergency ? 0 : KIND_ORDER[c.kind]);

export function compareCandidates(
  a: AgendaCandidate,
  b: AgendaCandidate,
): number {
  return (
    rank(a) - rank(b) ||
    KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
    (a.receivedOn ?? '9999').localeCompare(b.receivedOn ?? '9999') ||
    a.caseId.localeCompare(b.caseId)
  );
}

/** 'HH:MM' plus minutes, as 'HH:MM'. */
export function addMinutes(time: string, minutes: number): string {
  const [h, m] = time.split(':').map(Number);
  const total = h * 60 + m + minutes;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 60) % 24)}:${pad(total % 60)}`;
}

/**
 * P1: order the candidates, give each a slot, and cut at maxCases. One case
 * appears once: if it has several reasons to be heard, the first in the P1
 * order is its item and the others are added to its notes.
 */
export function planAgenda(input: {
  panelDate: IsoDate;
  startTime: string;
  slotMinutes: number;
  maxCases: number | null;
  candidates: AgendaCandidate[];
}): AgendaPlan {
  const sorted = [...input.candidates].sort(compareCandidates);
  const byCase = new Map<string, AgendaCandidate>();
  for (const c of sorted) {
    const first = byCase.get(c.caseId);
    if (!first) {
      byCase.set(c.caseId, {...c});
    } else if (c.notes && !first.notes.includes(c.notes)) {
      first.notes = first.notes ? `${first.notes}; ${c.notes}` : c.notes;
    }
  }
  const unique = [...byCase.values()];
  const limit = input.maxCases ?? unique.length;
  const heard = unique.slice(0, limit);
  return {
    items: heard.map((c, i) => ({
      panelDate: input.panelDate,
      slot: i + 1,
      slotStart: addMinutes(input.startTime, i * input.slotMinutes),
      slotMinutes: input.slotMinutes,
      caseId: c.caseId,
      kind: c.kind,
      notes: c.notes,
    })),
    overflow: unique.slice(limit),
  };
}
