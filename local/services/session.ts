/**
 * Session stand-in.
 * Reference: https://developers.google.com/apps-script/reference/base/session
 *
 * getActiveUser(): "If security policies do not allow access to the user's
 * identity, User.getEmail() returns a blank string" -- e.g. in simple
 * triggers or where the user has not authorised the script. The runner
 * decides who is active (ctx.activeUser may be ''); this returns it as is.
 * getEffectiveUser(): "If the script is running under an installable
 * trigger, this value is the user who created the trigger."
 */
import crypto from 'node:crypto';
import {ExecutionContext} from '../core';

type User = GoogleAppsScript.Base.User;

export type SessionApi = Pick<
  GoogleAppsScript.Base.Session,
  | 'getActiveUser'
  | 'getEffectiveUser'
  | 'getScriptTimeZone'
  | 'getActiveUserLocale'
  | 'getTemporaryActiveUserKey'
>;

/** appsscript.json "timeZone". */
export const SCRIPT_TIME_ZONE = 'Europe/London';
/**
 * The reference's example is "en"; Apps Script returns the user's language
 * setting, which for the UK councils this product serves is British English.
 * Chosen: 'en_GB'.
 */
export const ACTIVE_USER_LOCALE = 'en_GB';

/** The temporary key "rotates every 30 days and is unique to the script". */
const KEY_ROTATION_MS = 30 * 24 * 60 * 60 * 1000;
const SCRIPT_ID = 'panel-tracker-local';

export function createSession(ctx: ExecutionContext): SessionApi {
  const record = (method: string) => ctx.calls.record('Session', method);
  return {
    getActiveUser() {
      record('getActiveUser');
      return user(ctx, ctx.activeUser);
    },
    getEffectiveUser() {
      record('getEffectiveUser');
      return user(ctx, ctx.effectiveUser);
    },
    getScriptTimeZone() {
      record('getScriptTimeZone');
      return SCRIPT_TIME_ZONE;
    },
    getActiveUserLocale() {
      record('getActiveUserLocale');
      return ACTIVE_USER_LOCALE;
    },
    getTemporaryActiveUserKey() {
      record('getTemporaryActiveUserKey');
      const period = Math.floor(ctx.now() / KEY_ROTATION_MS);
      const who = ctx.activeUser || ctx.effectiveUser;
      return crypto
        .createHash('sha256')
        .update(`${SCRIPT_ID}\n${who}\n${period}`)
        .digest('base64url')
        .slice(0, 43);
    },
  };
}

/** User: https://developers.google.com/apps-script/reference/base/user */
function user(ctx: ExecutionContext, email: string): User {
  return {
    getEmail() {
      ctx.calls.record('Session', 'User.getEmail');
      return email;
    },
    /** Deprecated in Apps Script ("use getEmail() instead"); same value. */
    getUserLoginId() {
      ctx.calls.record('Session', 'User.getUserLoginId');
      return email;
    },
  };
}
