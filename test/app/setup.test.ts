/**
 * setupTracker on the built bundle: every tab of the template, formats,
 * validation, protections, holidays (D1); idempotent; an upgrade to a newer
 * template loses no cell even when a person moved and added columns.
 */
import {execFileSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parseAt} from '../../local/clock';
import {mutateWorkbook, readWorkbook} from '../../local/sheets';
import {TrackerSession} from '../../local/tracker-session';
import {englandWalesBankHolidays} from '../../src/domain/calendar';
import {presetIds} from '../../src/domain/profiles';
import {buildTemplate, RAW_TEMPLATE} from '../../src/domain/template';
import {alertArgs, build, MEMBERS, ROOT, tracker} from './helpers';

beforeAll(build);

function workbook(t: ReturnType<typeof tracker>) {
  return readWorkbook(t.session.workspace, t.session.spreadsheetId);
}

describe('setupTracker', () => {
  it.each(presetIds())(
    '§6: sets up a blank tracker for the %s profile',
    profile => {
      const t = tracker({profile});
      const wb = workbook(t);
      const tabs = wb.sheets.map(s => s.name);
      const codes = (t.tab('Agencies') as Array<{code: string}>).map(
        a => a.code,
      );
      const template = buildTemplate(codes);
      for (const tab of template.tabs) {
        expect(tabs).toContain(tab.name);
        expect(t.raw(tab.name)[0]).toEqual(tab.columns.map(c => c.key));
      }
      // The blank spreadsheet's own first sheet is left alone, not deleted.
      expect(t.tab('Settings').find(r => r.key === 'profile')?.value).toBe(
        profile,
      );
      const cases = wb.sheets.find(s => s.name === 'Cases')!;
      expect(cases.frozenRows).toBe(1);
      expect(wb.sheets.find(s => s.name === '_System')!.hidden).toBe(true);
    },
  );

  it('D1: pre-fills the Holidays tab with the bank holidays of this year and the next two, plus the admin’s days', () => {
    const t = tracker({profile: 'kent-jrap'});
    const dates = t.tab('Holidays').map(h => h.date);
    for (const year of [2026, 2027, 2028]) {
      for (const h of englandWalesBankHolidays(year))
        expect(dates).toContain(h.date);
    }
    expect(dates).toContain('2026-12-28');
    const t2 = tracker({profile: 'kent-jrap'});
    const extra = t2.call(
      'setupTracker',
      {holidays: ['2026-12-29', {date: '2026-05-25', status: 'notHoliday'}]},
      'admin@example.org',
      '2026-01-06T09:00',
    );
    expect(extra.ok).toBe(true);
    const rows = t2.tab('Holidays');
    expect(rows.find(h => h.date === '2026-12-29')?.status).toBe('holiday');
    expect(rows.find(h => h.date === '2026-05-25')?.status).toBe('notHoliday');
  });

  it('S5: protects Settings, Agencies, Members for admins; Quarterly for admins and finance; Audit warns', () => {
    const t = tracker({profile: 'kent-jrap'});
    const wb = workbook(t);
    const byName = (name: string) => {
      const sheet = wb.sheets.find(s => s.name === name)!;
      return wb.protections.find(p => p.sheetId === sheet.sheetId)!;
    };
    expect(byName('Settings').editors).toEqual(['admin@example.org']);
    expect(byName('Members').warningOnly).toBe(false);
    expect(byName('Quarterly').editors.sort()).toEqual([
      'admin@example.org',
      'finance@example.org',
    ]);
    expect(byName('Audit').warningOnly).toBe(true);
    expect(byName('Reminders').warningOnly).toBe(false);
  });

  it('§3: every enum column has a validation list and every checkbox column a checkbox rule', () => {
    const t = tracker({profile: 'kent-jrap'});
    const wb = workbook(t);
    const cases = wb.sheets.find(s => s.name === 'Cases')!;
    const header = t.raw('Cases')[0] as string[];
    const rule = (key: string) => {
      const index = cases.validations?.[1]?.[header.indexOf(key)];
      return index === null || index === undefined ? null : cases.rules[index];
    };
    expect(rule('status')).toMatchObject({
      criteria: 'VALUE_IN_LIST',
      values: expect.arrayContaining(['alert', 'active', 'closed']),
    });
    expect(rule('leadAgency')).toMatchObject({
      values: ['SCS', 'EDU', 'HEALTH'],
    });
    expect(rule('dateOfBirth')).toMatchObject({criteria: 'DATE_IS_VALID_DATE'});
    expect(rule('hasEhcp')).toMatchObject({criteria: 'CHECKBOX'});
  });

  it('is idempotent: a second run changes nothing', () => {
    const t = tracker({profile: 'cbc-arp'});
    const before = JSON.stringify(
      workbook(t).sheets.map(s => [
        s.name,
        s.maxColumns,
        s.values,
        s.formats,
        s.validations,
      ]),
    );
    const again = t.call(
      'setupTracker',
      {},
      'admin@example.org',
      '2026-01-07T09:00',
    );
    expect(again.ok).toBe(true);
    expect(again.result).toMatchObject({
      created: [],
      addedColumns: [],
      membersAdded: 0,
      holidaysAdded: 0,
    });
    const after = JSON.stringify(
      workbook(t).sheets.map(s => [
        s.name,
        s.maxColumns,
        s.values,
        s.formats,
        s.validations,
      ]),
    );
    expect(after).toBe(before);
  });

  it('S5: only an admin may upgrade a tracker that has members', () => {
    const t = tracker({profile: 'kent-jrap'});
    const refused = t.call(
      'setupTracker',
      {},
      'edu.rep@example.org',
      '2026-01-07T09:00',
    );
    expect(refused.ok).toBe(false);
    expect(refused.errors[0]).toMatchObject({field: 'user', rule: 'S5'});
  });

  it('§6: refuses an unknown profile and a setting it cannot read, naming the setting and its rule', () => {
    const t = tracker({profile: 'kent-jrap'});
    const bad = t.call(
      'setupTracker',
      {settings: {submissionDeadline: 'a fortnight'}},
      'admin@example.org',
      '2026-01-07T09:00',
    );
    expect(bad.ok).toBe(false);
    expect(bad.errors[0]).toMatchObject({
      field: 'settings.submissionDeadline',
      rule: 'D3',
    });
    expect(
      t.tab('Settings').find(r => r.key === 'submissionDeadline')?.value,
    ).toBe('14 calendar days');
  });

  it('records the template version in document properties and in the tracker', () => {
    const t = tracker({profile: 'kent-jrap'});
    const dir = path.join(t.session.workspace.dir, 'properties');
    const file = fs
      .readdirSync(dir)
      .find(f => f.startsWith(`document-${t.session.spreadsheetId}`))!;
    expect(fs.readFileSync(path.join(dir, file), 'utf8')).toContain(
      '"templateVersion":"1"',
    );
    expect(t.tab('_System').find(r => r.key === 'templateVersion')?.value).toBe(
      String(RAW_TEMPLATE.version),
    );
  });
});

