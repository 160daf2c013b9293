/**
 * Entry points: every function Apps Script calls by name — onOpen and
 * onInstall, menu items, the sidebars' google.script.run targets and the
 * trigger handler — is exported here and only here. Each is thin: it builds
 * the adapters and hands over to a use case in src/app/.
 */
import {
  submitAlert as submitAlertUseCase,
  shareAlert as shareAlertUseCase,
} from './app/alerts';
import {recordAssessment as recordAssessmentUseCase} from './app/assessments';
import {buildAgenda as buildAgendaUseCase} from './app/build-agenda';
import {
  endorseChange as endorseChangeUseCase,
  submitChange as submitChangeUseCase,
} from './app/changes';
import {
  recordDecision as recordDecisionUseCase,
  respondToDecision as respondToDecisionUseCase,
} from './app/decisions';
import {notifyEmergencyPlacement as notifyEmergencyUseCase} from './app/emergency';
import {
  getCase as getCaseUseCase,
  getFormContext as getFormContextUseCase,
  getMyCases as getMyCasesUseCase,
  getPanelDates as getPanelDatesUseCase,
} from './app/queries';
import {submitReferral as submitReferralUseCase} from './app/referral';
import {setupTracker as setupTrackerUseCase} from './app/setup';
import {
  previewDailyRun as previewDailyRunUseCase,
  recordRunFailure,
  runDaily as runDailyUseCase,
} from './app/dispatch';
import {
  installTriggers as installTriggersUseCase,
  removeTriggers as removeTriggersUseCase,
} from './app/triggers';
import {dailyRunDeps, gasTriggers, removeOwnTrigger} from './gas/automation';
import {
  clearDraft as clearDraftUseCase,
  loadDraft as loadDraftUseCase,
  saveDraft as saveDraftUseCase,
  UserStore,
} from './app/drafts';
import {activeSpreadsheetId, interactiveDeps, sidebarUi} from './gas/services';

// ---------------------------------------------------------------------------
// The add-on menu (SPEC section 5)
// ---------------------------------------------------------------------------

const MENU: Array<[string, string] | null> = [
  ['Referral alert (part 1)', 'openAlertForm'],
  ['Referral (part 2)', 'openReferralForm'],
  ['Change form (part 4)', 'openChangeForm'],
  ['Emergency placement notice', 'openEmergencyForm'],
  ['Assessment update', 'openAssessmentForm'],
  null,
  ['Build agenda', 'openAgenda'],
  ['Record decision', 'openDecisionForm'],
  ['Generate outcome note…', 'openOutcomeForm'],
  ['Sign funding agreement…', 'openSignForm'],
  ['Rebuild quarterly finance', 'rebuildQuarterly'],
  ['Freeze a quarter…', 'openQuarterForm'],
  null,
  ['Preview the next reminder run', 'openPreview'],
  ['Install daily reminders', 'installTriggers'],
  ['Remove daily reminders', 'removeTriggers'],
  null,
  ['Archive closed cases…', 'archiveClosedCases'],
  ['Set up / upgrade the tracker', 'openSetup'],
];

export function onOpen(): void {
  const menu = SpreadsheetApp.getUi().createAddonMenu();
  for (const item of MENU) {
    if (item) menu.addItem(item[0], item[1]);
    else menu.addSeparator();
  }
  menu.addToUi();
}

export function onInstall(): void {
  onOpen();
}

function sidebar(file: string, title: string): void {
  sidebarUi().showSidebar(file, title);
}

export function openAlertForm(): void {
  sidebar('AlertForm', 'Referral alert (part 1)');
}
export function openReferralForm(): void {
  sidebar('ReferralForm', 'Referral (part 2)');
}
export function openChangeForm(): void {
  sidebar('ChangeForm', 'Change form (part 4)');
}
export function openEmergencyForm(): void {
  sidebar('EmergencyForm', 'Emergency placement notice');
}
export function openAssessmentForm(): void {
  sidebar('AssessmentForm', 'Assessment update');
}
export function openDecisionForm(): void {
  sidebar('DecisionForm', 'Panel decision');
}
export function openAgenda(): void {
  sidebar('AgendaForm', 'Build agenda');
}
export function openSetup(): void {
  sidebar('SetupForm', 'Set up / upgrade the tracker');
}
export function openPreview(): void {
  sidebar('PreviewRun', 'Preview the next reminder run');
}

// ---------------------------------------------------------------------------
// Use cases (google.script.run targets; a scenario's `call`)
// ---------------------------------------------------------------------------

