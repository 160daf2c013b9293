/**
 * The Drive advanced service (v3) stand-in: folders, files, list queries,
 * drive.file visibility, copies of templates, permissions, errors, counts.
 */
import {createContext, endExecution} from '../../local/core';
import {LocalBlob} from '../../local/services/blob';
import {
  addExternalDriveFile,
  grantAppAccess,
  listDriveFiles,
  readDriveFile,
  readSharingLog,
} from '../../local/docs/drive-store';
import {createDocumentApp} from '../../local/docs/document-app';
import {createDriveService} from '../../local/docs/drive';
import {START, services, tempWorkspace, thrown} from './docs-helpers';

const FOLDER = 'application/vnd.google-apps.folder';
const DOC = 'application/vnd.google-apps.document';

function csvBlob(text: string, name = 'data.csv') {
  return LocalBlob.fromString(
    text,
    'text/csv',
    name,
  ) as unknown as GoogleAppsScript.Base.Blob;
}

describe('Drive.Files', () => {
  it('creates folders and files; get returns the default fields, or those asked for', () => {
    const ws = tempWorkspace();
    const {Drive} = services(ws);
    const root = Drive.Files.create({name: 'Panel Tracker', mimeType: FOLDER});
    expect(root).toEqual({
      kind: 'drive#file',
      id: root.id,
      name: 'Panel Tracker',
      mimeType: FOLDER,
    });
    const caseFolder = Drive.Files.create({
      name: 'JRAP-2026-0007',
      mimeType: FOLDER,
      parents: [root.id!],
    });
    const file = Drive.Files.create(
      {name: 'costs.csv', parents: [caseFolder.id!]},
      csvBlob('a,b\n1,2\n'),
      {
        fields: 'id,name,parents,mimeType,size,createdTime,webViewLink',
      },
    );
    expect(file).toEqual({
      id: file.id,
      name: 'costs.csv',
      parents: [caseFolder.id],
      mimeType: 'text/csv',
      size: '8',
      createdTime: new Date(START + 3 * 400).toISOString(), // after three modelled Drive calls
      webViewLink: `https://drive.google.com/file/d/${file.id}/view?usp=drivesdk`,
    });
    expect(Drive.Files.get(file.id!, {alt: 'media'})).toBe('a,b\n1,2\n');
    expect(Drive.Files.get(caseFolder.id!, {fields: 'parents'})).toEqual({
      parents: [root.id],
    });
    const [summary] = listDriveFiles(ws).filter(f => f.id === file.id);
    expect(summary.path).toBe('Panel Tracker/JRAP-2026-0007/costs.csv');
    expect(summary.localFile).toMatch(/drive\/files\/.*\.csv$/);
    expect(Buffer.from(readDriveFile(ws, file.id!).bytes!).toString()).toBe(
      'a,b\n1,2\n',
    );
  });

  it('a file without parents goes to My Drive, which answers to "root"', () => {
    const {Drive} = services(tempWorkspace());
    const f = Drive.Files.create({name: 'loose', mimeType: FOLDER});
    const root = Drive.Files.get('root', {fields: 'id,name'});
    expect(root.name).toBe('My Drive');
    expect(Drive.Files.get(f.id!, {fields: 'parents'}).parents).toEqual([
      root.id,
    ]);
    expect(
      Drive.Files.list({q: "'root' in parents"}).files!.map(x => x.name),
    ).toEqual(['loose']);
  });

  it('list supports name, parents, mimeType, trashed and appProperties terms joined with and', () => {
    const {Drive} = services(tempWorkspace());
    const folder = Drive.Files.create({name: 'Case', mimeType: FOLDER});
    const a = Drive.Files.create({
      name: "O'Brien note",
      mimeType: DOC,
      parents: [folder.id!],
      appProperties: {caseId: 'JRAP-1'},
    });
    Drive.Files.create({name: 'other', mimeType: DOC, parents: [folder.id!]});
    const gone = Drive.Files.create({
      name: 'old',
      mimeType: DOC,
      parents: [folder.id!],
    });
    Drive.Files.update({trashed: true}, gone.id!);
    const names = (q: string) =>
      Drive.Files.list({q, fields: 'files(name)'}).files!.map(f => f.name);
    expect(names(`'${folder.id}' in parents and trashed = false`)).toEqual([
      "O'Brien note",
      'other',
    ]);
    expect(names(`'${folder.id}' in parents`)).toEqual([
      "O'Brien note",
      'other',
      'old',
    ]);
    expect(names("name = 'O\\'Brien note'")).toEqual(["O'Brien note"]);
    expect(names(`mimeType = '${FOLDER}'`)).toEqual(['Case']);
    expect(
      names(
        "mimeType != 'application/vnd.google-apps.folder' and not name contains 'oth'",
      ),
    ).toEqual(["O'Brien note", 'old']);
    expect(
      names("appProperties has { key='caseId' and value='JRAP-1' }"),
    ).toEqual(["O'Brien note"]);
    expect(
      Drive.Files.list({q: `name = '${"O'Brien note".replace("'", "\\'")}'`})
        .files![0].id,
    ).toBe(a.id);
  });

  it('list pages with pageSize and nextPageToken', () => {
    const {Drive} = services(tempWorkspace());
    for (let i = 0; i < 5; i++)
      Drive.Files.create({name: `f${i}`, mimeType: FOLDER});
    const first = Drive.Files.list({pageSize: 2, orderBy: 'name'});
    expect(first.files!.map(f => f.name)).toEqual(['f0', 'f1']);
    const second = Drive.Files.list({
      pageSize: 2,
      orderBy: 'name',
      pageToken: first.nextPageToken,
    });
    expect(second.files!.map(f => f.name)).toEqual(['f2', 'f3']);
    const last = Drive.Files.list({
      pageSize: 2,
      orderBy: 'name',
      pageToken: second.nextPageToken,
    });
    expect(last.files!.map(f => f.name)).toEqual(['f4']);
    expect(last.nextPageToken).toBeUndefined();
  });

  it('an unsupported query or field is the API error', () => {
    const {Drive} = services(tempWorkspace());
    const e = thrown(() =>
      Drive.Files.list({q: "sharedWithMe and name = 'x'"}),
    );
    expect(e.name).toBe('GoogleJsonResponseException');
    expect(e.message).toBe(
      'API call to drive.files.list failed with error: Invalid Value',
    );
    expect(thrown(() => Drive.Files.list({fields: 'items(id)'})).message).toBe(
      'API call to drive.files.list failed with error: Invalid field selection items',
    );
  });

  it('update renames, moves with addParents/removeParents, and refuses to write parents directly', () => {
    const {Drive} = services(tempWorkspace());
    const a = Drive.Files.create({name: 'A', mimeType: FOLDER});
    const b = Drive.Files.create({name: 'B', mimeType: FOLDER});
    const f = Drive.Files.create(
      {name: 'draft.csv', parents: [a.id!]},
      csvBlob('x'),
    );
    const moved = Drive.Files.update(
      {name: 'final.csv'},
      f.id!,
      undefined as never,
      {
        addParents: b.id,
        removeParents: a.id,
        fields: 'name,parents',
      },
    );
    expect(moved).toEqual({name: 'final.csv', parents: [b.id]});
    Drive.Files.update({}, f.id!, csvBlob('y,z'));
    expect(Drive.Files.get(f.id!, {alt: 'media'})).toBe('y,z');
    expect(
      thrown(() => Drive.Files.update({parents: [a.id!]}, f.id!)).message,
    ).toBe(
      'API call to drive.files.update failed with error: The parents field is not directly writable in update requests. Use the addParents and removeParents parameters instead.',
    );
  });

  it('remove deletes permanently, a folder with its contents', () => {
    const ws = tempWorkspace();
    const {Drive} = services(ws);
    const folder = Drive.Files.create({name: 'F', mimeType: FOLDER});
    const f = Drive.Files.create(
      {name: 'x.csv', parents: [folder.id!]},
      csvBlob('1'),
    );
    Drive.Files.remove(folder.id!);
    expect(listDriveFiles(ws)).toEqual([]);
    expect(thrown(() => Drive.Files.get(f.id!)).message).toBe(
      `API call to drive.files.get failed with error: File not found: ${f.id}.`,
    );
  });

  it('export fails in the advanced service as it does in Apps Script', () => {
    const {Drive, DocumentApp} = services(tempWorkspace());
    const id = DocumentApp.create('d').getId();
    expect(
      thrown(() => Drive.Files.export(id, 'application/pdf')).message,
    ).toBe(
      'API call to drive.files.export failed with error: Export requires alt=media to download the exported content.',
    );
  });

  it('mediaData must be a Blob', () => {
    const {Drive} = services(tempWorkspace());
    const e = thrown(() => Drive.Files.create({name: 'x'}, 'text' as never));
    expect(e.name).toBe('Exception');
    expect(e.message).toBe(
      'The mediaData parameter only supports Blob types for upload.',
    );
  });
});

