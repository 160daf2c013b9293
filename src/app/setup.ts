/**
 * Set up / upgrade the tracker (menu). On a blank spreadsheet it creates
 * every tab of the template, chooses the panel profile, fills Settings,
 * Agencies, Members, the Holidays of the coming years (D1) and listed panel
 * dates. On an existing tracker it adds what is missing — tabs, columns,
 * settings, holidays — keeps every value, and reports columns that look
 * renamed. It is idempotent: run twice, the second run changes nothing.
 */
import {
  englandWalesBankHolidays,
  holidayCalendar,
  isIsoDate,
  IsoDate,
  parts,
} from '../domain/calendar';
import {papersOutDate, submissionDeadline} from '../domain/deadlines';
import {
  Agency,
  agencyCodes,
  presetAgencies,
  presetIds,
  Profile,
  resolveProfile,
  settingText,
  SETTINGS,
} from '../domain/profiles';
import {MemberRecord, Role, ROLES, Row} from '../domain/records';
import {fail, fieldError, FieldError, Result} from '../domain/result';
import {buildTemplate} from '../domain/template';
import {Snapshot} from '../ports';
import {
  agenciesOf,
  Deps,
  Env,
  londonNow,
  PlanBuilder,
  refuse,
  settingsOf,
  Tables,
} from './kit';
import {ensureTemplates} from './outcome-note';
import {planStructure} from './setup-requests';

export const TEMPLATE_VERSION_KEY = 'templateVersion';
const CONFIG = [
  'Settings',
  'Agencies',
  'Members',
  'Holidays',
  'Panels',
  '_System',
];

export interface SetupArgs {
  profile?: string;
  members?: Array<{
    email: string;
    name?: string;
    role: string;
    agency?: string;
    active?: boolean;
  }>;
  settings?: Record<string, unknown>;
  holidays?: Array<string | {date: string; name?: string; status?: string}>;
}

export interface SetupResult {
  profile: string;
  panelName: string;
  templateVersion: number;
  created: string[];
  addedColumns: Array<{tab: string; columns: string[]}>;
  reported: Array<{tab: string; message: string}>;
  membersAdded: number;
  holidaysAdded: number;
  /** Docs templates of the outcome note created by this run (P3). */
  templatesCreated: string[];
  message: string;
}

const emptySnapshot = (tabs: string[]): Snapshot => ({
  tables: Object.fromEntries(
    tabs.map(t => [t, {tab: t, header: [], rows: [], rowNumbers: []}]),
  ),
});

/** Extra setting keys a scenario or admin may give besides the profile's own. */
function agencyOverrides(
  settings: Record<string, unknown>,
  agencies: Agency[],
): Agency[] {
  let out = agencies.map(a => ({...a}));
  const listed = settings.agencies;
  if (Array.isArray(listed)) {
    out = listed.map(a => {
      const o = a as Partial<Agency> & {escalationContacts?: string[] | string};
      return {
        code: String(o.code ?? '').toUpperCase(),
        name: String(o.name ?? o.code ?? ''),
        funding: o.funding !== false,
        escalationContacts: toEmails(o.escalationContacts),
      };
    });
  }
  const contacts = settings.escalationContacts;
  if (contacts && typeof contacts === 'object' && !Array.isArray(contacts)) {
    for (const [code, emails] of Object.entries(
      contacts as Record<string, unknown>,
    )) {
      const a = out.find(x => x.code === code.toUpperCase());
      if (a) a.escalationContacts = toEmails(emails);
    }
  }
  return out;
}

function toEmails(v: unknown): string[] {
  const list = Array.isArray(v)
    ? v.map(String)
    : typeof v === 'string'
      ? v.split(/[,;\s]+/)
      : [];
  return list.map(e => e.trim().toLowerCase()).filter(e => e.includes('@'));
}

