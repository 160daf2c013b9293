/**
 * The Drive advanced service (Drive API v3) stand-in: `Drive.Files` and
 * `Drive.Permissions`, typed against the `Drive` global of
 * @types/google-apps-script/apis/drive_v3.d.ts.
 *
 * References:
 * - Advanced Drive service: https://developers.google.com/apps-script/advanced/drive
 * - Files: https://developers.google.com/drive/api/reference/rest/v3/files
 * - Permissions: https://developers.google.com/drive/api/reference/rest/v3/permissions
 * - Scopes: with drive.file the app sees only files it created or the person
 *   opened with it (https://developers.google.com/drive/api/guides/about-auth);
 *   any other id answers 404 "File not found: <id>.".
 *
 * An advanced-service failure reaches the script as a GoogleJsonResponseException
 * whose message is "API call to drive.<collection>.<method> failed with error:
 * <API message>" (e.g. "API call to drive.files.copy failed with error: File
 * not found: <id>", github.com/ericyd/gdrive-copy issues 122 and 186).
 */
import {ExecutionContext, gasError, newId} from '../core';
import {LocalBlob} from '../services/blob';
import {DOCUMENT_MIME_TYPE, emptyDocument} from './document-model';
import {documentBytes, scriptUser} from './document-app';
import {
  DriveFileRecord,
  DrivePermission,
  DriveStore,
  FOLDER_MIME_TYPE,
  PermissionType,
  SharingRequest,
  baseRecord,
  canRead,
  canWrite,
  effectivePermissions,
  permissionIdFor,
  roleOf,
  visibleToApp,
} from './drive-store';
import {
  DriveQueryError,
  applyFields,
  compileQuery,
  parseFields,
} from './drive-query';

type FileResource = GoogleAppsScript.Drive_v3.Drive.V3.Schema.File;
type FileList = GoogleAppsScript.Drive_v3.Drive.V3.Schema.FileList;
type Permission = GoogleAppsScript.Drive_v3.Drive.V3.Schema.Permission;
type PermissionList = GoogleAppsScript.Drive_v3.Drive.V3.Schema.PermissionList;
type GBlob = GoogleAppsScript.Base.Blob;
type Args = Record<string, unknown>;

export type DriveFilesApi = Pick<
  GoogleAppsScript.Drive_v3.Drive.V3.Collection.FilesCollection,
  'create' | 'get' | 'list' | 'update' | 'copy' | 'remove' | 'export'
>;
export type DrivePermissionsApi = Pick<
  GoogleAppsScript.Drive_v3.Drive.V3.Collection.PermissionsCollection,
  'create' | 'get' | 'list' | 'remove'
>;
/** The parts of the `Drive` global (drive_v3.d.ts) the add-on uses. */
export interface DriveApi {
  Files: DriveFilesApi;
  Permissions: DrivePermissionsApi;
}

const FILE_FIELDS = [
  'kind',
  'id',
  'name',
  'mimeType',
  'parents',
  'createdTime',
  'modifiedTime',
  'owners',
  'ownedByMe',
  'trashed',
  'permissions',
  'permissionIds',
  'appProperties',
  'description',
  'webViewLink',
  'size',
] as const;
const FILE_LIST_FIELDS = [
  'kind',
  'files',
  'nextPageToken',
  'incompleteSearch',
] as const;
const PERMISSION_FIELDS = [
  'kind',
  'id',
  'type',
  'role',
  'emailAddress',
  'domain',
  'allowFileDiscovery',
  'displayName',
] as const;
const PERMISSION_LIST_FIELDS = [
  'kind',
  'permissions',
  'nextPageToken',
] as const;
const DEFAULT_FILE_FIELDS = 'kind,id,name,mimeType';
const DEFAULT_PERMISSION_FIELDS = 'kind,id,type,role';
const ROLES = [
  'owner',
  'organizer',
  'fileOrganizer',
  'writer',
  'commenter',
  'reader',
];
const TYPES: PermissionType[] = ['user', 'group', 'domain', 'anyone'];

/** A failed API call, thrown as the advanced service does. */
class ApiFailure {
  constructor(
    readonly code: number,
    readonly message: string,
  ) {}
}