describe('drive.file visibility', () => {
  it('a file the app did not create is not found, even for its owner', () => {
    const ws = tempWorkspace();
    const foreign = addExternalDriveFile(ws, {
      name: 'Budget.xlsx',
      mimeType: 'application/octet-stream',
      owner: 'admin@example.org',
    });
    const {Drive} = services(ws);
    const e = thrown(() => Drive.Files.get(foreign.id));
    expect(e.name).toBe('GoogleJsonResponseException');
    expect(e.message).toBe(
      `API call to drive.files.get failed with error: File not found: ${foreign.id}.`,
    );
    expect((e as unknown as {details: unknown}).details).toEqual({
      code: 404,
      message: `File not found: ${foreign.id}.`,
    });
    expect(Drive.Files.list({}).files).toEqual([]);
    grantAppAccess(ws, foreign.id, 'admin@example.org');
    expect(Drive.Files.get(foreign.id).name).toBe('Budget.xlsx');
  });

  it('drive.file access is per person: a colleague does not see the folder even when it is shared', () => {
    const ws = tempWorkspace();
    const admin = services(ws);
    const folder = admin.Drive.Files.create({name: 'Case', mimeType: FOLDER});
    admin.Drive.Permissions.create(
      {type: 'user', role: 'writer', emailAddress: 'chair@example.org'},
      folder.id!,
    );
    const chair = services(ws, 'chair@example.org');
    expect(
      thrown(() =>
        chair.Drive.Files.create({
          name: 'n',
          mimeType: DOC,
          parents: [folder.id!],
        }),
      ).message,
    ).toBe(
      `API call to drive.files.create failed with error: File not found: ${folder.id}.`,
    );
  });

  it('a document made with DocumentApp is visible to Drive and can be copied and opened', () => {
    const ws = tempWorkspace();
    const {Drive, DocumentApp} = services(ws);
    const folder = Drive.Files.create({name: 'Templates', mimeType: FOLDER});
    const template = DocumentApp.create('Outcome note template');
    template.getBody().getChild(0).asParagraph().setText('Case {{caseId}}');
    template.saveAndClose();
    Drive.Files.update({}, template.getId(), undefined as never, {
      addParents: folder.id,
    });
    const copy = Drive.Files.copy(
      {name: 'Outcome note JRAP-1'},
      template.getId(),
      {fields: 'id,name,parents,mimeType'},
    );
    expect(copy).toMatchObject({name: 'Outcome note JRAP-1', mimeType: DOC});
    expect(copy.parents).toContain(folder.id);
    const doc = DocumentApp.openById(copy.id!);
    doc.getBody().replaceText('\\{\\{caseId\\}\\}', 'JRAP-1');
    doc.saveAndClose();
    expect(DocumentApp.openById(copy.id!).getBody().getText()).toBe(
      'Case JRAP-1',
    );
    expect(DocumentApp.openById(template.getId()).getBody().getText()).toBe(
      'Case {{caseId}}',
    );
    expect(Drive.Files.copy({}, template.getId()).name).toBe(
      'Copy of Outcome note template',
    );
  });

  it('copy of an unknown id is the API 404', () => {
    const {Drive} = services(tempWorkspace());
    expect(thrown(() => Drive.Files.copy({}, 'missing')).message).toBe(
      'API call to drive.files.copy failed with error: File not found: missing.',
    );
  });
});

