import fc from 'fast-check';
import {fundingTotals, resolveCostLines} from '../../src/domain/funding';
import type {CostLineInput} from '../../src/domain/schemas';
import {
  bpToInput,
  costLineInputs,
  CostRowRaw,
  emptyRow,
  liveFigures,
  moneyField,
  penceToInput,
  percentField,
  readCostRows,
  rowFromLine,
} from '../../src/client/cost-model';
import {valuesOf} from '../../src/client/values';
import {cbc, harp, kent} from '../domain/fixtures';

function row(
  over: Partial<CostRowRaw> = {},
  shares: Record<string, string> = {},
): CostRowRaw {
  return {
    ...emptyRow(kent()),
    ...over,
    shares: {SCS: '', EDU: '', HEALTH: '', ...shares},
  };
}

describe('pounds and percentages typed → pence and basis points', () => {
  it('pounds as people type them', () => {
    expect(moneyField('1,250.00', 'f', 'F4', 'X').pence).toBe(125000);
    expect(moneyField('£900', 'f', 'F4', 'X').pence).toBe(90000);
    expect(moneyField(' 12.5 ', 'f', 'F4', 'X').pence).toBe(1250);
    expect(moneyField('0.07', 'f', 'F4', 'X').pence).toBe(7);
    expect(moneyField('', 'f', 'F4', 'X')).toEqual({});
  });

  it('what is not money is an error naming the field and rule', () => {
    for (const bad of ['12,5', '1.234', 'ten', '-5', '£', '1e3']) {
      const r = moneyField(
        bad,
        'costLines.0.weeklyPence',
        'F4',
        'Cost line 1 weekly cost',
      );
      expect(r.pence).toBeUndefined();
      expect(r.error).toEqual({
        field: 'costLines.0.weeklyPence',
        rule: 'F4',
        message:
          'Cost line 1 weekly cost must be an amount in pounds and pence, such as 1,250.00.',
      });
    }
  });

  it('percentages to basis points (10000 = 100%)', () => {
    expect(percentField('33.34', 'f', 'F2', 'X').bp).toBe(3334);
    expect(percentField('33.3', 'f', 'F2', 'X').bp).toBe(3330);
    expect(percentField('50%', 'f', 'F2', 'X').bp).toBe(5000);
    expect(percentField('100', 'f', 'F2', 'X').bp).toBe(10000);
    expect(percentField('0', 'f', 'F2', 'X').bp).toBe(0);
    for (const bad of ['33.333', '101', 'half', '-1']) {
      expect(
        percentField(bad, 'costLines.0.sharesBp.EDU', 'F2', 'X').error?.rule,
      ).toBe('F2');
    }
  });

  it('and back, for a change form that starts from the lines in force', () => {
    expect(penceToInput(125000)).toBe('1250.00');
    expect(penceToInput(7)).toBe('0.07');
    expect(bpToInput(3334)).toBe('33.34');
    expect(bpToInput(5000)).toBe('50');
  });
});

