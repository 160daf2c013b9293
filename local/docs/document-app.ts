/**
 * DocumentApp stand-in (https://developers.google.com/apps-script/reference/document/document-app):
 * create, openById, openByUrl and the enums; Document with getId, getName,
 * setName, getUrl, getBody, saveAndClose and getAs('application/pdf').
 *
 * A document is a Drive file (drive-store.ts) of type
 * application/vnd.google-apps.document whose content is the JSON of
 * document-model.ts, owned by the person running the script and created by
 * this app (so the Drive stand-in sees it under drive.file).
 *
 * Edits live in the open Document until saveAndClose() or the end of the
 * execution ("saveAndClose() is automatically invoked at the end of script
 * execution for each open editable Document",
 * https://developers.google.com/apps-script/reference/document/document#saveAndClose()).
 * Anything that reads the stored document — another openById(), Drive
 * Files.copy, getAs() — sees the last saved state: the usual reason a PDF
 * made right after editing still shows the template's placeholders, and why
 * scripts call saveAndClose() before converting.
 */
import {ExecutionContext, gasError, newId} from '../core';
import {LocalBlob} from '../services/blob';
import {
  DOCUMENT_MIME_TYPE,
  DocumentJson,
  DOCUMENT_FORMAT,
  emptyDocument,
  parseDocumentJson,
} from './document-model';
import {ENUMS, ElementOwner, LocalBody} from './document-elements';
import {
  DriveFileRecord,
  DriveStore,
  PDF_MIME_TYPE,
  baseRecord,
  canRead,
  canWrite,
} from './drive-store';
import {renderDocumentPdf} from './pdf';

type GDocument = GoogleAppsScript.Document.Document;
type GBody = GoogleAppsScript.Document.Body;
type GBlob = GoogleAppsScript.Base.Blob;

export type DocumentApi = Pick<
  GDocument,
  | 'getId'
  | 'getName'
  | 'setName'
  | 'getUrl'
  | 'getBody'
  | 'saveAndClose'
  | 'getAs'
  | 'getBlob'
>;

export type DocumentAppApi = Pick<
  GoogleAppsScript.Document.DocumentApp,
  | 'create'
  | 'openById'
  | 'openByUrl'
  | 'getActiveDocument'
  | 'getUi'
  | 'ElementType'
  | 'ParagraphHeading'
  | 'HorizontalAlignment'
  | 'GlyphType'
>;

function isoNow(ctx: ExecutionContext): string {
  return new Date(ctx.now()).toISOString();
}

/** The person the script runs as (whose Drive it uses). */
export function scriptUser(ctx: ExecutionContext): string {
  return ctx.effectiveUser || ctx.activeUser;
}

/** Read a stored document's JSON (the last saved state). */
export function loadDocumentJson(
  store: DriveStore,
  record: DriveFileRecord,
): DocumentJson {
  const bytes = store.readContent(record);
  if (!bytes) return emptyDocument();
  return parseDocumentJson(Buffer.from(bytes).toString('utf8'));
}

export function documentBytes(doc: DocumentJson): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(doc, null, 1));
}

/** Render the stored document as a PDF blob named "<name>.pdf". */
export function documentPdfBlob(
  ctx: ExecutionContext,
  store: DriveStore,
  record: DriveFileRecord,
): LocalBlob {
  const rendered = renderDocumentPdf(loadDocumentJson(store, record), {
    title: record.name,
    createdAt: new Date(ctx.now()),
  });
  return new LocalBlob(rendered.bytes, PDF_MIME_TYPE, `${record.name}.pdf`);
}

/** An open document. */
export class LocalDocument implements DocumentApi, ElementOwner {
  private readonly body: LocalBody;
  private dirty = false;
  private closed = false;

  constructor(
    private readonly ctx: ExecutionContext,
    private readonly store: DriveStore,
    private record: DriveFileRecord,
    json: DocumentJson,
    private readonly writable: boolean,
  ) {
    this.body = LocalBody.fromJson(ctx, json.body);
    this.body.documentOwner = this;
    ctx.onEnd(() => {
      if (this.dirty && !this.closed) this.save();
    });
  }

  private count(method: string): void {
    this.ctx.calls.record('DocumentApp', `Document.${method}`);
  }

  assertEditable(): void {
    if (this.closed) {
      throw gasError(
        this.ctx,
        'Document is closed, its contents cannot be updated.',
      );
    }
    if (!this.writable) throw gasError(this.ctx, 'Access denied: DocumentApp.');
  }