describe('Drive.Permissions', () => {
  function sharedPdf() {
    const ws = tempWorkspace();
    const s = services(ws);
    const blob = LocalBlob.fromString(
      '%PDF-1.7 fake',
      'application/pdf',
      'note.pdf',
    ) as unknown as GoogleAppsScript.Base.Blob;
    const file = s.Drive.Files.create(
      {name: 'note.pdf', mimeType: 'application/pdf'},
      blob,
    );
    return {ws, ...s, id: file.id!};
  }

  it('records user permissions and lists them with the owner', () => {
    const {ws, Drive, id} = sharedPdf();
    const p = Drive.Permissions.create(
      {type: 'user', role: 'reader', emailAddress: 'sw@example.org'},
      id,
      {
        sendNotificationEmail: false,
      },
    );
    expect(p).toEqual({
      kind: 'drive#permission',
      id: p.id,
      type: 'user',
      role: 'reader',
    });
    expect(p.id).toMatch(/^\d{20}$/);
    const list = Drive.Permissions.list(id, {
      fields: 'permissions(type,role,emailAddress)',
    });
    expect(list.permissions).toEqual([
      {type: 'user', role: 'owner', emailAddress: 'admin@example.org'},
      {type: 'user', role: 'reader', emailAddress: 'sw@example.org'},
    ]);
    const [file] = listDriveFiles(ws);
    expect(file.sharedWith).toEqual(['sw@example.org']);
    expect(file.permissions[1]).toMatchObject({type: 'user', notified: false});
  });

  it('records domain and anyone permissions as asked, so a test can prove the product never makes them', () => {
    const {ws, Drive, id} = sharedPdf();
    Drive.Permissions.create({type: 'anyone', role: 'reader'}, id);
    Drive.Permissions.create(
      {type: 'domain', role: 'reader', domain: 'example.org'},
      id,
    );
    const types = listDriveFiles(ws)[0].permissions.map(p => [p.type, p.id]);
    expect(types).toEqual([
      ['user', expect.any(String)],
      ['anyone', 'anyoneWithLink'],
      ['domain', expect.stringMatching(/^\d{20}k$/)],
    ]);
  });

  it('logs every Permissions.create request as asked, refused ones too, so a test can check each sharing call', () => {
    const {ws, Drive, id} = sharedPdf();
    Drive.Permissions.create(
      {type: 'user', role: 'reader', emailAddress: 'sw@example.org'},
      id,
      {sendNotificationEmail: false},
    );
    Drive.Permissions.create({type: 'anyone', role: 'reader'}, id);
    thrown(() =>
      Drive.Permissions.create(
        {type: 'domain', role: 'reader', emailAddress: 'x@example.org'},
        id,
      ),
    );
    expect(
      readSharingLog(ws).map(r => [
        r.fileId,
        r.by,
        r.type,
        r.role,
        r.emailAddress,
        r.sendNotificationEmail,
      ]),
    ).toEqual([
      [id, 'admin@example.org', 'user', 'reader', 'sw@example.org', false],
      [id, 'admin@example.org', 'anyone', 'reader', null, null],
      [id, 'admin@example.org', 'domain', 'reader', 'x@example.org', null],
    ]);
    // The refused domain request left no permission; the log still shows it.
    expect(listDriveFiles(ws)[0].permissions.map(p => p.type)).toEqual([
      'user',
      'user',
      'anyone',
    ]);
  });

  it('validates permissions with the API messages', () => {
    const {Drive, id} = sharedPdf();
    const message = (resource: object, args?: object) =>
      thrown(() =>
        Drive.Permissions.create(resource, id, args ?? {}),
      ).message.replace(
        'API call to drive.permissions.create failed with error: ',
        '',
      );
    expect(message({role: 'reader'})).toBe(
      'The permission type field is required.',
    );
    expect(
      message({type: 'anyone', role: 'reader', emailAddress: 'x@example.org'}),
    ).toBe(
      'The specified emailAddress is invalid or not applicable for the given permission type.',
    );
    expect(
      message({type: 'anyone', role: 'reader'}, {sendNotificationEmail: false}),
    ).toBe(
      "The sendNotificationEmail parameter is only applicable for permissions of type 'user' or 'group', and must not be disabled for ownership transfers.",
    );
    expect(
      message({type: 'user', role: 'owner', emailAddress: 'x@example.org'}),
    ).toBe(
      "The transferOwnership parameter must be enabled when the permission role is 'owner'.",
    );
  });

  it('removes a permission but never the owner', () => {
    const {Drive, id} = sharedPdf();
    const p = Drive.Permissions.create(
      {type: 'user', role: 'writer', emailAddress: 'chair@example.org'},
      id,
    );
    Drive.Permissions.remove(id, p.id!);
    const owner = Drive.Permissions.list(id).permissions![0];
    expect(Drive.Permissions.list(id).permissions).toHaveLength(1);
    expect(thrown(() => Drive.Permissions.remove(id, owner.id!)).message).toBe(
      'API call to drive.permissions.delete failed with error: The user does not have sufficient permissions for this file.',
    );
  });

  it('permissions on a folder apply to what is inside it, and are removed on the folder', () => {
    const ws = tempWorkspace();
    const {Drive, DocumentApp} = services(ws);
    const folder = Drive.Files.create({name: 'Case', mimeType: FOLDER});
    const doc = DocumentApp.create('Note');
    doc.saveAndClose();
    Drive.Files.update({}, doc.getId(), null as never, {
      addParents: folder.id,
      removeParents: 'root',
    });
    Drive.Permissions.create({type: 'anyone', role: 'reader'}, folder.id!);
    Drive.Permissions.create(
      {type: 'user', role: 'writer', emailAddress: 'chair@example.org'},
      folder.id!,
    );
    const note = listDriveFiles(ws).find(f => f.id === doc.getId())!;
    expect(note.path).toBe('Case/Note');
    expect(note.sharedWith).toEqual(['chair@example.org']);
    expect(note.permissions).toContainEqual(
      expect.objectContaining({type: 'anyone', inheritedFrom: folder.id}),
    );
    // The chair can open the document (documents scope: any file they can read).
    const chair = services(ws, 'chair@example.org');
    expect(chair.DocumentApp.openById(doc.getId()).getName()).toBe('Note');
    expect(
      thrown(() => Drive.Permissions.remove(doc.getId(), 'anyoneWithLink'))
        .message,
    ).toBe(
      'API call to drive.permissions.delete failed with error: The user does not have sufficient permissions for this file.',
    );
    Drive.Permissions.remove(folder.id!, 'anyoneWithLink');
    expect(
      listDriveFiles(ws)
        .find(f => f.id === doc.getId())!
        .permissions.map(p => p.type),
    ).toEqual(['user', 'user']);
  });

  it('a reader cannot share', () => {
    const {ws, Drive, id} = sharedPdf();
    Drive.Permissions.create(
      {type: 'user', role: 'reader', emailAddress: 'sw@example.org'},
      id,
    );
    grantAppAccess(ws, id, 'sw@example.org');
    const sw = services(ws, 'sw@example.org');
    expect(
      thrown(() =>
        sw.Drive.Permissions.create(
          {type: 'user', role: 'reader', emailAddress: 'x@example.org'},
          id,
        ),
      ).message,
    ).toBe(
      'API call to drive.permissions.create failed with error: The user does not have sufficient permissions for this file.',
    );
  });
});