describe('cost lines as sent', () => {
  it('converts each line; blank shares mean the default formula (no sharesBp, F6)', () => {
    const {lines, errors} = costLineInputs([
      row(
        {kind: 'education', weekly: '1,000.00', weeks: '38'},
        {SCS: '50', EDU: '50'},
      ),
      row({kind: 'care', weekly: '2000', weeks: '52'}),
    ]);
    expect(errors).toEqual([]);
    expect(lines[0]).toEqual({
      kind: 'education',
      weeklyPence: 100000,
      weeksPerYear: 38,
      sharesBp: {SCS: 5000, EDU: 5000},
    });
    expect(lines[1]).toEqual({
      kind: 'care',
      weeklyPence: 200000,
      weeksPerYear: 52,
    });
  });

  it('reason and step-down date only travel on an additional line (F5)', () => {
    const {lines} = costLineInputs([
      row({kind: 'care', weekly: '1', reason: 'x', stepDownDate: '2026-01-01'}),
      row({
        kind: 'additional',
        weekly: '1',
        reason: 'Waking night',
        stepDownDate: '2026-06-01',
        endDate: '2026-09-01',
      }),
    ]);
    expect(lines[0].reason).toBeUndefined();
    expect(lines[1]).toMatchObject({
      reason: 'Waking night',
      stepDownDate: '2026-06-01',
      endDate: '2026-09-01',
    });
  });

  it('unreadable amounts are errors on the exact input', () => {
    const {errors} = costLineInputs([
      row(),
      row({weekly: '12,5'}, {EDU: 'lots'}),
    ]);
    expect(errors.map(e => [e.field, e.rule])).toEqual([
      ['costLines.1.weeklyPence', 'F4'],
      ['costLines.1.sharesBp.EDU', 'F2'],
    ]);
  });

  it('reads rows back from the page by their ids', () => {
    const v = valuesOf(
      {
        'costLines.0.kind': 'health',
        'costLines.0.weeklyPence': '300',
        'costLines.0.weeksPerYear': '52',
        'costLines.0.sharesBp.HEALTH': '100',
      },
      {costLines: 1},
    );
    const rows = readCostRows(v, 'costLines', kent());
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({kind: 'health', weekly: '300', weeks: '52'});
    expect(rows[0].shares).toEqual({SCS: '', EDU: '', HEALTH: '100'});
  });

  it('an advisory agency gets no share input (HARP’s education adviser)', () => {
    expect(Object.keys(emptyRow(harp()).shares)).toEqual(['SCS']);
  });
});

