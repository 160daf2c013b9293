/** Shared set-up for the docs-*.test.ts files: a fresh workspace per test. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {spawnSync} from 'node:child_process';
import {
  ExecutionContext,
  Workspace,
  createContext,
  endExecution,
} from '../../local/core';
import {createDocumentApp} from '../../local/docs/document-app';
import {createDriveService} from '../../local/docs/drive';

export const START = Date.parse('2026-01-05T09:00:00Z');

export function tempWorkspace(): Workspace {
  return new Workspace(fs.mkdtempSync(path.join(os.tmpdir(), 'docs-test-')));
}

export function contextFor(
  workspace: Workspace,
  user = 'admin@example.org',
  options: Partial<Parameters<typeof createContext>[0]> = {},
): ExecutionContext {
  return createContext({
    workspace,
    activeUser: user,
    startAt: START,
    ...options,
  });
}

/** DocumentApp and Drive for one execution, as the loader would provide them. */
export function services(workspace: Workspace, user = 'admin@example.org') {
  const ctx = contextFor(workspace, user);
  return {
    ctx,
    DocumentApp: createDocumentApp(ctx),
    Drive: createDriveService(ctx),
    end: () => endExecution(ctx),
  };
}

/** Whether poppler's pdftotext is installed (apt-get install poppler-utils). */
export const hasPdftotext = spawnSync('pdftotext', ['-v']).error === undefined;

export function pdfToText(bytes: Uint8Array, layout = false): string {
  const file = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-')),
    'in.pdf',
  );
  fs.writeFileSync(file, bytes);
  const result = spawnSync(
    'pdftotext',
    [...(layout ? ['-layout'] : []), file, '-'],
    {encoding: 'utf8'},
  );
  if (result.status !== 0)
    throw new Error(`pdftotext failed: ${result.stderr}`);
  return result.stdout;
}

/** Expect fn to throw an error with this exact message (and name). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an exception');
}