/** A failure Apps Script raises itself, before any API call ("Exception: …"). */
class ScriptFailure {
  constructor(readonly message: string) {}
}

function notFound(id: string): ApiFailure {
  return new ApiFailure(404, `File not found: ${id}.`);
}

const INSUFFICIENT =
  'The user does not have sufficient permissions for this file.';

function webViewLink(record: DriveFileRecord): string {
  if (record.mimeType === DOCUMENT_MIME_TYPE)
    return `https://docs.google.com/document/d/${record.id}/edit?usp=drivesdk`;
  if (record.mimeType === FOLDER_MIME_TYPE)
    return `https://drive.google.com/drive/folders/${record.id}`;
  return `https://drive.google.com/file/d/${record.id}/view?usp=drivesdk`;
}

function permissionResource(p: DrivePermission): Permission {
  return {
    kind: 'drive#permission',
    id: p.id,
    type: p.type,
    role: p.role,
    ...(p.emailAddress
      ? {emailAddress: p.emailAddress, displayName: p.emailAddress}
      : {}),
    ...(p.domain ? {domain: p.domain} : {}),
    ...(p.type === 'anyone' || p.type === 'domain'
      ? {allowFileDiscovery: p.allowFileDiscovery ?? false}
      : {}),
  };
}

export function createDriveService(ctx: ExecutionContext): DriveApi {
  return new LocalDrive(ctx);
}

class LocalDrive implements DriveApi {
  readonly Files: DriveFilesApi;
  readonly Permissions: DrivePermissionsApi;
  private readonly store: DriveStore;

  constructor(private readonly ctx: ExecutionContext) {
    this.store = new DriveStore(ctx.workspace);
    this.Files = new LocalFiles(this);
    this.Permissions = new LocalPermissions(this);
  }

  get user(): string {
    return scriptUser(this.ctx);
  }

  get now(): string {
    return new Date(this.ctx.now()).toISOString();
  }

  get db(): DriveStore {
    return this.store;
  }

  /** Count the call, run it, and turn an API failure into the script's exception. */
  call<T>(method: string, restMethod: string, fn: () => T): T {
    this.ctx.calls.record('Drive', method);
    try {
      return fn();
    } catch (e) {
      if (e instanceof DriveQueryError)
        throw this.exception(restMethod, new ApiFailure(e.code, e.message));
      if (e instanceof ApiFailure) throw this.exception(restMethod, e);
      if (e instanceof ScriptFailure) throw gasError(this.ctx, e.message);
      throw e;
    }
  }

  private exception(restMethod: string, failure: ApiFailure): Error {
    const error = gasError(
      this.ctx,
      `API call to ${restMethod} failed with error: ${failure.message}`,
      'GoogleJsonResponseException',
    );
    Object.assign(error, {
      details: {code: failure.code, message: failure.message},
    });
    return error;
  }

  /** A file this person may reach through the app (drive.file), or 404. */
  visible(id: unknown): DriveFileRecord {
    const fileId = String(id ?? '');
    const record =
      fileId === 'root' ? this.rootRecord() : this.store.get(fileId);
    if (
      !record ||
      !(record.isRoot
        ? record.owners.includes(this.user)
        : visibleToApp(record, this.user, this.files()))
    ) {
      throw notFound(fileId);
    }
    return record;
  }

  private rootRecord(): DriveFileRecord | undefined {
    return this.store.get(this.store.rootFolderId(this.user, this.now));
  }

  /** The whole index, for permissions inherited from folders. */
  files(): Record<string, DriveFileRecord> {
    return this.store.read().files;
  }

  writable(id: unknown): DriveFileRecord {
    const record = this.visible(id);
    if (!canWrite(record, this.user, this.files())) {
      throw new ApiFailure(403, INSUFFICIENT);
    }
    return record;
  }

