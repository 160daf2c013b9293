import {closedQuarters} from '../../src/client/quarters';

describe('closed quarters offered for freezing (F13)', () => {
  it('starts with the quarter before today’s and goes back', () => {
    const q = closedQuarters('2026-08-15', 5);
    expect(q.map(x => x.label)).toEqual([
      '2026-27 Q1',
      '2025-26 Q4',
      '2025-26 Q3',
      '2025-26 Q2',
      '2025-26 Q1',
    ]);
    expect(q[0]).toEqual({
      label: '2026-27 Q1',
      start: '2026-04-01',
      end: '2026-06-30',
    });
    expect(q[1]).toMatchObject({start: '2026-01-01', end: '2026-03-31'});
  });

  it('on the first day of a quarter, the one just ended is closed', () => {
    expect(closedQuarters('2026-04-01', 1)[0].label).toBe('2025-26 Q4');
    expect(closedQuarters('2026-03-31', 1)[0].label).toBe('2025-26 Q3');
  });
});
