/**
 * Live smoke test against Google (issue 9): create a real tracker with
 * googleapis, set it up, submit an alert, read it back, delete it.
 *
 * It runs only when credentials are present where `npm run provision` looks
 * for them without --credentials: the file GOOGLE_APPLICATION_CREDENTIALS
 * names, or gcloud's application-default credentials file. Otherwise jest
 * reports every test here as SKIPPED — never as passed. Credentials that are
 * present but not a signed-in person (authorized_user: a token saved with
 * `npm run provision -- --save-token`, or gcloud's ADC) fail loudly instead.
 *
 * What "set up" and "submit" mean here:
 * - set up: runProvision — the requests checked by provision.test.ts, sent
 *   for real (create, structure, values, sharing; the runner is the only
 *   admin, so nothing is shared with anyone else);
 * - submit an alert: the built add-on (dist/Code.js) validates and records a
 *   fictional alert in the local workspace, and its Cases row is written to
 *   the live tracker cell by cell as the tracker adapter writes it (RAW
 *   values, toCell), then read back unformatted and formatted. Calling the
 *   add-on inside Google would need a deployed script and the Apps Script
 *   API; that is the test deployment's job (docs/deploy.md).
 *
 * The spreadsheet is deleted at the end, also when a step fails.
 */
import fs from 'node:fs';
import os from 'node:os';
import type {drive_v3, sheets_v4} from 'googleapis';
import {
  findCredentials,
  planProvision,
  ProvisionOptions,
  rawValue,
  runProvision,
} from '../../local/provision';
import type {Scalar} from '../../src/domain/records';
import {alertArgs, build, tracker} from '../app/helpers';

const found = findCredentials({env: process.env, home: os.homedir()});
const source = found.source;
const maybe = source ? describe : describe.skip;
const LIVE_TIMEOUT = 180_000;

