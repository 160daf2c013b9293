import {
  addMinutes,
  AgendaCandidate,
  compareCandidates,
  planAgenda,
} from '../../src/domain/agenda';
import {AgendaKind} from '../../src/domain/records';
import {cbc, harp, kent, stability} from './fixtures';

const cand = (
  caseId: string,
  kind: AgendaKind,
  o: Partial<AgendaCandidate> = {},
): AgendaCandidate => ({
  caseId,
  kind,
  emergency: false,
  receivedOn: '2026-01-05',
  notes: '',
  ...o,
});

const plan = (
  candidates: AgendaCandidate[],
  o: {startTime?: string; slotMinutes?: number; maxCases?: number | null} = {},
) =>
  planAgenda({
    panelDate: '2026-01-14',
    startTime: o.startTime ?? '09:30',
    slotMinutes: o.slotMinutes ?? 10,
    maxCases: o.maxCases === undefined ? null : o.maxCases,
    candidates,
  });

describe('P1: agenda', () => {
  it('P1: orders ratification → new → change → review → age17', () => {
    const p = plan([
      cand('HARP-2026-0005', 'age17'),
      cand('HARP-2026-0004', 'review'),
      cand('HARP-2026-0003', 'change'),
      cand('HARP-2026-0002', 'new'),
      cand('HARP-2026-0001', 'ratification'),
    ]);
    expect(p.items.map(i => i.kind)).toEqual([
      'ratification',
      'new',
      'change',
      'review',
      'age17',
    ]);
    expect(p.items.map(i => i.slot)).toEqual([1, 2, 3, 4, 5]);
    expect(p.overflow).toEqual([]);
  });

  it('P1: within a kind, emergencies first, then first received, then case ID', () => {
    const p = plan([
      cand('HARP-2026-0009', 'new', {receivedOn: '2026-01-08'}),
      cand('HARP-2026-0008', 'new', {receivedOn: '2026-01-06'}),
      cand('HARP-2026-0007', 'new', {
        receivedOn: '2026-01-09',
        emergency: true,
      }),
      cand('HARP-2026-0006', 'new', {receivedOn: '2026-01-06'}),
      cand('HARP-2026-0010', 'new', {receivedOn: null}),
    ]);
    expect(p.items.map(i => i.caseId)).toEqual([
      'HARP-2026-0007',
      'HARP-2026-0006',
      'HARP-2026-0008',
      'HARP-2026-0009',
      'HARP-2026-0010',
    ]);
  });

  it('P1: emergencies come first with the ratifications, before new referrals', () => {
    // SPEC P1: "ordered by kind (ratifications and emergencies first, then
    // new, changes, reviews, age-17)".
    const p = plan([
      cand('HARP-2026-0001', 'new', {receivedOn: '2026-01-02'}),
      cand('HARP-2026-0002', 'change', {emergency: true}),
      cand('HARP-2026-0003', 'ratification'),
    ]);
    const order = p.items.map(i => i.caseId);
    expect(order.indexOf('HARP-2026-0002')).toBeLessThan(
      order.indexOf('HARP-2026-0001'),
    );
    expect(order.indexOf('HARP-2026-0003')).toBeLessThan(
      order.indexOf('HARP-2026-0001'),
    );
  });

  it('P1: HARP slots are 10 minutes from the 09:30 start', () => {
    const p0 = harp();
    const p = plan(
      ['0001', '0002', '0003', '0004', '0005', '0006', '0007'].map(n =>
        cand(`HARP-2026-${n}`, 'new'),
      ),
      {startTime: p0.panelStartTime, slotMinutes: p0.slotMinutes},
    );
    expect(p.items.map(i => i.slotStart)).toEqual([
      '09:30',
      '09:40',
      '09:50',
      '10:00',
      '10:10',
      '10:20',
      '10:30',
    ]);
    expect(
      p.items.every(i => i.slotMinutes === 10 && i.panelDate === '2026-01-14'),
    ).toBe(true);
  });

  it('P1: CBC slots are 15 minutes from 09:30', () => {
    const p0 = cbc();
    const p = plan(
      ['0001', '0002', '0003', '0004', '0005'].map(n =>
        cand(`ARP-2026-${n}`, 'new'),
      ),
      {startTime: p0.panelStartTime, slotMinutes: p0.slotMinutes},
    );
    expect(p.items.map(i => i.slotStart)).toEqual([
      '09:30',
      '09:45',
      '10:00',
      '10:15',
      '10:30',
    ]);
  });

  it('P1: Kent slots are 20 minutes from its start time', () => {
    const p0 = kent();
    const p = plan(
      [cand('JRAP-2026-0001', 'new'), cand('JRAP-2026-0002', 'review')],
      {
        startTime: p0.panelStartTime,
        slotMinutes: p0.slotMinutes,
      },
    );
    expect(p.items.map(i => [i.caseId, i.slotStart, i.slotMinutes])).toEqual([
      ['JRAP-2026-0001', '10:00', 20],
      ['JRAP-2026-0002', '10:20', 20],
    ]);
  });

  it('P1: the stability panel hears at most 5 cases; the rest overflow in order', () => {
    const p0 = stability();
    const candidates = [
      cand('HPSP-2026-0007', 'review'),
      cand('HPSP-2026-0001', 'new', {receivedOn: '2026-01-02'}),
      cand('HPSP-2026-0002', 'new', {receivedOn: '2026-01-03'}),
      cand('HPSP-2026-0006', 'change'),
      cand('HPSP-2026-0003', 'new', {receivedOn: '2026-01-04'}),
      cand('HPSP-2026-0005', 'ratification'),
      cand('HPSP-2026-0004', 'age17'),
    ];
    const p = plan(candidates, {
      startTime: p0.panelStartTime,
      slotMinutes: p0.slotMinutes,
      maxCases: p0.maxCasesPerPanel,
    });
    expect(p.items.map(i => i.caseId)).toEqual([
      'HPSP-2026-0005',
      'HPSP-2026-0001',
      'HPSP-2026-0002',
      'HPSP-2026-0003',
      'HPSP-2026-0006',
    ]);
    expect(p.items.map(i => i.slotStart)).toEqual([
      '14:00',
      '14:15',
      '14:30',
      '14:45',
      '15:00',
    ]);
    expect(p.overflow.map(c => c.caseId)).toEqual([
      'HPSP-2026-0007',
      'HPSP-2026-0004',
    ]);
  });

  it('P1: no limit hears everyone', () => {
    const p = plan(
      Array.from({length: 12}, (_, i) =>
        cand(`ARP-2026-${String(i + 1).padStart(4, '0')}`, 'new'),
      ),
      {maxCases: null},
    );
    expect(p.items).toHaveLength(12);
    expect(p.overflow).toEqual([]);
  });

  it('P1: one item per case; its other reasons join its notes', () => {
    const p = plan([
      cand('HARP-2026-0001', 'age17', {notes: 'Turned 17'}),
      cand('HARP-2026-0001', 'review', {notes: 'Review due'}),
      cand('HARP-2026-0002', 'new'),
      cand('HARP-2026-0001', 'review', {notes: 'Review due'}),
    ]);
    expect(p.items.map(i => [i.caseId, i.kind])).toEqual([
      ['HARP-2026-0002', 'new'],
      ['HARP-2026-0001', 'review'],
    ]);
    expect(p.items[1].notes).toBe('Review due; Turned 17');
    expect(new Set(p.items.map(i => i.caseId)).size).toBe(p.items.length);
  });

  it('P1: a duplicate case beyond the limit counts once', () => {
    const p = plan(
      [
        cand('HPSP-2026-0001', 'new'),
        cand('HPSP-2026-0001', 'age17'),
        cand('HPSP-2026-0002', 'new'),
      ],
      {maxCases: 2},
    );
    expect(p.items.map(i => i.caseId)).toEqual([
      'HPSP-2026-0001',
      'HPSP-2026-0002',
    ]);
    expect(p.overflow).toEqual([]);
  });

  it('P1: an empty agenda is empty', () => {
    expect(plan([])).toEqual({items: [], overflow: []});
  });

  it('P1: the comparison is a total order', () => {
    const a = cand('A-2026-0001', 'new');
    expect(compareCandidates(a, a)).toBe(0);
    expect(Math.sign(compareCandidates(a, cand('A-2026-0002', 'new')))).toBe(
      -1,
    );
    expect(Math.sign(compareCandidates(cand('A-2026-0002', 'new'), a))).toBe(1);
  });

  it('P1: slot times add minutes across the hour', () => {
    expect(addMinutes('09:30', 45)).toBe('10:15');
    expect(addMinutes('11:50', 20)).toBe('12:10');
    expect(addMinutes('09:30', 0)).toBe('09:30');
  });
});