function checkMembers(
  members: SetupArgs['members'],
  profile: Profile,
): FieldError[] {
  const errors: FieldError[] = [];
  (members ?? []).forEach((m, i) => {
    if (
      !m ||
      typeof m.email !== 'string' ||
      !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(m.email.trim())
    ) {
      errors.push(
        fieldError(
          `members.${i}.email`,
          'S5',
          'Each member needs an email address.',
        ),
      );
    }
    if (!ROLES.includes(m?.role as Role)) {
      errors.push(
        fieldError(
          `members.${i}.role`,
          'S5',
          `Role must be one of: ${ROLES.join(', ')}.`,
        ),
      );
    }
    if (
      m?.agency &&
      !agencyCodes(profile).includes(String(m.agency).toUpperCase())
    ) {
      errors.push(
        fieldError(
          `members.${i}.agency`,
          'S5',
          `${m.agency} is not an agency of this panel.`,
        ),
      );
    }
  });
  return errors;
}

export function setupTracker(deps: Deps, input: unknown): Result<SetupResult> {
  const args = (input && typeof input === 'object' ? input : {}) as SetupArgs;
  if (!deps.structure)
    throw new Error('setupTracker needs the structure adapter');
  const structure = deps.structure;
  return deps.lock.run(() => {
    const shapes = structure.describe();
    const present = CONFIG.filter(t => shapes.some(s => s.title === t));
    const before = new Tables({
      tables: {
        ...emptySnapshot(CONFIG).tables,
        ...(present.length ? deps.tracker.read(present).tables : {}),
      },
    });
    const {today, nowIso} = londonNow(deps.clock);
    const existingSettings = settingsOf(before);
    const existingPreset = existingSettings.profile
      ? String(existingSettings.profile)
      : undefined;
    const presetId = args.profile ?? existingPreset;
    if (!presetId) {
      return refuse(
        'profile',
        '§6',
        `Choose the panel profile: ${presetIds().join(', ')}.`,
      );
    }
    if (!deps.user) {
      return refuse(
        'user',
        'S5',
        'We could not tell who you are: sign in to Google with your council account and try again.',
      );
    }
    const members = before.rows<MemberRecord>('Members').filter(m => m.email);
    const firstSetup = members.length === 0;
    const callerIsAdmin = members.some(
      m =>
        m.active && m.role === 'admin' && m.email.toLowerCase() === deps.user,
    );
    if (!firstSetup && !callerIsAdmin) {
      return refuse(
        'user',
        'S5',
        'Only people with the admin role on the Members tab can set up or upgrade the tracker.',
      );
    }
    if (existingPreset && args.profile && args.profile !== existingPreset) {
      return refuse(
        'profile',
        '§6',
        `This tracker runs the ${existingPreset} profile; a tracker keeps its profile. Change individual values on the Settings tab instead.`,
      );
    }
    const {
      profile: _ignored,
      agencies: _a,
      escalationContacts: _e,
      ...settingArgs
    } = args.settings ?? {};
    const keptSettings = Object.fromEntries(
      Object.entries(existingSettings).filter(
        ([k]) =>
          k !== 'profile' && (existingPreset === presetId || !args.profile),
      ),
    );
    const existingAgencies = agenciesOf(before);
    const baseAgencies = existingAgencies.length
      ? existingAgencies
      : (() => {
          try {
            return presetAgencies(presetId);
          } catch {
            return [];
          }
        })();
    const agencies = agencyOverrides(args.settings ?? {}, baseAgencies);
    const resolved = resolveProfile({
      presetId,
      settings: {...keptSettings, ...settingArgs},
      agencies: agencies.length ? agencies : undefined,
    });
    if (!resolved.ok) return resolved;
    const profile = resolved.value;
    const memberErrors = checkMembers(args.members, profile);
    if (memberErrors.length) return fail(memberErrors);
    const holidayArgs = (args.holidays ?? []).map(h =>
      typeof h === 'string' ? {date: h} : h,
    );
    const badHoliday = holidayArgs.findIndex(h => !isIsoDate(h?.date));
    if (badHoliday >= 0)
      return refuse(
        `holidays.${badHoliday}`,
        'D1',
        'Holidays are dates written YYYY-MM-DD.',
      );

    // Structure: tabs, columns, formats, validation, protections.
    const allMembers = [
      ...members.map(m => ({...m, email: m.email.toLowerCase()})),
      ...(args.members ?? []).map(m => ({
        email: m.email.trim().toLowerCase(),
        role: m.role as Role,
        active: m.active !== false,
      })),
      ...(firstSetup &&
      !(args.members ?? []).some(
        m => m.email.trim().toLowerCase() === deps.user && m.role === 'admin',
      )
        ? [{email: deps.user, role: 'admin' as Role, active: true}]
        : []),
    ];
    const emails = (role: Role) => [
      ...new Set(
        allMembers
          .filter(m => m.active !== false && m.role === role)
          .map(m => m.email),
      ),
    ];
    const template = buildTemplate(agencyCodes(profile));
    const structurePlan = planStructure(template, shapes, {
      admins: emails('admin'),
      finance: emails('finance'),
    });
    if (structurePlan.requests.length) structure.apply(structurePlan.requests);

    // Data: read the configuration tabs as they are now, add what is missing.
    const tables = new Tables(deps.tracker.read(CONFIG));
    const holidayRows = tables
      .rows<{date: IsoDate | null; status: string}>('Holidays')
      .filter(h => h.date);
    const env: Env = {
      presetId,
      profile,
      cal: holidayCalendar({
        added: [
          ...holidayRows
            .filter(h => h.status !== 'notHoliday')
            .map(h => h.date!),
          ...holidayArgs
            .filter(h => h.status !== 'notHoliday')
            .map(h => h.date),
        ],
        removed: [
          ...holidayRows
            .filter(h => h.status === 'notHoliday')
            .map(h => h.date!),
          ...holidayArgs
            .filter(h => h.status === 'notHoliday')
            .map(h => h.date),
        ],
      }),
      members: [],
      user: deps.user,
      roles: new Set(['admin']),
      agency: '',
      today,
      nowIso,
    };
    const plan = new PlanBuilder(tables, env);
    writeSettings(tables, plan, profile, presetId, {
      overridden: new Set(Object.keys(settingArgs)),
      profileChanged: !existingPreset,
    });
    writeAgencies(tables, plan, agencies, args.settings ?? {});
    const membersAdded = writeMembers(
      tables,
      plan,
      args.members ?? [],
      firstSetup ? deps.user : null,
    );
    const holidaysAdded = writeHolidays(tables, plan, today, holidayArgs);
    writePanels(tables, plan, profile, env);
    // P3: the outcome note's Docs templates, created once, never overwritten.
    const templates = ensureTemplates(deps, tables, plan, emails('admin'));
    const version = String(template.version);
    const v = tables.system(TEMPLATE_VERSION_KEY);
    if (!v) plan.append('_System', {key: TEMPLATE_VERSION_KEY, value: version});
    else if (v.value !== version)
      plan.update('_System', v.rowNumber, {value: version});
    const changed =
      structurePlan.created.length +
        structurePlan.addedColumns.length +
        membersAdded +
        holidaysAdded >
        0 || plan.plan.appends.length + plan.plan.updates.length > 0;
    if (changed) {
      plan.audit(
        'setupTracker',
        presetId,
        `Template v${version}; created ${structurePlan.created.length} tab(s); added columns to ${structurePlan.addedColumns.length} tab(s); ${membersAdded} member(s), ${holidaysAdded} holiday(s) added${templates.created.length ? `; ${templates.created.length} Docs template(s) created` : ''}`,
      );
      deps.tracker.commit(plan.build(), nowIso);
    }
    deps.documentProperties?.set(TEMPLATE_VERSION_KEY, version);
    const parts2 = [
      firstSetup
        ? `The tracker is set up for the ${profile.panelName} (${presetId}).`
        : `The tracker (${profile.panelName}) is up to date.`,
    ];
    if (structurePlan.created.length && !firstSetup)
      parts2.push(`Added tabs: ${structurePlan.created.join(', ')}.`);
    for (const a of structurePlan.addedColumns)
      parts2.push(`Added to ${a.tab}: ${a.columns.join(', ')}.`);
    for (const r of structurePlan.reported)
      parts2.push(`${r.tab}: ${r.message}`);
    if (templates.message) parts2.push(templates.message);
    return {
      ok: true,
      value: {
        profile: presetId,
        panelName: profile.panelName,
        templateVersion: template.version,
        created: structurePlan.created,
        addedColumns: structurePlan.addedColumns,
        reported: structurePlan.reported,
        membersAdded,
        holidaysAdded,
        templatesCreated: templates.created,
        message: parts2.join(' '),
      },
    };
  });
}