describe('live figures while typing (F3, F4, F6, F11, F1)', () => {
  it('per line: each agency’s weekly and annual pence, from the domain’s split', () => {
    const live = liveFigures(
      [
        row(
          {weekly: '1000', weeks: '52'},
          {SCS: '50', EDU: '25', HEALTH: '25'},
        ),
      ],
      kent(),
    );
    const l = live.lines[0];
    expect(l.state).toBe('ok');
    expect(l.agencyWeeklyPence).toEqual({
      SCS: 50000,
      EDU: 25000,
      HEALTH: 25000,
    });
    expect(l.agencyAnnualPence).toEqual({
      SCS: 2600000,
      EDU: 1300000,
      HEALTH: 1300000,
    });
    expect(l.annualPence).toBe(5200000);
    expect(live.totals.weeklyPence).toBe(100000);
  });

  it('blank shares: the default formula is in force and its text is shown (F6)', () => {
    const live = liveFigures([row({weekly: '100', weeks: '52'})], kent());
    expect(live.formulaText).toBe('SCS 33.34%, EDU 33.33%, HEALTH 33.33%');
    expect(live.formulaLines).toEqual([1]);
    expect(live.lines[0].agencyWeeklyPence).toEqual({
      SCS: 3334,
      EDU: 3333,
      HEALTH: 3333,
    });
  });

  it('shares that do not add up: the domain’s F2 message, no figures', () => {
    const live = liveFigures(
      [row({weekly: '100'}, {SCS: '50', EDU: '40'})],
      kent(),
    );
    expect(live.lines[0].state).toBe('invalid');
    expect(live.lines[0].problems).toContainEqual({
      field: 'costLines.0.sharesBp',
      rule: 'F2',
      message: 'Shares add up to 90%; they must add up to exactly 100%.',
    });
    expect(live.complete).toBe(false);
    expect(live.totals.weeklyPence).toBe(0);
  });

  it('weeks other than 38, 39 or 52 are F4 unless the panel allows custom weeks', () => {
    expect(
      liveFigures([row({weekly: '1', weeks: '40'})], kent()).lines[0]
        .problems[0].rule,
    ).toBe('F4');
    const custom = kent({allowCustomWeeks: true});
    expect(
      liveFigures([row({weekly: '1', weeks: '40'})], custom).lines[0].state,
    ).toBe('ok');
  });

  it('a line with no weekly cost yet is incomplete, not wrong', () => {
    const live = liveFigures([row({weekly: ''})], kent());
    expect(live.lines[0].state).toBe('incomplete');
    expect(live.lines[0].problems).toEqual([]);
  });

  it('flags high cost above the profile’s threshold (F11)', () => {
    const p = kent({highCostWeeklyPence: 500000});
    expect(liveFigures([row({weekly: '5000'})], p).highCost).toBe(false);
    expect(liveFigures([row({weekly: '5000.01'})], p).highCost).toBe(true);
    expect(liveFigures([row({weekly: '99999'})], kent()).highCost).toBe(false);
  });

  it('too few funding agencies once the lines are complete (F1)', () => {
    const live = liveFigures([row({weekly: '100'}, {SCS: '100'})], kent());
    expect(live.fundingProblems.map(e => e.rule)).toEqual(['F1']);
    expect(
      liveFigures([{...emptyRow(cbc()), weekly: '100'}], cbc()).fundingProblems,
    ).toEqual([]);
  });

  it('matches the figures the server records, for any valid lines (F3, F4)', () => {
    const profile = kent();
    const shareSets = fc.oneof(
      fc.constant<Record<string, string>>({}),
      fc
        .tuple(
          fc.integer({min: 0, max: 10000}),
          fc.integer({min: 0, max: 10000}),
        )
        .map(([a, b]) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          return {
            SCS: bpToInput(lo),
            EDU: bpToInput(hi - lo),
            HEALTH: bpToInput(10000 - hi),
          };
        }),
    );
    const rowArb = fc
      .record({
        pence: fc.integer({min: 1, max: 2_000_000}),
        weeks: fc.constantFrom('38', '39', '52'),
        kind: fc.constantFrom('education', 'care', 'health'),
        shares: shareSets,
      })
      .map(r =>
        row(
          {kind: r.kind, weekly: penceToInput(r.pence), weeks: r.weeks},
          r.shares,
        ),
      );
    fc.assert(
      fc.property(fc.array(rowArb, {minLength: 1, maxLength: 5}), rows => {
        const live = liveFigures(rows, profile);
        const {lines, errors} = costLineInputs(rows);
        expect(errors).toEqual([]);
        const resolved = resolveCostLines(lines as CostLineInput[], profile);
        expect(resolved.errors).toEqual([]);
        const totals = fundingTotals(resolved.lines);
        expect(live.complete).toBe(true);
        expect(live.totals).toEqual(totals);
        resolved.lines.forEach((l, i) => {
          expect(live.lines[i].agencyWeeklyPence).toEqual(l.agencyWeeklyPence);
          expect(live.lines[i].agencyAnnualPence).toEqual(l.agencyAnnualPence);
          expect(live.lines[i].formulaApplied).toBe(l.formulaApplied);
        });
        // F3: the agencies' pence add up to the line exactly.
        for (const l of live.lines) {
          const sum = Object.values(l.agencyWeeklyPence).reduce(
            (s, p) => s + p,
            0,
          );
          expect(sum).toBe(l.weeklyPence);
        }
      }),
      {numRuns: 200},
    );
  });

  it('a stored line comes back into the editor as typed values', () => {
    const r = rowFromLine(
      {
        kind: 'education',
        description: 'School fees',
        weeklyPence: 123456,
        weeksPerYear: 38,
        startDate: '2026-01-05',
        endDate: null,
        reason: '',
        stepDownDate: null,
        sharesBp: {SCS: 3334, EDU: 6666},
      },
      kent(),
    );
    expect(r).toEqual({
      kind: 'education',
      description: 'School fees',
      weekly: '1234.56',
      weeks: '38',
      startDate: '2026-01-05',
      endDate: '',
      reason: '',
      stepDownDate: '',
      shares: {SCS: '33.34', EDU: '66.66', HEALTH: ''},
    });
    const back = costLineInputs([r]).lines[0];
    expect(back).toMatchObject({
      weeklyPence: 123456,
      sharesBp: {SCS: 3334, EDU: 6666},
    });
  });
});
