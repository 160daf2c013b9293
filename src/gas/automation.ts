/**
 * Adapters of the daily run: MailApp (scope script.send_mail — never the
 * Gmail scopes), the script lock held briefly to claim the lease, ScriptApp
 * triggers, and the dependencies of a run that a trigger started.
 *
 * A time-driven run of an editor add-on has no active spreadsheet (A4): at
 * install the tracker's ID is stored in user properties keyed by the
 * trigger's unique ID, and the run opens the tracker by that ID.
 */
import {DispatchDeps} from '../app/dispatch';
import {Mailer, TriggerInfo, Triggers, WriteLock} from '../ports';
import {activeUserEmail} from './services';
import {SheetsTracker} from './tracker';

export const trackerKey = (uid: string) => `tracker:${uid}`;

export function gasMailer(): Mailer {
  return {
    remainingQuota: () => MailApp.getRemainingDailyQuota(),
    send: mail => {
      MailApp.sendEmail({
        to: mail.to,
        subject: mail.subject,
        body: mail.text,
        htmlBody: mail.html,
        name: 'Panel Tracker',
      });
    },
  };
}

/** The script lock, for the two calls that claim or release the lease. */
export function briefScriptLock(): WriteLock {
  return {
    run<T>(fn: () => T): T {
      const lock = LockService.getScriptLock();
      lock.waitLock(10_000);
      try {
        return fn();
      } finally {
        lock.releaseLock();
      }
    },
  };
}

function effectiveUserEmail(): string {
  return (Session.getEffectiveUser().getEmail() || '').trim().toLowerCase();
}

/** This user's triggers on the active tracker. */
export function gasTriggers(): Triggers {
  const ss = () => {
    const s = SpreadsheetApp.getActiveSpreadsheet();
    if (!s)
      throw new Error(
        'Open the tracker spreadsheet to change its daily reminders.',
      );
    return s;
  };
  const info = (
    t: GoogleAppsScript.Script.Trigger,
    owner: string,
  ): TriggerInfo => ({
    uid: t.getUniqueId(),
    handler: t.getHandlerFunction(),
    owner,
  });
  return {
    list() {
      const owner = effectiveUserEmail();
      return ScriptApp.getUserTriggers(ss()).map(t => info(t, owner));
    },
    installDaily(handler, hour) {
      const spreadsheet = ss();
      const trigger = ScriptApp.newTrigger(handler)
        .timeBased()
        .everyDays(1)
        .atHour(hour)
        .create();
      PropertiesService.getUserProperties().setProperty(
        trackerKey(trigger.getUniqueId()),
        spreadsheet.getId(),
      );
      return info(trigger, effectiveUserEmail());
    },
    remove(uid) {
      for (const t of ScriptApp.getUserTriggers(ss())) {
        if (t.getUniqueId() === uid) ScriptApp.deleteTrigger(t);
      }
      PropertiesService.getUserProperties().deleteProperty(trackerKey(uid));
    },
  };
}

/**
 * The dependencies of a daily run: from a trigger (the tracker by the ID
 * stored for it) or run by hand from the menu (the open tracker). Null when
 * a trigger no longer knows its tracker.
 */
export function dailyRunDeps(event?: {
  triggerUid?: string;
}): DispatchDeps | null {
  const uid = event?.triggerUid;
  let id: string | null = null;
  if (uid)
    id = PropertiesService.getUserProperties().getProperty(trackerKey(uid));
  if (!id) id = SpreadsheetApp.getActiveSpreadsheet()?.getId() ?? null;
  if (!id) return null;
  const owner = effectiveUserEmail();
  return {
    tracker: new SheetsTracker(id),
    lock: briefScriptLock(),
    briefLock: briefScriptLock(),
    clock: {now: () => Date.now()},
    user: uid ? owner : activeUserEmail(),
    mailer: gasMailer(),
    triggerOwner: owner,
    manual: !uid,
  };
}

/** A trigger whose tracker is gone or no longer shared removes itself (A4). */
export function removeOwnTrigger(uid: string): void {
  for (const t of ScriptApp.getProjectTriggers()) {
    if (t.getUniqueId() === uid) ScriptApp.deleteTrigger(t);
  }
  PropertiesService.getUserProperties().deleteProperty(trackerKey(uid));
}
