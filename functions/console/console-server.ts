import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { matchesMailbox, type StatusOutcome, statusRow } from '../cli/message-status';
import { quarantinedMessage } from '../cli/quarantine-command';
import { parseTimeOption } from '../cli/time-option';
import { describeDocument } from '../ingest/report-parts';
import type { DocumentReport, MessageReport } from '../reports/message-report';
import { describeError } from '../shared/errors';
import { accessCookie, type ConsoleSecrets, checkAccess, checkCsrf } from './console-access';
import type { ConsoleBackend } from './console-backend';
import { type PreviewDocument, previewDocuments, previewKind } from './document-preview';
import { html } from './html';
import { confirmPage } from './pages/confirm-page';
import { deadLettersPage } from './pages/dead-letters-page';
import { type MessageFilters, messageListPage } from './pages/message-list-page';
import { messagePage } from './pages/message-page';
import { quarantinePage } from './pages/quarantine-page';
import { releaseRefusal, reviewState } from './review-state';

/** The window the message list shows unless told otherwise: a week, like `status`. */
export const DEFAULT_SINCE = '7d';
/** The quarantine page looks back as far as `npm run quarantine` does. */
export const QUARANTINE_SINCE = '90d';
/** Reports read at most per listing (the newest), as `status` does. */
const MAX_REPORTS_READ = 5_000;
/** Messages whose documents stay extracted in memory: a review moves between a few at a time. */
const PREVIEW_CACHE_SIZE = 8;
/** A form is a token and nothing else: anything larger is not ours. */
const MAX_FORM_BYTES = 4 * 1024;

/**
 * The console's own pages: its scripts and styles only, no inline code, no frames, forms only
 * to itself. A message's content reaches a page only escaped, so even without this policy it
 * could not script the page; with it, an injection would still not run.
 */
const PAGE_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
  "worker-src 'self'; font-src 'self' data: blob:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/**
 * A document served on its own: no script, no style, no connection, in an opaque origin
 * (`sandbox`) so that even bytes a browser might interpret cannot act as the console.
 */
const DOCUMENT_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'";
/**
 * A PDF opened in the browser's own viewer: Chromium refuses PDFs in a sandboxed document, so the
 * policy forbids everything else instead; the viewer runs in its own extension origin anyway.
 */
const PDF_POLICY = "default-src 'none'; object-src 'self'; frame-ancestors 'self'";

/**
 * Headers on every answer: nothing cached, no sniffing, and no referrer to other sites (the first
 * address holds the token). `same-origin`, not `no-referrer`: with the latter a browser sends
 * `Origin: null` on the console's own forms, and the origin check could not tell them from a foreign one.
 */
const COMMON_HEADERS = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'SAMEORIGIN',
} as const;

/** Static files the pages load. */
interface Asset {
  readonly path: string;
  readonly type: string;
}

const PDFJS_DIRECTORY = dirname(require.resolve('pdfjs-dist/package.json'));
const ASSETS: Readonly<Record<string, Asset>> = {
  '/assets/console.css': { path: join(__dirname, 'assets/console.css'), type: 'text/css; charset=utf-8' },
  '/assets/console.js': {
    path: join(__dirname, 'assets/console.js'),
    type: 'text/javascript; charset=utf-8',
  },
  '/assets/pdfjs/pdf.min.mjs': { path: join(PDFJS_DIRECTORY, 'build/pdf.min.mjs'), type: 'text/javascript' },
  '/assets/pdfjs/pdf.worker.min.mjs': {
    path: join(PDFJS_DIRECTORY, 'build/pdf.worker.min.mjs'),
    type: 'text/javascript',
  },
};

