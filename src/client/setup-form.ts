/**
 * Set up / upgrade the tracker. A new tracker: choose the panel profile →
 * setupTracker({profile}). A tracker already set up: one "Upgrade" button →
 * setupTracker({}) (new tabs and columns of this version; nothing removed).
 */
import type {SetupResult} from '../app/setup';
import presets from '../../sheets-template/profiles.json';
import {FormContext, loadContext} from './context';
import {el} from './dom';
import {list, note, runPage} from './form-kit';
import {Result} from './wire';

type Mode = {mode: 'setup'} | {mode: 'upgrade'; ctx: FormContext};

interface PresetInfo {
  panelName: string;
  council: string;
  agencies: Array<{code: string}>;
  cadence?: string;
  submissionDeadline?: string;
}

const PRESETS = presets as unknown as Record<string, PresetInfo>;

async function load(): Promise<Result<Mode>> {
  const r = await loadContext();
  if (r.ok) return {ok: true, value: {mode: 'upgrade', ctx: r.value}};
  // Not set up yet: the context cannot be read without a profile.
  if (r.errors.some(e => e.field === 'profile'))
    return {ok: true, value: {mode: 'setup'}};
  return r;
}

runPage<Mode>({
  title: 'Set up or upgrade the tracker',
  serverFn: 'setupTracker',
  submitLabel: m => (m.mode === 'setup' ? 'Set up the tracker' : 'Upgrade'),
  load,
  setup(kit, m) {
    const body =
      m.mode === 'setup'
        ? [
            el(
              'p',
              {},
              'This spreadsheet is not a tracker yet. Choose the panel it serves: its agencies, dates and rules become the Settings tab, where each value can be changed later.',
            ),
            kit.radios({
              id: 'profile',
              label: 'Panel profile',
              options: Object.entries(PRESETS).map(([id, p]) => [
                id,
                `${p.council}: ${p.panelName}`,
              ]),
              required: true,
            }).wrap,
            el(
              'dl',
              {class: 'facts small'},
              ...Object.entries(PRESETS).flatMap(([, p]) => [
                el('dt', {}, `${p.council}: ${p.panelName}`),
                el(
                  'dd',
                  {},
                  `Agencies ${p.agencies.map(a => a.code).join(', ')}; meets ${p.cadence ?? 'on set dates'}; deadline ${p.submissionDeadline ?? 'as set'}.`,
                ),
              ]),
            ),
          ]
        : [
            el(
              'p',
              {},
              `This tracker runs the ${m.ctx.profile.panelName} (${m.ctx.profile.council}).`,
            ),
            note(
              'note',
              'Upgrading adds the tabs and columns this version of Panel Tracker needs. It keeps every record and setting; it removes nothing.',
            ),
          ];
    return {
      body,
      payload: () => ({
        data:
          m.mode === 'setup'
            ? {profile: kit.values().text('profile') || undefined}
            : {},
        errors: [],
      }),
      validate: data =>
        m.mode === 'setup' && !data.profile
          ? [
              {
                field: 'profile',
                rule: '§6',
                message: 'Choose the panel profile.',
              },
            ]
          : [],
      view(value) {
        const r = value as SetupResult;
        return {
          heading: m.mode === 'setup' ? 'Tracker set up' : 'Tracker upgraded',
          facts: [
            ['Panel', r.panelName],
            ['Profile', r.profile],
            ['Template version', String(r.templateVersion)],
            ['Members added', String(r.membersAdded)],
            ['Holidays added', String(r.holidaysAdded)],
          ],
          message: r.message,
          extra: [
            el('h3', {}, 'Tabs created'),
            list(r.created) ?? el('p', {}, 'None.'),
            el('h3', {}, 'Columns added'),
            list(
              r.addedColumns.map(a => `${a.tab}: ${a.columns.join(', ')}`),
            ) ?? el('p', {}, 'None.'),
            el('h3', {}, 'Reported'),
            list(r.reported.map(x => `${x.tab}: ${x.message}`)) ??
              el('p', {}, 'Nothing to report.'),
            ...(r.templatesCreated?.length
              ? [
                  el('h3', {}, 'Document templates created'),
                  list(r.templatesCreated),
                ]
              : []),
          ],
          again: 'Done',
        };
      },
    };
  },
});