  resource(record: DriveFileRecord): FileResource {
    const mine = record.owners.includes(this.user);
    const files = this.files();
    const mayShare = canWrite(record, this.user, files);
    return {
      kind: 'drive#file',
      id: record.id,
      name: record.name,
      mimeType: record.mimeType,
      parents: [...record.parents],
      createdTime: record.createdTime,
      modifiedTime: record.modifiedTime,
      owners: record.owners.map(email => ({
        kind: 'drive#user',
        emailAddress: email,
        displayName: email,
        me: email === this.user,
      })),
      ownedByMe: mine,
      trashed: record.trashed,
      ...(mayShare
        ? {
            permissions: effectivePermissions(record, files).map(
              permissionResource,
            ),
            permissionIds: effectivePermissions(record, files).map(p => p.id),
          }
        : {}),
      appProperties: {...record.appProperties},
      ...(record.description !== undefined
        ? {description: record.description}
        : {}),
      webViewLink: webViewLink(record),
      ...(record.size !== undefined &&
      !record.mimeType.startsWith('application/vnd.google-apps.')
        ? {size: String(record.size)}
        : {}),
    };
  }

  fields<T extends object>(
    resource: T,
    args: Args | undefined,
    fallback: string,
    known: readonly string[],
  ): Partial<T> {
    const fields =
      typeof args?.fields === 'string' && args.fields ? args.fields : fallback;
    return applyFields(resource, parseFields(fields), known);
  }

  /** The parent folders of a new or moved file: visible folders, or 404. */
  parentFolders(ids: unknown): string[] {
    if (!Array.isArray(ids)) throw new ApiFailure(400, 'Invalid Value');
    return ids.map(id => {
      const folder = this.visible(id);
      if (folder.mimeType !== FOLDER_MIME_TYPE)
        throw new ApiFailure(400, 'The specified parent is not a folder.');
      return folder.id;
    });
  }
}

function blobBytes(blob: unknown): {
  bytes: Uint8Array;
  type: string | null;
  name: string | null;
} {
  if (blob instanceof LocalBlob)
    return {
      bytes: blob.raw(),
      type: blob.getContentType(),
      name: blob.getName(),
    };
  const b = blob as Partial<GBlob> | null;
  if (!b || typeof b.getBytes !== 'function') {
    throw new ScriptFailure(
      'The mediaData parameter only supports Blob types for upload.',
    );
  }
  return {
    bytes: Uint8Array.from(b.getBytes(), x => x & 0xff),
    type: b.getContentType?.() ?? null,
    name: b.getName?.() ?? null,
  };
}

function writableProps(resource: FileResource, record: DriveFileRecord): void {
  if (resource.name !== undefined) record.name = String(resource.name);
  if (resource.description !== undefined)
    record.description = String(resource.description);
  if (resource.trashed !== undefined)
    record.trashed = Boolean(resource.trashed);
  if (resource.appProperties) {
    for (const [k, v] of Object.entries(resource.appProperties)) {
      if (v === null) delete record.appProperties[k];
      else record.appProperties[k] = String(v);
    }
  }
}

function splitIds(value: unknown): string[] {
  return typeof value === 'string' && value
    ? value
        .split(',')
        .map(s => s.trim())
        .filter(Boolean)
    : [];
}

class LocalFiles implements DriveFilesApi {
  constructor(private readonly drive: LocalDrive) {}

  /**
   * files.create: a folder, an empty Google Doc, or a file with the blob's
   * bytes (https://developers.google.com/drive/api/reference/rest/v3/files/create).
   */
  create(
    resource: FileResource,
    mediaData?: GBlob,
    optionalArgs?: Args,
  ): FileResource {
    return this.drive.call('Files.create', 'drive.files.create', () => {
      const d = this.drive;
      // Scripts pass null for "no media" as often as they omit it.
      const media = mediaData ? blobBytes(mediaData) : null;
      const mimeType =
        resource.mimeType ?? media?.type ?? 'application/octet-stream';
      if (media && mimeType.startsWith('application/vnd.google-apps.')) {
        throw new Error(
          `local Drive: converting an upload to ${mimeType} is not modelled`,
        );
      }
      const name = resource.name ?? media?.name ?? 'Untitled';
      const record: DriveFileRecord = {
        ...baseRecord(
          newId(mimeType === DOCUMENT_MIME_TYPE ? 44 : 33),
          String(name),
          mimeType,
          d.user,
          d.now,
        ),
        parents: resource.parents?.length
          ? d.parentFolders(resource.parents)
          : [d.db.rootFolderId(d.user, d.now)],
      };
      writableProps({...resource, trashed: undefined}, record);
      const content =
        mimeType === FOLDER_MIME_TYPE
          ? undefined
          : mimeType === DOCUMENT_MIME_TYPE
            ? documentBytes(emptyDocument())
            : (media?.bytes ?? new Uint8Array());
      d.db.insert(record, content);
      return d.fields(
        d.resource(record),
        optionalArgs,
        DEFAULT_FILE_FIELDS,
        FILE_FIELDS,
      ) as FileResource;
    });
  }

