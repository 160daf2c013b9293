/**
 * The local Drive: one index (<workspace>/drive/index.json, written
 * atomically under a file mutex) and the contents as real files
 * (<workspace>/drive/files/<id>.pdf|.json|.csv|…) a person can open.
 *
 * Shared by the Drive advanced-service stand-in (drive.ts) and DocumentApp
 * (document-app.ts): a Google Doc is a Drive file whose content is the
 * document JSON. No Apps Script semantics here beyond who may see what:
 * - a person reads a file they own or that is shared with them (a user,
 *   group, domain or anyone permission);
 * - the add-on's `drive.file` scope additionally limits the Drive API to
 *   files this app created or the person opened with it, per person
 *   (https://developers.google.com/drive/api/guides/about-auth: drive.file is
 *   per-file access for files created or opened by the app).
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import {
  Workspace,
  newId,
  readJson,
  withFileMutex,
  writeFileAtomic,
  writeJsonAtomic,
} from '../core';
import {DOCUMENT_MIME_TYPE} from './document-model';
import {countPdfPages} from './pdf';

export const FOLDER_MIME_TYPE = 'application/vnd.google-apps.folder';
export const PDF_MIME_TYPE = 'application/pdf';

export type PermissionType = 'user' | 'group' | 'domain' | 'anyone';

export interface DrivePermission {
  id: string;
  type: PermissionType;
  role: string;
  emailAddress?: string;
  domain?: string;
  allowFileDiscovery?: boolean;
  /** Whether Drive was asked to email the person (sendNotificationEmail). */
  notified?: boolean;
  /** Set on a folder's permission as it applies to a file inside. */
  inheritedFrom?: string;
}

export interface DriveFileRecord {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  createdTime: string;
  modifiedTime: string;
  /** Owner emails (My Drive files have exactly one). */
  owners: string[];
  /** Created through this add-on (the Drive API or DocumentApp). */
  createdByApp: boolean;
  /** People for whom this app holds drive.file access to the file. */
  appUsers: string[];
  trashed: boolean;
  permissions: DrivePermission[];
  appProperties: Record<string, string>;
  description?: string;
  /** Content file relative to <workspace>/drive (none for folders). */
  localFile?: string;
  size?: number;
  /** Page count of a stored PDF. */
  pdfPages?: number;
  /** A person's "My Drive" root folder (not an API-visible file). */
  isRoot?: boolean;
}

/**
 * One Drive.Permissions.create request as the script made it, recorded
 * before validation (a refused request is still an attempt to share), so a
 * test can check every sharing call, not only the permissions left at the
 * end (S2: type 'user' only, never 'anyone' or 'domain').
 */
export interface SharingRequest {
  /** ISO time of the call (the execution's clock). */
  at: string;
  /** The script's user. */
  by: string;
  fileId: string;
  type: string | null;
  role: string | null;
  emailAddress: string | null;
  domain: string | null;
  allowFileDiscovery: boolean | null;
  sendNotificationEmail: boolean | null;
}

interface DriveIndex {
  files: Record<string, DriveFileRecord>;
  /** Root folder id per owner email. */
  roots: Record<string, string>;
  /** Every Permissions.create request, in order (absent in older workspaces). */
  sharingLog?: SharingRequest[];
}

/** Read and change the local Drive. */
export class DriveStore {
  constructor(readonly workspace: Workspace) {}

  get indexFile(): string {
    return this.workspace.path('drive', 'index.json');
  }

  read(): DriveIndex {
    return readJson<DriveIndex>(this.indexFile, {files: {}, roots: {}});
  }

  get(id: string): DriveFileRecord | undefined {
    return this.read().files[id];
  }

  /** Change the index under the mutex; the change sees the latest index. */
  update<T>(change: (index: DriveIndex) => T): T {
    return withFileMutex(`${this.indexFile}.mutex`, () => {
      const index = this.read();
      const result = change(index);
      writeJsonAtomic(this.indexFile, index);
      return result;
    });
  }

  /** The id of a person's My Drive root, created on first use. */
  rootFolderId(email: string, now: string): string {
    const known = this.read().roots[email];
    if (known) return known;
    return this.update(index => {
      if (index.roots[email]) return index.roots[email];
      const id = newId(28);
      index.roots[email] = id;
      index.files[id] = {
        ...baseRecord(id, 'My Drive', FOLDER_MIME_TYPE, email, now),
        createdByApp: false,
        appUsers: [],
        isRoot: true,
      };
      return id;
    });
  }

  /** Add a file record (and its content) to the index. */
  insert(record: DriveFileRecord, content?: Uint8Array): DriveFileRecord {
    if (content) this.attachContent(record, content);
    this.update(index => {
      index.files[record.id] = record;
    });
    return record;
  }