/** A running console. */
export interface RunningConsole {
  /** The address to open, with the access token. */
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** What the server needs besides the backend. */
export interface ConsoleServerOptions {
  readonly backend: ConsoleBackend;
  readonly secrets: ConsoleSecrets;
  /** Who acts, for the reports (`released by …`). */
  readonly by?: string;
  readonly now: () => Date;
  /** 0: any free port. */
  readonly port?: number;
}

/** Starts the console on 127.0.0.1 only. */
export async function startConsoleServer(options: ConsoleServerOptions): Promise<RunningConsole> {
  const previews = new Map<string, Promise<PreviewDocument[]>>();
  let port = 0;
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent)
        send(response, 500, 'text/plain; charset=utf-8', `Console error: ${describeError(error)}`);
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    const access = checkAccess(request, url, port, options.secrets);
    if (!access.ok) {
      send(response, access.status, 'text/plain; charset=utf-8', access.reason);
      return;
    }
    if (access.fromUrl) {
      // Keep the token in a cookie and out of the address bar, history and screenshots.
      url.searchParams.delete('token');
      response.writeHead(303, {
        ...COMMON_HEADERS,
        'Set-Cookie': accessCookie(options.secrets),
        Location: `${url.pathname}${url.search}`,
      });
      response.end();
      return;
    }
    if (request.method === 'POST') {
      const form = await readForm(request);
      const refused =
        form === undefined
          ? 'Refused: the form is too large'
          : checkCsrf(request, form, port, options.secrets);
      if (refused !== undefined) {
        send(response, 403, 'text/plain; charset=utf-8', refused);
        return;
      }
      await post(url.pathname, response);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      send(response, 405, 'text/plain; charset=utf-8', 'Method not allowed');
      return;
    }
    await get(url, response);
  }

  async function get(url: URL, response: ServerResponse): Promise<void> {
    const path = url.pathname;
    const asset = ASSETS[path];
    if (asset !== undefined) {
      send(response, 200, asset.type, await readFile(asset.path));
      return;
    }
    const font = /^\/assets\/pdfjs\/standard_fonts\/([\w-]+\.(?:pfb|ttf))$/.exec(path)?.[1];
    if (font !== undefined) {
      send(
        response,
        200,
        'application/octet-stream',
        await readFile(join(PDFJS_DIRECTORY, 'standard_fonts', font)),
      );
      return;
    }
    if (path === '/') return redirect(response, '/messages');
    if (path === '/messages') return sendPage(response, 200, await listPage(url));
    if (path === '/quarantine') return sendPage(response, 200, await quarantineView());
    if (path === '/dead-letters') {
      const letters = await options.backend.deadLetters.list();
      const notice = url.searchParams.get('notice') ?? undefined;
      return sendPage(
        response,
        200,
        deadLettersPage({ source: options.backend.description, letters, ...(notice ? { notice } : {}) }),
      );
    }
    const deadLetter = /^\/dead-letters\/([\w.-]+)\/replay$/.exec(path)?.[1];
    if (deadLetter !== undefined) {
      const letter = (await options.backend.deadLetters.list()).find(
        (entry) => entry.queueMessageId === deadLetter,
      );
      if (letter?.messageId === undefined) return notFound(response, 'No such dead letter');
      return sendPage(
        response,
        200,
        confirmPage({
          source: options.backend.description,
          title: 'Replay a dead letter',
          question: html`<p>Process message <code>${letter.messageId}</code> again, through the same exactly-once path as the queue? What already reached Clearfacts is not sent twice. When it succeeds, the dead letter is removed.</p>`,
          action: path,
          confirmLabel: 'Replay',
          cancelHref: '/dead-letters',
          csrfToken: options.secrets.csrfToken,
        }),
      );
    }
    const match = /^\/messages\/([A-Za-z0-9][A-Za-z0-9._-]{0,254})(\/.*)?$/.exec(path);
    if (match?.[1] === undefined) return notFound(response, 'Not found');
    const messageId = match[1];
    const rest = match[2] ?? '';
    const report = await options.backend.loadReport(messageId);
    if (report === undefined) return notFound(response, `Message ${messageId} has no report`);
    if (rest === '') {
      const notice = url.searchParams.get('notice') ?? undefined;
      return sendPage(response, 200, await detailPage(report, notice === undefined ? {} : { notice }));
    }
    if (rest === '/report.json') {
      return sendDownload(
        response,
        'application/json',
        `${messageId}.json`,
        `${JSON.stringify(report, null, 2)}\n`,
      );
    }
    if (rest === '/raw.eml') {
      const raw = await options.backend.rawMessage(report);
      if (raw === undefined) return notFound(response, 'The raw message is no longer stored');
      // Downloaded, never shown: a message's HTML must not become a page of this origin.
      return sendDownload(response, 'application/octet-stream', `${messageId}.eml`, raw);
    }
    if (rest === '/release' || rest === '/discard' || rest === '/replay') {
      return sendPage(
        response,
        200,
        await confirmView(report, rest.slice(1) as 'release' | 'discard' | 'replay'),
      );
    }
    const document = /^\/documents\/([0-9a-f]{64})(\/original)?$/.exec(rest);
    if (document?.[1] !== undefined) {
      const found = (await previewsOf(report)).find((preview) => preview.candidate.sha256 === document[1]);
      if (found === undefined) return notFound(response, 'No such document in this message');
      if (document[2] !== undefined) {
        if (found.original === undefined) return notFound(response, 'No original for this document');
        const kind = previewKind(found.candidate.convertedFrom?.detectedType ?? 'unknown');
        return sendDocument(
          response,
          kind.contentType,
          found.original.filename,
          found.original.content,
          kind.kind === 'image',
        );
      }
      const kind = previewKind(found.candidate.detectedType);
      const inline =
        kind.kind === 'image' ||
        kind.kind === 'text' ||
        (kind.kind === 'pdf' && url.searchParams.get('view') === 'inline');
      return sendDocument(
        response,
        kind.contentType,
        found.candidate.filename,
        found.candidate.content,
        inline,
      );
    }
    return notFound(response, 'Not found');
  }

  async function post(path: string, response: ServerResponse): Promise<void> {
    const deadLetter = /^\/dead-letters\/([\w.-]+)\/replay$/.exec(path)?.[1];
    if (deadLetter !== undefined) {
      const letter = (await options.backend.deadLetters.list()).find(
        (entry) => entry.queueMessageId === deadLetter,
      );
      if (letter?.messageId === undefined) return notFound(response, 'No such dead letter');
      const { report } = await options.backend.replay(letter.messageId, { recipients: letter.recipients });
      const settled = report.outcome !== 'retrying' && report.outcome !== 'failed';
      if (settled) await options.backend.deadLetters.remove(deadLetter);
      return redirect(
        response,
        `/messages/${encodeURIComponent(letter.messageId)}?notice=${encodeURIComponent(
          `Replayed: ${report.outcome}${settled ? '; the dead letter was removed' : '; the dead letter stays'}`,
        )}`,
      );
    }
    const match = /^\/messages\/([A-Za-z0-9][A-Za-z0-9._-]{0,254})\/(release|discard|replay)$/.exec(path);
    if (match?.[1] === undefined) return notFound(response, 'Not found');
    const [, messageId, action] = match;
    const report = await options.backend.loadReport(messageId);
    if (report === undefined) return notFound(response, `Message ${messageId} has no report`);
    const back = `/messages/${encodeURIComponent(messageId)}`;
    if (action === 'release') {
      const refusal = releaseRefusal(report);
      if (refusal !== undefined)
        return sendPage(response, 409, await detailPage(report, { problem: `Not released. ${refusal}` }));
      try {
        const result = await options.backend.release(messageId, options.by);
        previews.delete(messageId);
        return redirect(
          response,
          `${back}?notice=${encodeURIComponent(`Released: ${result.report.outcome}`)}`,
        );
      } catch (error) {
        return sendPage(
          response,
          409,
          await detailPage(report, { problem: `Not released. ${describeError(error)}` }),
        );
      }
    }
    if (action === 'discard') {
      if (!reviewState(report).canDiscard) {
        return sendPage(
          response,
          409,
          await detailPage(report, { problem: 'Not discarded: it is not waiting in quarantine.' }),
        );
      }
      await options.backend.discard(messageId, options.by);
      return redirect(
        response,
        `${back}?notice=${encodeURIComponent('Discarded: kept in the bucket, nothing uploaded')}`,
      );
    }
    const state = reviewState(report).state;
    if (state === 'held' || state === 'discarded') {
      return sendPage(
        response,
        409,
        await detailPage(report, {
          problem: 'Not replayed: a held message is released or discarded, not replayed.',
        }),
      );
    }
    const result = await options.backend.replay(messageId);
    return redirect(response, `${back}?notice=${encodeURIComponent(`Replayed: ${result.report.outcome}`)}`);
  }

  async function listPage(url: URL): Promise<string> {
    const now = options.now();
    const filters: MessageFilters = {
      mailbox: url.searchParams.get('mailbox')?.trim() ?? '',
      outcome: url.searchParams.get('outcome')?.trim() ?? '',
      since: url.searchParams.get('since')?.trim() || DEFAULT_SINCE,
      until: url.searchParams.get('until')?.trim() ?? '',
      page: Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1),
    };
    let since: Date;
    let until: Date | undefined;
    try {
      since = parseTimeOption('since', filters.since, now);
      until = filters.until === '' ? undefined : parseTimeOption('until', filters.until, now);
    } catch (error) {
      return messageListPage({
        source: options.backend.description,
        filters,
        rows: [],
        unread: 0,
        notice: describeError(error),
      });
    }
    const read = await options.backend.reports.list({
      since,
      ...(until === undefined ? {} : { until }),
      limit: MAX_REPORTS_READ,
    });
    const rows = read.reports
      .map(statusRow)
      .filter((row) => filters.mailbox === '' || matchesMailbox(row, filters.mailbox))
      .filter((row) => filters.outcome === '' || row.outcome === (filters.outcome as StatusOutcome));
    return messageListPage({ source: options.backend.description, filters, rows, unread: read.skipped });
  }

  async function quarantineView(): Promise<string> {
    const since = parseTimeOption('since', QUARANTINE_SINCE, options.now());
    const read = await options.backend.reports.list({ since, limit: MAX_REPORTS_READ });
    const entries = [];
    for (const stored of read.reports) {
      for (const message of quarantinedMessage(stored)) {
        entries.push({ message, documents: (await documentsOf(stored.report)).documents });
      }
    }
    return quarantinePage({ source: options.backend.description, entries });
  }

  /**
   * The documents to show: the report's, or for a held message (whose documents the pipeline does
   * not extract until it is released) those the preview extracted from the raw mail.
   */
  async function documentsOf(
    report: MessageReport,
  ): Promise<{ documents: readonly DocumentReport[]; previews: PreviewDocument[] }> {
    const previews = await previewsOf(report);
    const documents =
      report.documents.length > 0
        ? report.documents
        : previews.map((preview) => describeDocument(preview.candidate));
    return { documents, previews };
  }

  async function detailPage(
    report: MessageReport,
    extra: { notice?: string; problem?: string },
  ): Promise<string> {
    const { documents, previews } = await documentsOf(report);
    return messagePage({
      source: options.backend.description,
      report: { ...report, documents },
      previews,
      review: reviewState(report),
      ...extra,
    });
  }

  async function confirmView(
    report: MessageReport,
    action: 'release' | 'discard' | 'replay',
  ): Promise<string> {
    const uploads = (await documentsOf(report)).documents.filter(
      (document) => document.decision === 'upload',
    );
    const mailboxes = report.recipients.flatMap((route) =>
      route.mailbox === undefined ? [] : [`${route.mailbox} (company ${route.companyNumber})`],
    );
    const questions = {
      release: html`<p>Upload ${uploads.length} document${uploads.length === 1 ? '' : 's'} of <strong>${report.subject ?? report.messageId}</strong> from ${report.from ?? report.envelopeSender} to ${mailboxes.join(', ')}?</p><ul>${uploads.map((document) => html`<li>${document.filename}</li>`)}</ul><p>The ledger sends each document once, whatever happens.</p>`,
      discard: html`<p>Discard <strong>${report.subject ?? report.messageId}</strong> from ${report.from ?? report.envelopeSender}? Nothing is uploaded; the raw message stays in the bucket and the report records who discarded it.</p>`,
      replay: html`<p>Process <strong>${report.subject ?? report.messageId}</strong> again, through the same exactly-once path as the queue? What already reached Clearfacts is not sent twice.</p>`,
    };
    const labels = { release: 'Release', discard: 'Discard', replay: 'Replay' };
    return confirmPage({
      source: options.backend.description,
      title: `${labels[action]} this message?`,
      question: questions[action],
      action: `/messages/${encodeURIComponent(report.messageId)}/${action}`,
      confirmLabel: labels[action],
      cancelHref: `/messages/${encodeURIComponent(report.messageId)}`,
      csrfToken: options.secrets.csrfToken,
    });
  }

  function previewsOf(report: MessageReport): Promise<PreviewDocument[]> {
    let cached = previews.get(report.messageId);
    if (cached === undefined) {
      cached = options.backend
        .rawMessage(report)
        .then((raw) => (raw === undefined ? [] : previewDocuments(raw)));
      cached.catch(() => previews.delete(report.messageId));
      previews.set(report.messageId, cached);
      while (previews.size > PREVIEW_CACHE_SIZE) previews.delete(previews.keys().next().value as string);
    }
    return cached;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${options.secrets.accessToken}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...COMMON_HEADERS,
    'Content-Type': type,
    'Content-Security-Policy': DOCUMENT_POLICY,
    ...headers,
  });
  response.end(body);
}

function sendPage(response: ServerResponse, status: number, body: string): void {
  send(response, status, 'text/html; charset=utf-8', body, { 'Content-Security-Policy': PAGE_POLICY });
}

function sendDownload(response: ServerResponse, type: string, filename: string, body: string | Buffer): void {
  send(response, 200, type, body, { 'Content-Disposition': disposition('attachment', filename) });
}

function sendDocument(
  response: ServerResponse,
  type: string,
  filename: string,
  body: Buffer,
  inline: boolean,
): void {
  send(response, 200, type, body, {
    'Content-Disposition': disposition(inline ? 'inline' : 'attachment', filename),
    'Content-Security-Policy': type === 'application/pdf' && inline ? PDF_POLICY : DOCUMENT_POLICY,
  });
}

function redirect(response: ServerResponse, location: string): void {
  response.writeHead(303, { ...COMMON_HEADERS, Location: location });
  response.end();
}

function notFound(response: ServerResponse, why: string): void {
  send(response, 404, 'text/plain; charset=utf-8', why);
}

/** RFC 6266: an ASCII fallback and the UTF-8 name, so no filename can break out of the header. */
function disposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