  get(fileId: string): FileResource;
  get(fileId: string, optionalArgs: Args & {alt: 'media'}): string;
  get(fileId: string, optionalArgs: Args): FileResource;
  /** files.get: metadata, or the content with {alt: 'media'}. */
  get(fileId: string, optionalArgs?: Args): FileResource | string {
    return this.drive.call('Files.get', 'drive.files.get', () => {
      const record = this.drive.visible(fileId);
      if (optionalArgs?.alt === 'media') return this.media(record);
      return this.drive.fields(
        this.drive.resource(record),
        optionalArgs,
        DEFAULT_FILE_FIELDS,
        FILE_FIELDS,
      ) as FileResource;
    });
  }

  private media(record: DriveFileRecord): string {
    if (record.mimeType.startsWith('application/vnd.google-apps.')) {
      throw new ApiFailure(
        403,
        'Only files with binary content can be downloaded. Use Export with Docs Editors files.',
      );
    }
    return Buffer.from(
      this.drive.db.readContent(record) ?? new Uint8Array(),
    ).toString('utf8');
  }

  /**
   * files.list with q, fields, orderBy, pageSize (default 100, max 1000) and
   * pageToken. Trashed files are included unless q says trashed = false.
   */
  list(optionalArgs?: Args): FileList {
    return this.drive.call('Files.list', 'drive.files.list', () => {
      const d = this.drive;
      const args = optionalArgs ?? {};
      const predicate =
        typeof args.q === 'string' && args.q.trim()
          ? compileQuery(args.q)
          : () => true;
      const rootId = d.db.rootFolderId(d.user, d.now);
      const files = d.files();
      const matches = Object.values(files)
        .filter(f => visibleToApp(f, d.user, files))
        .map(f =>
          f.parents.includes(rootId)
            ? {...f, parents: [...f.parents, 'root']}
            : f,
        )
        .filter(predicate)
        .sort(orderBy(args.orderBy));
      const pageSize = Math.min(
        1000,
        Math.max(1, Number(args.pageSize) || 100),
      );
      const start = args.pageToken
        ? decodePageToken(String(args.pageToken))
        : 0;
      const page = matches.slice(start, start + pageSize);
      const list: FileList = {
        kind: 'drive#fileList',
        incompleteSearch: false,
        files: page.map(f =>
          d.resource({...f, parents: f.parents.filter(p => p !== 'root')}),
        ),
        ...(start + pageSize < matches.length
          ? {nextPageToken: encodePageToken(start + pageSize)}
          : {}),
      };
      return d.fields(
        list,
        args,
        `kind,incompleteSearch,nextPageToken,files(${DEFAULT_FILE_FIELDS})`,
        FILE_LIST_FIELDS,
      ) as FileList;
    });
  }