export function setupTracker(args?: unknown) {
  return setupTrackerUseCase(interactiveDeps(), args ?? {});
}
export function submitAlert(args: unknown) {
  return submitAlertUseCase(interactiveDeps(), args);
}
export function shareAlert(args: unknown) {
  return shareAlertUseCase(interactiveDeps(), args);
}
export function recordAssessment(args: unknown) {
  return recordAssessmentUseCase(interactiveDeps(), args);
}
export function submitReferral(args: unknown) {
  return submitReferralUseCase(interactiveDeps(), args);
}
export function submitChange(args: unknown) {
  return submitChangeUseCase(interactiveDeps(), args);
}
export function endorseChange(args: unknown) {
  return endorseChangeUseCase(interactiveDeps(), args);
}
export function notifyEmergencyPlacement(args: unknown) {
  return notifyEmergencyUseCase(interactiveDeps(), args);
}
export function buildAgenda(args?: unknown) {
  return buildAgendaUseCase(interactiveDeps(), args ?? {});
}
export function recordDecision(args: unknown) {
  return recordDecisionUseCase(interactiveDeps(), args);
}
export function respondToDecision(args: unknown) {
  return respondToDecisionUseCase(interactiveDeps(), args);
}

// Reads for the forms' pick-lists.
export function getFormContext() {
  return getFormContextUseCase(interactiveDeps());
}
export function getMyCases() {
  return getMyCasesUseCase(interactiveDeps());
}
export function getCase(args: unknown) {
  return getCaseUseCase(interactiveDeps(), args);
}
export function getPanelDates(args?: unknown) {
  return getPanelDatesUseCase(interactiveDeps(), args);
}

// ---------------------------------------------------------------------------
// Automation (A1–A5)
// ---------------------------------------------------------------------------

/** The daily trigger's handler (also "run now" from the menu, for admins). */
export function runDaily(event?: {triggerUid?: string}) {
  const deps = dailyRunDeps(event);
  if (!deps) {
    if (event?.triggerUid) removeOwnTrigger(event.triggerUid);
    console.log(
      'Panel Tracker: this daily trigger has no tracker any more and removed itself.',
    );
    return {
      ok: false,
      errors: [
        {
          field: 'trigger',
          rule: 'A4',
          message: 'This trigger has no tracker any more; it removed itself.',
        },
      ],
    };
  }
  try {
    return runDailyUseCase(deps);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (
      event?.triggerUid &&
      /not found|permission|does not have/i.test(message)
    ) {
      removeOwnTrigger(event.triggerUid);
      console.log(
        `Panel Tracker: the tracker of this trigger cannot be opened (${message}); the trigger removed itself.`,
      );
    } else {
      try {
        recordRunFailure(deps, message, deps.triggerOwner);
      } catch (inner) {
        console.log(
          `Panel Tracker: could not record the failure in the Health tab: ${String(inner)}`,
        );
      }
    }
    throw e;
  }
}

export function installTriggers() {
  const result = installTriggersUseCase({
    ...interactiveDeps(),
    triggers: gasTriggers(),
  });
  sidebarUi().alert(
    'Daily reminders',
    result.ok
      ? result.value.message
      : result.errors.map(e => e.message).join('\n'),
  );
  return result;
}

export function removeTriggers() {
  const result = removeTriggersUseCase({
    ...interactiveDeps(),
    triggers: gasTriggers(),
  });
  sidebarUi().alert(
    'Daily reminders',
    result.ok
      ? result.value.message
      : result.errors.map(e => e.message).join('\n'),
  );
  return result;
}

export function previewDailyRun() {
  return previewDailyRunUseCase(interactiveDeps());
}

// ---------------------------------------------------------------------------
// Drafts of the sidebar forms (user properties)
// ---------------------------------------------------------------------------

function userStore(): UserStore {
  const props = PropertiesService.getUserProperties();
  return {
    get: k => props.getProperty(k),
    set: (k, v) => {
      props.setProperty(k, v);
    },
    remove: k => {
      props.deleteProperty(k);
    },
  };
}

export function saveDraft(args: unknown) {
  return saveDraftUseCase(userStore(), activeSpreadsheetId(), args);
}
export function loadDraft(args: unknown) {
  return loadDraftUseCase(userStore(), activeSpreadsheetId(), args);
}
export function clearDraft(args: unknown) {
  return clearDraftUseCase(userStore(), activeSpreadsheetId(), args);
}
export * from './entries/cases';
export * from './entries/notes';
export * from './entries/finance';
export * from './entries/archive';