/** The profile row of the Settings tab (the settings below override it). */
export const PROFILE_SETTING = {
  key: 'profile',
  rule: '§6',
  description:
    'The panel profile this tracker started from (a preset; the settings below override it)',
};

const settingValue = (v: string | number | boolean): string =>
  typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v);

/**
 * The Settings rows of a profile, as text (one source for setupTracker and
 * `npm run provision`).
 */
export function settingRows(
  profile: Profile,
  presetId: string,
): Array<{key: string; value: string; rule: string; description: string}> {
  return [
    {...PROFILE_SETTING, value: presetId},
    ...SETTINGS.map(def => ({
      key: def.key,
      value: settingValue(settingText(profile, def.key)),
      rule: def.rule,
      description: def.description,
    })),
  ];
}

/** An Agencies row. */
export function agencyRow(a: Agency): Row {
  return {
    code: a.code,
    name: a.name,
    funding: a.funding,
    escalationContacts: a.escalationContacts.join(', '),
  };
}

/** D1: the England & Wales bank holidays of this year and the next two. */
export function bankHolidayRows(today: IsoDate): Row[] {
  const out: Row[] = [];
  const seen = new Set<string>();
  const year = parts(today).year;
  for (let y = year; y <= year + 2; y++) {
    for (const h of englandWalesBankHolidays(y)) {
      if (seen.has(h.date)) continue;
      seen.add(h.date);
      out.push({date: h.date, name: h.name, status: 'holiday'});
    }
  }
  return out;
}