describe('upgrade', () => {
  it('an upgrade to a template with a new column loses no cell, finds a moved column and keeps a person’s own column', () => {
    const t = tracker({profile: 'kent-jrap', members: MEMBERS});
    for (let i = 0; i < 5; i++) {
      t.ok(
        'submitAlert',
        alertArgs({
          child: {
            childRef: `SCS-3000${i}`,
            initials: 'CD',
            dateOfBirth: '2012-01-01',
            legalStatus: 'S31',
          },
        }),
        'sw1@example.org',
        '2026-01-05T10:00',
      );
    }
    const ws = t.session.workspace;
    const id = t.session.spreadsheetId;
    // A person moves the needsSummary column to the front and adds their own.
    mutateWorkbook(ws, id, wb => {
      const cases = wb.sheets.find(s => s.name === 'Cases')!;
      const from = (cases.values[0] ?? []).indexOf('needsSummary');
      for (const layer of [
        cases.values,
        cases.formats,
        cases.notes,
        cases.validations,
        cases.styles,
        cases.formulas,
      ] as Array<Array<Array<unknown> | null>>) {
        for (const row of layer) {
          if (!row) continue;
          while (row.length <= from) row.push(null);
          const [cell] = row.splice(from, 1);
          row.unshift(cell ?? null);
        }
      }
      const width = (cases.values[0] ?? []).length;
      cases.maxColumns = Math.max(cases.maxColumns, width + 1);
      cases.values[0]![width] = 'Social worker notes';
      cases.values[1]![width] = 'call back Friday';
    });
    const before = t.raw('Cases');
    // The next version of the add-on: one new column on Cases.
    const next = JSON.parse(JSON.stringify(RAW_TEMPLATE));
    next.version = RAW_TEMPLATE.version + 1;
    next.tabs
      .find((tab: {name: string}) => tab.name === 'Cases')
      .columns.push({key: 'placementType', type: 'text', width: 120});
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'next-template-'));
    fs.writeFileSync(path.join(dir, 'tabs.json'), JSON.stringify(next));
    execFileSync(
      process.execPath,
      [
        path.join(ROOT, 'esbuild.config.mjs'),
        '--outdir',
        path.join(dir, 'dist'),
        '--tabs',
        path.join(dir, 'tabs.json'),
      ],
      {cwd: ROOT, stdio: 'ignore'},
    );
    const upgraded = TrackerSession.open(
      ws.dir,
      path.join(dir, 'dist', 'Code.js'),
    );
    const result = upgraded.call('setupTracker', [{}], {
      as: 'admin@example.org',
      at: parseAt('2026-01-06T09:00'),
    });
    expect(result.ok).toBe(true);
    expect(result.result).toMatchObject({
      addedColumns: [{tab: 'Cases', columns: ['placementType']}],
      templateVersion: next.version,
    });
    const after = t.raw('Cases');
    // Every cell that was there is still there, in the same place.
    before.forEach((row, r) =>
      row.forEach((cell, c) => expect(after[r][c]).toEqual(cell)),
    );
    expect(after[0]).toContain('placementType');
    expect(after[0][0]).toBe('needsSummary');
    // The moved column is still found: the next submission lands under the right headers.
    const more = upgraded.call(
      'submitAlert',
      [alertArgs({needsSummary: 'After the upgrade'})],
      {as: 'sw1@example.org', at: parseAt('2026-01-06T10:00')},
    );
    expect(more.ok).toBe(true);
    const rows = t.tab('Cases');
    expect(rows[rows.length - 1].needsSummary).toBe('After the upgrade');
    expect(rows[0]['Social worker notes']).toBe('call back Friday');
  });

  it('a column that looks renamed by a person is reported, not duplicated', () => {
    const t = tracker({profile: 'kent-jrap'});
    mutateWorkbook(t.session.workspace, t.session.spreadsheetId, wb => {
      const header = wb.sheets.find(s => s.name === 'Cases')!.values[0]!;
      header[header.indexOf('childRef')] = 'Child Ref';
    });
    const result = t.call(
      'setupTracker',
      {},
      'admin@example.org',
      '2026-01-06T09:00',
    );
    expect(result.ok).toBe(true);
    expect(
      (result.result as {reported: Array<{tab: string; message: string}>})
        .reported,
    ).toEqual([
      {
        tab: 'Cases',
        message: expect.stringContaining(
          '"Child Ref" looks like "childRef" renamed',
        ),
      },
    ]);
    expect(
      (t.raw('Cases')[0] as string[]).filter(h => h === 'childRef'),
    ).toHaveLength(0);
  });
});