  /**
   * files.update: rename, describe, trash, appProperties, new content, and
   * moves with addParents/removeParents ("parents" itself is not writable).
   */
  update(
    resource: FileResource,
    fileId: string,
    mediaData?: GBlob,
    optionalArgs?: Args,
  ): FileResource {
    return this.drive.call('Files.update', 'drive.files.update', () => {
      const d = this.drive;
      const record = d.writable(fileId);
      if (resource.parents !== undefined) {
        throw new ApiFailure(
          403,
          'The parents field is not directly writable in update requests. Use the addParents and removeParents parameters instead.',
        );
      }
      const add = d.parentFolders(splitIds(optionalArgs?.addParents));
      const rootId = d.db.rootFolderId(d.user, d.now);
      const remove = splitIds(optionalArgs?.removeParents).map(id =>
        id === 'root' ? rootId : id,
      );
      const updated: DriveFileRecord = structuredClone(record);
      writableProps(resource, updated);
      updated.parents = [
        ...updated.parents.filter(p => !remove.includes(p)),
        ...add.filter(p => !updated.parents.includes(p)),
      ];
      updated.modifiedTime = d.now;
      if (mediaData) {
        if (record.mimeType.startsWith('application/vnd.google-apps.')) {
          throw new Error(
            'local Drive: replacing a Google Docs file with uploaded media is not modelled',
          );
        }
        d.db.attachContent(updated, blobBytes(mediaData).bytes);
      }
      d.db.update(index => {
        index.files[updated.id] = updated;
      });
      return d.fields(
        d.resource(updated),
        optionalArgs,
        DEFAULT_FILE_FIELDS,
        FILE_FIELDS,
      ) as FileResource;
    });
  }

  /**
   * files.copy: a new file owned by the caller, "Copy of <name>" unless
   * named, in the source's folders unless given parents; a Google Doc's
   * document JSON is copied, so the copy opens with DocumentApp.openById.
   * Sharing is not copied.
   */
  copy(
    resource: FileResource,
    fileId: string,
    optionalArgs?: Args,
  ): FileResource {
    return this.drive.call('Files.copy', 'drive.files.copy', () => {
      const d = this.drive;
      const source = d.visible(fileId);
      if (source.mimeType === FOLDER_MIME_TYPE)
        throw new ApiFailure(403, 'This file cannot be copied by the user.');
      const parents = resource.parents?.length
        ? d.parentFolders(resource.parents)
        : source.parents.filter(p => d.db.get(p));
      const record: DriveFileRecord = {
        ...baseRecord(
          newId(source.mimeType === DOCUMENT_MIME_TYPE ? 44 : 33),
          `Copy of ${source.name}`,
          source.mimeType,
          d.user,
          d.now,
        ),
        parents: parents.length ? parents : [d.db.rootFolderId(d.user, d.now)],
        appProperties: {...source.appProperties},
        ...(source.description !== undefined
          ? {description: source.description}
          : {}),
      };
      writableProps({...resource, trashed: undefined}, record);
      d.db.insert(record, d.db.readContent(source) ?? undefined);
      return d.fields(
        d.resource(record),
        optionalArgs,
        DEFAULT_FILE_FIELDS,
        FILE_FIELDS,
      ) as FileResource;
    });
  }

  /**
   * files.delete (the advanced service names it `remove`, drive_v3.d.ts):
   * permanent; only the owner; a folder takes its descendants with it.
   */
  remove(fileId: string, optionalArgs?: Args): void {
    void optionalArgs;
    this.drive.call('Files.remove', 'drive.files.delete', () => {
      const d = this.drive;
      const record = d.visible(fileId);
      if (roleOf(record, d.user, d.files()) !== 'owner')
        throw new ApiFailure(403, INSUFFICIENT);
      const doomed = descendants(d.db.read().files, record.id, d.user);
      for (const f of doomed) d.db.deleteContent(f);
      d.db.update(index => {
        for (const f of doomed) delete index.files[f.id];
      });
    });
  }

  /**
   * files.export: in the advanced service a direct call fails ("Export
   * requires alt=media to download the exported content.", gas-fakes README
   * and https://issuetracker.google.com/issues/468534237); use
   * DocumentApp Document.getAs('application/pdf') instead.
   */
  export(fileId: string, mimeType: string): void {
    this.drive.call('Files.export', 'drive.files.export', () => {
      this.drive.visible(fileId);
      void mimeType;
      throw new ApiFailure(
        400,
        'Export requires alt=media to download the exported content.',
      );
    });
  }
}

function descendants(
  files: Record<string, DriveFileRecord>,
  id: string,
  owner: string,
): DriveFileRecord[] {
  const out: DriveFileRecord[] = [files[id]];
  for (let i = 0; i < out.length; i++) {
    for (const f of Object.values(files)) {
      if (
        f.parents.includes(out[i].id) &&
        f.owners.includes(owner) &&
        !out.includes(f)
      )
        out.push(f);
    }
  }
  return out;
}