/** A Panels row for a scheduled panel, with its deadlines (D2, D3). */
export function panelRow(
  date: IsoDate,
  profile: Profile,
  cal: Parameters<typeof submissionDeadline>[2],
): Row {
  return {
    panelDate: date,
    startTime: profile.panelStartTime,
    submissionDeadline: submissionDeadline(date, profile, cal),
    papersOutDate: papersOutDate(date, profile, cal),
    status: 'scheduled',
    chair: '',
    agendaBuiltAt: null,
  };
}

function writeSettings(
  tables: Tables,
  plan: PlanBuilder,
  profile: Profile,
  presetId: string,
  opts: {overridden: Set<string>; profileChanged: boolean},
): void {
  const rows = tables.where<{
    key: string;
    value: unknown;
    rule: string;
    description: string;
  }>('Settings', () => true);
  for (const row of settingRows(profile, presetId)) {
    const hit = rows.find(r => String(r.record.key).trim() === row.key);
    if (!hit) {
      plan.append('Settings', row);
      continue;
    }
    const force = row.key === 'profile' || opts.overridden.has(row.key);
    const values: Row = {};
    if (
      (force || opts.profileChanged) &&
      String(hit.record.value) !== row.value
    )
      values.value = row.value;
    if (hit.record.rule !== row.rule) values.rule = row.rule;
    if (hit.record.description !== row.description)
      values.description = row.description;
    if (Object.keys(values).length)
      plan.update('Settings', hit.rowNumber, values);
  }
}