maybe(
  `live smoke test on Google Sheets and Drive (${source ? `credentials: ${source.from}` : 'skipped: no GOOGLE_APPLICATION_CREDENTIALS and no gcloud application-default credentials'})`,
  () => {
    let apis: {sheets: sheets_v4.Sheets; drive: drive_v3.Drive};
    let me: string;
    let options: ProvisionOptions;
    let spreadsheetId: string | undefined;

    beforeAll(async () => {
      if (source!.kind !== 'authorized_user') {
        throw new Error(
          `${source!.from} (${source!.file}) holds ${source!.kind} credentials; the smoke test runs as a signed-in person: save a token with npm run provision -- --credentials client_secret.json --save-token FILE and point GOOGLE_APPLICATION_CREDENTIALS at FILE.`,
        );
      }
      const {google} = await import('googleapis');
      const auth = google.auth.fromJSON(
        JSON.parse(fs.readFileSync(source!.file, 'utf8')),
      );
      apis = {
        sheets: google.sheets({version: 'v4', auth: auth as never}),
        drive: google.drive({version: 'v3', auth: auth as never}),
      };
      me = String(
        (await apis.drive.about.get({fields: 'user(emailAddress)'})).data.user
          ?.emailAddress,
      ).toLowerCase();
      options = {
        profile: 'kent-jrap',
        admins: [me],
        now: Date.now(),
        title: `Panel Tracker smoke test ${new Date().toISOString()} (safe to delete)`,
      };
    }, LIVE_TIMEOUT);

    afterAll(async () => {
      if (spreadsheetId && apis)
        await apis.drive.files.delete({fileId: spreadsheetId}).catch(e => {
          console.error(
            `could not delete the smoke-test spreadsheet ${spreadsheetId}: ${(e as Error).message} — delete it by hand`,
          );
        });
    }, LIVE_TIMEOUT);

    it(
      'creates a tracker from sheets-template/ and sets it up: every tab, header and protection; shared with nobody else',
      async () => {
        const out = await runProvision(options, apis);
        spreadsheetId = out.spreadsheetId;
        // The runner is the only admin and owns the file: no one else is added.
        expect(out.sharedWith).toEqual([]);
        expect(out.notShared).toEqual([
          {email: me, reason: 'owns the spreadsheet'},
        ]);

        const plan = planProvision(options);
        if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
        const template = plan.value.data.template;
        const got = (
          await apis.sheets.spreadsheets.get({
            spreadsheetId,
            fields:
              'properties(locale,timeZone),sheets(properties(title,hidden,gridProperties(frozenRowCount)),protectedRanges(description,warningOnly))',
          })
        ).data;
        expect(got.properties).toEqual({
          locale: 'en_GB',
          timeZone: 'Europe/London',
        });
        const sheets = got.sheets ?? [];
        const byTitle = new Map(sheets.map(s => [s.properties?.title, s]));
        for (const tab of template.tabs) {
          const s = byTitle.get(tab.name);
          expect({
            tab: tab.name,
            found: Boolean(s),
            hidden: s?.properties?.hidden ?? false,
            frozen: s?.properties?.gridProperties?.frozenRowCount,
          }).toEqual({
            tab: tab.name,
            found: true,
            hidden: tab.hidden,
            frozen: 1,
          });
          expect({
            tab: tab.name,
            protections: (s?.protectedRanges ?? []).length,
          }).toEqual({
            tab: tab.name,
            protections: tab.protection ? 1 : 0,
          });
        }
        const headers =
          (
            await apis.sheets.spreadsheets.values.batchGet({
              spreadsheetId,
              ranges: template.tabs.map(t => `'${t.name}'!1:1`),
            })
          ).data.valueRanges ?? [];
        template.tabs.forEach((tab, i) =>
          expect({tab: tab.name, header: headers[i]?.values?.[0]}).toEqual({
            tab: tab.name,
            header: plan.value.structure.headers[tab.name],
          }),
        );
        // S2: only the owner can open it — no link sharing, no domain.
        const perms =
          (
            await apis.drive.permissions.list({
              fileId: spreadsheetId,
              fields: 'permissions(type,role,emailAddress)',
            })
          ).data.permissions ?? [];
        expect(
          perms.map(p => [p.type, p.role, p.emailAddress?.toLowerCase()]),
        ).toEqual([['user', 'owner', me]]);
      },
      LIVE_TIMEOUT,
    );

    it(
      'an alert recorded by the add-on is written as the tracker adapter writes it, and reads back the same',
      async () => {
        expect(spreadsheetId).toBeDefined();
        build();
        const local = tracker({profile: 'kent-jrap'});
        const alert = local.ok<{caseId: string}>(
          'submitAlert',
          alertArgs(),
          'sw1@example.org',
          '2026-01-05T09:00',
        );
        const row = local.tab('Cases').find(r => r.caseId === alert.caseId)!;
        const plan = planProvision(options);
        if (!plan.ok) throw new Error(JSON.stringify(plan.errors));
        const header = plan.value.structure.headers.Cases;
        const values = header.map(h =>
          rawValue('Cases', h, (row[h] ?? null) as Scalar),
        );
        await apis.sheets.spreadsheets.values.append({
          spreadsheetId,
          range: "'Cases'!A1",
          valueInputOption: 'RAW',
          insertDataOption: 'INSERT_ROWS',
          requestBody: {values: [values]},
        });
        const read = async (valueRenderOption: string) =>
          (
            await apis.sheets.spreadsheets.values.get({
              spreadsheetId,
              range: "'Cases'!A2:2",
              valueRenderOption,
              dateTimeRenderOption: 'SERIAL_NUMBER',
            })
          ).data.values?.[0] ?? [];
        const unformatted = await read('UNFORMATTED_VALUE');
        const trim = (cells: unknown[]) => {
          const out = cells.map(c => (c === null ? '' : c));
          while (out.length && out[out.length - 1] === '') out.pop();
          return out;
        };
        expect(trim(unformatted)).toEqual(trim(values));
        // The template's number formats are live: a date reads as a UK date.
        const formatted = await read('FORMATTED_VALUE');
        expect(formatted[header.indexOf('caseId')]).toBe(alert.caseId);
        expect(formatted[header.indexOf('dateOfBirth')]).toBe('20/05/2013');
      },
      LIVE_TIMEOUT,
    );

    it(
      'deletes the tracker',
      async () => {
        expect(spreadsheetId).toBeDefined();
        const id = spreadsheetId!;
        await apis.drive.files.delete({fileId: id});
        spreadsheetId = undefined;
        await expect(
          apis.drive.files.get({fileId: id, fields: 'id'}),
        ).rejects.toMatchObject({status: 404});
      },
      LIVE_TIMEOUT,
    );
  },
);
