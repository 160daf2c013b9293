/**
 * Every Apps Script global the built bundle may see in the local workspace,
 * and nothing else (SPEC section 7): the core services, SpreadsheetApp, the
 * advanced Sheets and Drive services, and DocumentApp.
 */
import {ExecutionContext} from './core';
import {createDocumentApp} from './docs/document-app';
import {createDriveService} from './docs/drive';
import {createCoreServices} from './services';
import {createSheetsService, createSpreadsheetApp} from './sheets';

export function appsScriptGlobals(
  ctx: ExecutionContext,
): Record<string, unknown> {
  return {
    ...createCoreServices(ctx),
    SpreadsheetApp: createSpreadsheetApp(ctx),
    Sheets: createSheetsService(ctx),
    DocumentApp: createDocumentApp(ctx),
    Drive: createDriveService(ctx),
  };
}
