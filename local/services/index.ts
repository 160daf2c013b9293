/**
 * The core Apps Script stand-ins, as the globals an execution sees. The
 * SpreadsheetApp/Sheets and DocumentApp/Drive stand-ins live in local/sheets
 * and local/docs; the caller of runExecution merges them with these.
 */
import {ExecutionContext} from '../core';
import {createCacheService} from './cache';
import {createHtmlService} from './html-service';
import {createLockService} from './lock';
import {createLogger} from './logger';
import {createMailApp} from './mail-app';
import {createPropertiesService} from './properties';
import {createScriptApp} from './script-app';
import {createSession} from './session';
import {createUtilities} from './utilities';

export function createCoreServices(ctx: ExecutionContext) {
  return {
    LockService: createLockService(ctx),
    PropertiesService: createPropertiesService(ctx),
    CacheService: createCacheService(ctx),
    Session: createSession(ctx),
    Utilities: createUtilities(ctx),
    ScriptApp: createScriptApp(ctx),
    MailApp: createMailApp(ctx),
    HtmlService: createHtmlService(ctx),
    Logger: createLogger(ctx),
  };
}

export type CoreServices = ReturnType<typeof createCoreServices>;

export {LocalBlob} from './blob';
export {loggedLines} from './logger';
export {readSentMail} from './mail-app';
export type {SentMail} from './mail-app';
export {dueTriggers, markFired, readTriggers} from './script-app';
export type {DueTrigger, TriggerRecord} from './script-app';