  touch(): void {
    this.dirty = true;
  }

  getId(): string {
    this.count('getId');
    return this.record.id;
  }

  getName(): string {
    this.count('getName');
    return this.record.name;
  }

  /** Renames the Drive file at once. */
  setName(name: string): GDocument {
    this.count('setName');
    this.assertEditable();
    const value = String(name);
    this.store.update(index => {
      const f = index.files[this.record.id];
      if (f) {
        f.name = value;
        f.modifiedTime = isoNow(this.ctx);
      }
    });
    this.record = {...this.record, name: value};
    return this as unknown as GDocument;
  }

  getUrl(): string {
    this.count('getUrl');
    return `https://docs.google.com/open?id=${this.record.id}`;
  }

  getBody(): GBody {
    this.count('getBody');
    return this.body as unknown as GBody;
  }

  /** Saves pending edits; a closed Document can't be edited. */
  saveAndClose(): void {
    this.count('saveAndClose');
    if (!this.closed && this.dirty) this.save();
    this.closed = true;
  }

  /** Only 'application/pdf' is supported (Document.getAs reference). */
  getAs(contentType: string): GBlob {
    this.count('getAs');
    if (contentType !== PDF_MIME_TYPE) {
      throw gasError(
        this.ctx,
        `Converting from ${DOCUMENT_MIME_TYPE} to ${contentType} is not supported.`,
      );
    }
    return this.pdf();
  }

  getBlob(): GBlob {
    this.count('getBlob');
    return this.pdf();
  }

  private pdf(): GBlob {
    const current = this.store.get(this.record.id) ?? this.record;
    return documentPdfBlob(this.ctx, this.store, current) as unknown as GBlob;
  }

  private save(): void {
    const json: DocumentJson = {
      format: DOCUMENT_FORMAT,
      body: this.body.toJson(),
    };
    const record = this.store.get(this.record.id);
    if (!record) return; // deleted meanwhile: nothing to save into
    this.store.attachContent(record, documentBytes(json));
    this.store.update(index => {
      const f = index.files[record.id];
      if (f) {
        f.localFile = record.localFile;
        f.size = record.size;
        f.modifiedTime = isoNow(this.ctx);
      }
    });
    this.dirty = false;
  }
}

function missing(ctx: ExecutionContext, id: string): Error {
  return gasError(
    ctx,
    `Document ${id} is missing (perhaps it was deleted, or you don't have read access?)`,
  );
}

export function createDocumentApp(ctx: ExecutionContext): DocumentAppApi {
  const store = new DriveStore(ctx.workspace);
  const count = (method: string) => ctx.calls.record('DocumentApp', method);

  const open = (id: string): LocalDocument => {
    const files = store.read().files;
    const record = files[String(id)];
    const user = scriptUser(ctx);
    if (
      !record ||
      record.mimeType !== DOCUMENT_MIME_TYPE ||
      !canRead(record, user, files)
    ) {
      throw missing(ctx, String(id));
    }
    return new LocalDocument(
      ctx,
      store,
      record,
      loadDocumentJson(store, record),
      canWrite(record, user, files),
    );
  };

  return {
    ...ENUMS,

    /** A new document in the person's My Drive, with one empty paragraph. */
    create(name: string): GDocument {
      count('create');
      const user = scriptUser(ctx);
      const now = isoNow(ctx);
      const record: DriveFileRecord = {
        ...baseRecord(newId(44), String(name), DOCUMENT_MIME_TYPE, user, now),
        parents: [store.rootFolderId(user, now)],
      };
      const json = emptyDocument();
      store.insert(record, documentBytes(json));
      return new LocalDocument(
        ctx,
        store,
        record,
        json,
        true,
      ) as unknown as GDocument;
    },

    openById(id: string): GDocument {
      count('openById');
      return open(id) as unknown as GDocument;
    },

    openByUrl(url: string): GDocument {
      count('openByUrl');
      const m =
        /\/document\/d\/([\w-]+)/.exec(String(url)) ??
        /[?&]id=([\w-]+)/.exec(String(url));
      if (!m) throw gasError(ctx, 'Invalid argument: url');
      return open(m[1]) as unknown as GDocument;
    },

    /** A Sheets add-on is not bound to a document: there is none. */
    getActiveDocument(): GDocument {
      count('getActiveDocument');
      return null as unknown as GDocument;
    },

    getUi(): GoogleAppsScript.Base.Ui {
      count('getUi');
      throw gasError(ctx, 'Cannot call DocumentApp.getUi() from this context.');
    },
  };
}