function orderBy(
  spec: unknown,
): (a: DriveFileRecord, b: DriveFileRecord) => number {
  const keys = (typeof spec === 'string' && spec ? spec : 'createdTime')
    .split(',')
    .map(s => s.trim().split(/\s+/))
    .map(([key, dir]) => ({key, desc: dir === 'desc'}));
  const value = (f: DriveFileRecord, key: string): string => {
    if (key === 'folder') return f.mimeType === FOLDER_MIME_TYPE ? '0' : '1';
    if (key === 'name' || key === 'name_natural') return f.name.toLowerCase();
    if (key === 'modifiedTime') return f.modifiedTime;
    if (key === 'createdTime') return f.createdTime;
    throw new DriveQueryError('Invalid Value');
  };
  return (a, b) => {
    for (const {key, desc} of keys) {
      const c = value(a, key).localeCompare(value(b, key));
      if (c !== 0) return desc ? -c : c;
    }
    return a.id.localeCompare(b.id);
  };
}

function encodePageToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

function decodePageToken(token: string): number {
  const m = /^offset:(\d+)$/.exec(
    Buffer.from(token, 'base64url').toString('utf8'),
  );
  if (!m) throw new ApiFailure(400, 'Invalid Value');
  return Number(m[1]);
}

/** Who a permission names, validated as permissions.create does. */
function newPermission(
  resource: Permission,
  args: Args | undefined,
): DrivePermission {
  const type = resource.type as PermissionType | undefined;
  if (!type)
    throw new ApiFailure(400, 'The permission type field is required.');
  if (!TYPES.includes(type)) throw new ApiFailure(400, 'Invalid Value');
  if (!resource.role)
    throw new ApiFailure(400, 'The permission role field is required.');
  if (!ROLES.includes(resource.role))
    throw new ApiFailure(400, 'Invalid Value');
  if (resource.role === 'owner' && args?.transferOwnership !== true) {
    throw new ApiFailure(
      403,
      "The transferOwnership parameter must be enabled when the permission role is 'owner'.",
    );
  }
  const personal = type === 'user' || type === 'group';
  if (!personal && resource.emailAddress) {
    throw new ApiFailure(
      400,
      'The specified emailAddress is invalid or not applicable for the given permission type.',
    );
  }
  if (!personal && args?.sendNotificationEmail !== undefined) {
    throw new ApiFailure(
      403,
      "The sendNotificationEmail parameter is only applicable for permissions of type 'user' or 'group', and must not be disabled for ownership transfers.",
    );
  }
  if (personal && !/^[^@\s]+@[^@\s]+$/.test(resource.emailAddress ?? '')) {
    throw new ApiFailure(400, 'The permission emailAddress field is required.');
  }
  if (type === 'domain' && !resource.domain)
    throw new ApiFailure(400, 'The permission domain field is required.');
  const who = personal
    ? (resource.emailAddress as string)
    : type === 'domain'
      ? (resource.domain as string)
      : '';
  const discoverable = resource.allowFileDiscovery === true;
  return {
    id: permissionIdFor(type, who, discoverable),
    type,
    role: resource.role,
    ...(personal
      ? {
          emailAddress: resource.emailAddress,
          notified: args?.sendNotificationEmail !== false,
        }
      : {}),
    ...(type === 'domain' ? {domain: resource.domain} : {}),
    ...(!personal ? {allowFileDiscovery: discoverable} : {}),
  };
}

/** What a Permissions.create request asked for, for the workspace's sharing log. */
function sharingRequest(
  d: LocalDrive,
  resource: Permission,
  fileId: unknown,
  args: Args | undefined,
): SharingRequest {
  const text = (v: unknown) => (typeof v === 'string' ? v : null);
  const flag = (v: unknown) => (typeof v === 'boolean' ? v : null);
  return {
    at: d.now,
    by: d.user,
    fileId: String(fileId ?? ''),
    type: text(resource?.type),
    role: text(resource?.role),
    emailAddress: text(resource?.emailAddress),
    domain: text(resource?.domain),
    allowFileDiscovery: flag(resource?.allowFileDiscovery),
    sendNotificationEmail: flag(args?.sendNotificationEmail),
  };
}