  /** Write a file's content and the fields that describe it. */
  attachContent(record: DriveFileRecord, content: Uint8Array): void {
    record.localFile = `files/${record.id}${extensionFor(record.mimeType)}`;
    record.size = content.length;
    if (record.mimeType === PDF_MIME_TYPE) {
      record.pdfPages = countPdfPages(content) ?? undefined;
    }
    writeFileAtomic(this.workspace.path('drive', record.localFile), content);
  }

  readContent(record: DriveFileRecord): Uint8Array | null {
    if (!record.localFile) return null;
    try {
      return fs.readFileSync(this.workspace.path('drive', record.localFile));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  deleteContent(record: DriveFileRecord): void {
    if (!record.localFile) return;
    fs.rmSync(this.workspace.path('drive', record.localFile), {force: true});
  }

  /** Folder names from the top (below My Drive) down to the file itself. */
  pathOf(id: string, files = this.read().files): string {
    const names: string[] = [];
    const seen = new Set<string>();
    let current = files[id];
    while (current && !current.isRoot && !seen.has(current.id)) {
      seen.add(current.id);
      names.unshift(current.name);
      current = files[current.parents[0]];
    }
    return names.join('/');
  }
}

/** A fresh record owned by `owner`, with the owner permission. */
export function baseRecord(
  id: string,
  name: string,
  mimeType: string,
  owner: string,
  now: string,
): DriveFileRecord {
  return {
    id,
    name,
    mimeType,
    parents: [],
    createdTime: now,
    modifiedTime: now,
    owners: [owner],
    createdByApp: true,
    appUsers: [owner],
    trashed: false,
    permissions: [ownerPermission(owner)],
    appProperties: {},
  };
}

export function ownerPermission(email: string): DrivePermission {
  return {
    id: permissionIdFor('user', email),
    type: 'user',
    role: 'owner',
    emailAddress: email,
  };
}

/**
 * Drive gives a person (or group, or domain) one permission id across all
 * files; anyone-with-the-link is "anyoneWithLink", public is "anyone"
 * (https://developers.google.com/drive/api/reference/rest/v3/permissions).
 */
export function permissionIdFor(
  type: PermissionType,
  who: string,
  allowFileDiscovery = false,
): string {
  if (type === 'anyone')
    return allowFileDiscovery ? 'anyone' : 'anyoneWithLink';
  const digest = crypto
    .createHash('sha256')
    .update(`${type}:${who.toLowerCase()}`)
    .digest();
  let digits = '';
  for (let i = 0; i < 20; i++) digits += String(digest[i] % 10);
  return type === 'domain' ? `${digits}k` : digits;
}

function extensionFor(mimeType: string): string {
  const known: Record<string, string> = {
    [PDF_MIME_TYPE]: '.pdf',
    [DOCUMENT_MIME_TYPE]: '.json',
    'application/json': '.json',
    'text/csv': '.csv',
    'text/plain': '.txt',
    'text/html': '.html',
  };
  return known[mimeType] ?? '.bin';
}

// ---------------------------------------------------------------------------
// Who may see what
// ---------------------------------------------------------------------------

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

type Files = Record<string, DriveFileRecord>;

/**
 * A file's own permissions plus those of the folders above it: "Permission
 * lists for a folder propagate downward. All child files and folders inherit
 * permissions from the parent." and inherited permissions cannot be removed
 * on the child (https://developers.google.com/drive/api/guides/manage-sharing,
 * "How permissions propagate"). Inherited entries carry `inheritedFrom`.
 */
export function effectivePermissions(
  record: DriveFileRecord,
  files: Files,
): DrivePermission[] {
  const out = record.permissions.map(p => ({...p}));
  const seen = new Set(out.map(p => p.id));
  const visited = new Set<string>([record.id]);
  const queue = [...record.parents];
  while (queue.length > 0) {
    const folder = files[queue.shift() as string];
    if (!folder || visited.has(folder.id)) continue;
    visited.add(folder.id);
    for (const p of folder.permissions) {
      if (p.role !== 'owner' && !seen.has(p.id)) {
        seen.add(p.id);
        out.push({...p, inheritedFrom: folder.id});
      }
    }
    queue.push(...folder.parents);
  }
  return out;
}

const ROLE_RANK = [
  'reader',
  'commenter',
  'writer',
  'fileOrganizer',
  'organizer',
  'owner',
];

function appliesTo(p: DrivePermission, email: string): boolean {
  const who = email.toLowerCase();
  return (
    p.type === 'anyone' ||
    ((p.type === 'user' || p.type === 'group') &&
      p.emailAddress?.toLowerCase() === who) ||
    (p.type === 'domain' && p.domain?.toLowerCase() === domainOf(who))
  );
}

/** The role a person has on a file ('owner', 'writer', 'reader', …) or null. */
export function roleOf(
  record: DriveFileRecord,
  email: string,
  files: Files,
): string | null {
  let best: string | null = null;
  for (const p of effectivePermissions(record, files)) {
    if (
      appliesTo(p, email) &&
      (best === null || ROLE_RANK.indexOf(p.role) > ROLE_RANK.indexOf(best))
    ) {
      best = p.role;
    }
  }
  return best;
}

export function canRead(
  record: DriveFileRecord,
  email: string,
  files: Files,
): boolean {
  return roleOf(record, email, files) !== null;
}

export function canWrite(
  record: DriveFileRecord,
  email: string,
  files: Files,
): boolean {
  const role = roleOf(record, email, files);
  return (
    role === 'owner' ||
    role === 'writer' ||
    role === 'organizer' ||
    role === 'fileOrganizer'
  );
}

/** What the Drive API shows this person through the add-on's drive.file scope. */
export function visibleToApp(
  record: DriveFileRecord,
  email: string,
  files: Files,
): boolean {
  const who = email.toLowerCase();
  return (
    !record.isRoot &&
    record.appUsers.some(u => u.toLowerCase() === who) &&
    canRead(record, email, files)
  );
}

// ---------------------------------------------------------------------------
// Helpers for tests, reports and the local app (not Apps Script APIs)
// ---------------------------------------------------------------------------

export interface DriveFileSummary {
  id: string;
  name: string;
  /** Folder path below My Drive, ending with the file's own name. */
  path: string;
  mimeType: string;
  owners: string[];
  /** Emails of people and groups the file is shared with (not the owner). */
  sharedWith: string[];
  permissions: DrivePermission[];
  trashed: boolean;
  createdByApp: boolean;
  /** Page count for PDFs. */
  pages?: number;
  /** Absolute path of the content file, if any. */
  localFile?: string;
}

/** Every file in the workspace's Drive (roots excluded), in creation order. */
export function listDriveFiles(workspace: Workspace): DriveFileSummary[] {
  const store = new DriveStore(workspace);
  const files = store.read().files;
  return Object.values(files)
    .filter(f => !f.isRoot)
    .sort(
      (a, b) =>
        a.createdTime.localeCompare(b.createdTime) || a.id.localeCompare(b.id),
    )
    .map(f => ({
      id: f.id,
      name: f.name,
      path: store.pathOf(f.id, files),
      mimeType: f.mimeType,
      owners: [...f.owners],
      sharedWith: effectivePermissions(f, files)
        .filter(p => p.role !== 'owner' && p.emailAddress)
        .map(p => p.emailAddress as string),
      permissions: effectivePermissions(f, files),
      trashed: f.trashed,
      createdByApp: f.createdByApp,
      ...(f.mimeType === PDF_MIME_TYPE ? {pages: f.pdfPages} : {}),
      ...(f.localFile
        ? {localFile: path.join(workspace.dir, 'drive', f.localFile)}
        : {}),
    }));
}

/** Every Drive.Permissions.create request made in the workspace, in order. */
export function readSharingLog(workspace: Workspace): SharingRequest[] {
  return [...(new DriveStore(workspace).read().sharingLog ?? [])];
}

/** A file's record and content bytes (null for folders). */
export function readDriveFile(
  workspace: Workspace,
  id: string,
): {record: DriveFileRecord; bytes: Uint8Array | null} {
  const store = new DriveStore(workspace);
  const record = store.get(id);
  if (!record) throw new Error(`local Drive: no file ${id}`);
  return {record, bytes: store.readContent(record)};
}

/**
 * Put a file into someone's Drive that the add-on did not create (made in
 * the Drive UI, or by another app): the drive.file scope does not see it.
 */
export function addExternalDriveFile(
  workspace: Workspace,
  options: {
    name: string;
    mimeType: string;
    owner: string;
    content?: Uint8Array;
    parents?: string[];
    now?: string;
  },
): DriveFileRecord {
  const store = new DriveStore(workspace);
  const now = options.now ?? new Date(0).toISOString();
  const record: DriveFileRecord = {
    ...baseRecord(
      newId(33),
      options.name,
      options.mimeType,
      options.owner,
      now,
    ),
    createdByApp: false,
    appUsers: [],
    parents: options.parents ?? [store.rootFolderId(options.owner, now)],
  };
  return store.insert(record, options.content);
}

/** A person opened the file with the add-on (e.g. Google Picker). */
export function grantAppAccess(
  workspace: Workspace,
  id: string,
  email: string,
): void {
  new DriveStore(workspace).update(index => {
    const f = index.files[id];
    if (!f) throw new Error(`local Drive: no file ${id}`);
    if (!f.appUsers.includes(email)) f.appUsers.push(email);
  });
}
