/** Shared set-up for the services-*.test.ts files (not a test itself). */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ContextOptions,
  ExecutionContext,
  Workspace,
  createContext,
} from '../../local/core';

export const ADMIN = 'admin@example.org';
export const DOC = 'tracker-doc-1';

/** A fresh workspace folder under the OS temp dir. */
export function tempWorkspace(prefix = 'pt-services-'): Workspace {
  return new Workspace(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
}

/** An interactive execution in DOC by ADMIN unless told otherwise. */
export function newContext(
  workspace: Workspace,
  options: Partial<ContextOptions> = {},
): ExecutionContext {
  return createContext({
    workspace,
    activeUser: ADMIN,
    activeSpreadsheetId: DOC,
    startAt: Date.parse('2026-01-05T09:00:00Z'),
    ...options,
  });
}

/** Run fn and return the error it throws (failing the test if none). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an exception');
}
