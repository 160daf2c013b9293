/**
 * The DriveFiles port over the advanced Drive service (Drive API v3,
 * `Drive.Files`, `Drive.Permissions`; enabled in appsscript.json). Never
 * DriveApp, which needs the full `drive` scope: under `drive.file` the
 * add-on sees only the files it created for the person calling, and any
 * other id answers 404 "File not found" (S2).
 *
 * Sharing is Drive.Permissions.create with type 'user' and nothing else:
 * this module has no code path that writes another permission type.
 */
import {DriveFileInfo, DriveFiles} from '../ports';

const FOLDER_MIME = 'application/vnd.google-apps.folder';

function api(): GoogleAppsScript.Drive {
  if (!Drive)
    throw new Error(
      'The advanced Drive service is not enabled (appsscript.json).',
    );
  return Drive;
}

/** A 404 from the Drive API: the file does not exist or this person's drive.file grant does not cover it. */
export function isNotFound(e: unknown): boolean {
  const code = (e as {details?: {code?: number}} | null)?.details?.code;
  return (
    code === 404 ||
    /File not found/i.test(e instanceof Error ? e.message : String(e))
  );
}

export class GasDrive implements DriveFiles {
  /** A file (a Google Doc with no content, or a folder); into My Drive when the parent is not visible. */
  createFile(
    name: string,
    mimeType: string,
    parentId: string | null,
    extra: {description?: string} = {},
  ): string {
    const resource = {name, mimeType, ...extra};
    if (parentId) {
      try {
        return api().Files.create({...resource, parents: [parentId]}).id!;
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    return api().Files.create(resource).id!;
  }

  /** Upload a blob (the PDF) into a folder. */
  upload(
    name: string,
    mimeType: string,
    folderId: string,
    blob: GoogleAppsScript.Base.Blob,
  ): {fileId: string; url: string} {
    const file = api().Files.create(
      {name, mimeType, parents: [folderId]},
      blob,
      {fields: 'id,webViewLink'},
    );
    return {fileId: file.id!, url: file.webViewLink ?? ''};
  }

  createFolder(name: string, parentId: string | null): string {
    return this.createFile(name, FOLDER_MIME, parentId);
  }

  find(fileId: string): DriveFileInfo | null {
    if (!fileId) return null;
    try {
      const f = api().Files.get(fileId, {
        fields: 'id,name,trashed,webViewLink,parents',
      });
      return {
        id: f.id!,
        name: f.name ?? '',
        trashed: f.trashed === true,
        url: f.webViewLink ?? '',
        parents: f.parents ?? [],
      };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw e;
    }
  }

  rename(fileId: string, name: string): void {
    api().Files.update({name}, fileId);
  }

  shareWith(
    fileId: string,
    emails: string[],
    role: 'reader' | 'writer',
    message: string | null,
  ): void {
    const options: Record<string, unknown> = message
      ? {sendNotificationEmail: true, emailMessage: message}
      : {sendNotificationEmail: false};
    for (const emailAddress of emails) {
      api().Permissions.create(
        {type: 'user', role, emailAddress},
        fileId,
        options,
      );
    }
  }

  unshare(fileId: string): string[] {
    const list = api().Permissions.list(fileId, {
      fields: 'permissions(id,role,emailAddress)',
    });
    const removed: string[] = [];
    for (const p of list.permissions ?? []) {
      if (p.role === 'owner' || !p.id) continue;
      api().Permissions.remove(fileId, p.id);
      removed.push(p.emailAddress ?? p.id);
    }
    return removed;
  }

  remove(fileId: string): void {
    api().Files.remove(fileId);
  }

  moveTo(fileId: string, parentId: string): void {
    // files.update: `parents` is not writable; addParents/removeParents move
    // the file in one request (developers.google.com/drive/api/reference/rest/v3/files/update).
    const current = api().Files.get(fileId, {fields: 'parents'}).parents ?? [];
    const removeParents = current.filter(p => p !== parentId).join(',');
    // No new content: Apps Script's documented call passes null as mediaData.
    const noMedia = null as unknown as GoogleAppsScript.Base.Blob;
    api().Files.update({}, fileId, noMedia, {
      addParents: parentId,
      ...(removeParents ? {removeParents} : {}),
    });
  }
}

let instance: GasDrive | undefined;

export function drive(): GasDrive {
  return (instance ??= new GasDrive());
}