describe('counting and time', () => {
  it('counts Drive calls by collection and method, priced by the cost model', () => {
    const ws = tempWorkspace();
    const ctx = createContext({
      workspace: ws,
      activeUser: 'admin@example.org',
      startAt: START,
    });
    const Drive = createDriveService(ctx);
    const DocumentApp = createDocumentApp(ctx);
    const folder = Drive.Files.create({name: 'F', mimeType: FOLDER});
    Drive.Files.list({q: `'${folder.id}' in parents`});
    Drive.Permissions.create(
      {type: 'user', role: 'reader', emailAddress: 'sw@example.org'},
      folder.id!,
    );
    thrown(() => Drive.Files.get('missing'));
    DocumentApp.create('d');
    endExecution(ctx);
    expect(ctx.calls.byMethod()).toEqual({
      'Drive.Files.create': 1,
      'Drive.Files.get': 1,
      'Drive.Files.list': 1,
      'Drive.Permissions.create': 1,
      'DocumentApp.create': 1,
    });
    expect(ctx.calls.count('Drive')).toBe(4);
    expect(ctx.now()).toBe(START + 4 * 400 + 800);
  });

  it('timestamps come from the scenario clock', () => {
    const {Drive} = services(tempWorkspace());
    const f = Drive.Files.create(
      {name: 'F', mimeType: FOLDER},
      undefined as never,
      {fields: 'createdTime'},
    );
    // The call's modelled 400 ms have passed when the file is made.
    expect(f.createdTime).toBe(new Date(START + 400).toISOString());
  });
});