function writeAgencies(
  tables: Tables,
  plan: PlanBuilder,
  agencies: Agency[],
  settings: Record<string, unknown>,
): void {
  const rows = tables.where<{code: string; escalationContacts: string}>(
    'Agencies',
    r => Boolean(r.code),
  );
  const contactsGiven =
    Boolean(settings.escalationContacts) || Array.isArray(settings.agencies);
  for (const a of agencies) {
    const hit = rows.find(r => String(r.record.code).toUpperCase() === a.code);
    const contacts = a.escalationContacts.join(', ');
    if (!hit) {
      plan.append('Agencies', agencyRow(a));
    } else if (contactsGiven && hit.record.escalationContacts !== contacts) {
      plan.update('Agencies', hit.rowNumber, {escalationContacts: contacts});
    }
  }
}

function writeMembers(
  tables: Tables,
  plan: PlanBuilder,
  members: NonNullable<SetupArgs['members']>,
  firstAdmin: string | null,
): number {
  const rows = tables.where<MemberRecord>('Members', r => Boolean(r.email));
  const wanted = members.map(m => ({
    email: m.email.trim().toLowerCase(),
    name: m.name?.trim() || m.email.trim().toLowerCase(),
    role: m.role as Role,
    agency: (m.agency ?? '').toUpperCase(),
    active: m.active !== false,
  }));
  if (
    firstAdmin &&
    !wanted.some(m => m.email === firstAdmin && m.role === 'admin')
  ) {
    wanted.unshift({
      email: firstAdmin,
      name: firstAdmin,
      role: 'admin',
      agency: '',
      active: true,
    });
  }
  let added = 0;
  for (const m of wanted) {
    const hit = rows.find(
      r => r.record.email.toLowerCase() === m.email && r.record.role === m.role,
    );
    if (!hit) {
      plan.append('Members', m as unknown as Row);
      added++;
    } else if (
      hit.record.name !== m.name ||
      hit.record.agency !== m.agency ||
      hit.record.active !== m.active
    ) {
      plan.update('Members', hit.rowNumber, {
        name: m.name,
        agency: m.agency,
        active: m.active,
      });
    }
  }
  return added;
}

/** D1: the bank holidays of this year and the next two, plus days an admin gives. */
function writeHolidays(
  tables: Tables,
  plan: PlanBuilder,
  today: IsoDate,
  extra: Array<{date: string; name?: string; status?: string}>,
): number {
  const rows = tables.where<{date: IsoDate | null; status: string}>(
    'Holidays',
    r => Boolean(r.date),
  );
  const known = new Set(rows.map(r => r.record.date));
  let added = 0;
  for (const h of bankHolidayRows(today)) {
    if (known.has(h.date as IsoDate)) continue;
    plan.append('Holidays', h);
    known.add(h.date as IsoDate);
    added++;
  }
  for (const h of extra) {
    const status = h.status === 'notHoliday' ? 'notHoliday' : 'holiday';
    const hit = rows.find(r => r.record.date === h.date);
    if (hit) {
      if (hit.record.status !== status)
        plan.update('Holidays', hit.rowNumber, {status});
    } else if (!known.has(h.date)) {
      plan.append('Holidays', {
        date: h.date,
        name: h.name ?? 'Added by the panel administrator',
        status,
      });
      known.add(h.date);
      added++;
    }
  }
  return added;
}

function writePanels(
  tables: Tables,
  plan: PlanBuilder,
  profile: Profile,
  env: Env,
): void {
  const known = new Set(
    tables.rows<{panelDate: IsoDate | null}>('Panels').map(p => p.panelDate),
  );
  for (const date of profile.panelDates) {
    if (known.has(date)) continue;
    plan.append('Panels', panelRow(date, profile, env.cal));
  }
}