class LocalPermissions implements DrivePermissionsApi {
  constructor(private readonly drive: LocalDrive) {}

  /**
   * permissions.create: types user, group, domain and anyone are accepted as
   * the API does (the add-on itself must only ever use 'user', SPEC S2); the
   * store records every permission so a test can check. Creating one for a
   * person who already has one updates its role.
   */
  create(
    resource: Permission,
    fileId: string,
    optionalArgs?: Args,
  ): Permission {
    return this.drive.call(
      'Permissions.create',
      'drive.permissions.create',
      () => {
        const d = this.drive;
        d.db.update(index => {
          (index.sharingLog ??= []).push(
            sharingRequest(d, resource, fileId, optionalArgs),
          );
        });
        const record = d.writable(fileId);
        if (optionalArgs?.transferOwnership === true) {
          throw new Error('local Drive: ownership transfer is not modelled');
        }
        const permission = newPermission(resource, optionalArgs);
        d.db.update(index => {
          const f = index.files[record.id];
          const existing = f.permissions.findIndex(p => p.id === permission.id);
          if (existing >= 0)
            f.permissions[existing] = {
              ...f.permissions[existing],
              ...permission,
            };
          else f.permissions.push(permission);
          f.modifiedTime = d.now;
        });
        return d.fields(
          permissionResource(permission),
          optionalArgs,
          DEFAULT_PERMISSION_FIELDS,
          PERMISSION_FIELDS,
        ) as Permission;
      },
    );
  }

  get(fileId: string, permissionId: string, optionalArgs?: Args): Permission {
    return this.drive.call('Permissions.get', 'drive.permissions.get', () => {
      const record = this.drive.visible(fileId);
      const permission = effectivePermissions(record, this.drive.files()).find(
        p => p.id === permissionId,
      );
      if (!permission)
        throw new ApiFailure(404, `Permission not found: ${permissionId}.`);
      return this.drive.fields(
        permissionResource(permission),
        optionalArgs,
        DEFAULT_PERMISSION_FIELDS,
        PERMISSION_FIELDS,
      ) as Permission;
    });
  }

  list(fileId: string, optionalArgs?: Args): PermissionList {
    return this.drive.call('Permissions.list', 'drive.permissions.list', () => {
      const d = this.drive;
      const record = d.visible(fileId);
      const files = d.files();
      if (!canRead(record, d.user, files)) {
        throw new ApiFailure(403, INSUFFICIENT);
      }
      const list: PermissionList = {
        kind: 'drive#permissionList',
        permissions: effectivePermissions(record, files).map(
          permissionResource,
        ),
      };
      return d.fields(
        list,
        optionalArgs,
        `kind,permissions(${DEFAULT_PERMISSION_FIELDS})`,
        PERMISSION_LIST_FIELDS,
      ) as PermissionList;
    });
  }

  /**
   * permissions.delete (named `remove` in drive_v3.d.ts). The owner's stays,
   * and an inherited permission is removed on the folder it comes from
   * (manage-sharing guide: inherited permissions cannot be removed on the
   * child).
   */
  remove(fileId: string, permissionId: string, optionalArgs?: Args): void {
    void optionalArgs;
    this.drive.call('Permissions.remove', 'drive.permissions.delete', () => {
      const d = this.drive;
      const record = d.writable(fileId);
      const permission = effectivePermissions(record, d.files()).find(
        p => p.id === permissionId,
      );
      if (!permission) {
        throw new ApiFailure(404, `Permission not found: ${permissionId}.`);
      }
      if (permission.role === 'owner' || permission.inheritedFrom) {
        throw new ApiFailure(403, INSUFFICIENT);
      }
      d.db.update(index => {
        const f = index.files[record.id];
        f.permissions = f.permissions.filter(p => p.id !== permissionId);
        f.modifiedTime = d.now;
      });
    });
  }
}
