import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname, networkInterfaces } from 'node:os';
import { extname } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PushName, WireMessage } from '../../shared/contract';
import { fail, type Result } from '../../shared/model/result';
import type { Core } from '../../main/core';
import { RootGate } from '../../main/files/gate';
import { readPageFiles } from '../paths';
import { jsonBatches } from '../jsonPieces';

/** A tree's answer is cut into pieces down to its tasks (Result › snapshot › tree › runs › run › ops › op › tasks). */
const TREE_JSON_DEPTH = 8;
/** Characters written between two turns of the event loop. */
const JSON_BATCH_CHARS = 1 << 20;

/** The CSP of STACK.md: no remote code, no inline script, no eval; Monaco needs inline styles and workers. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; worker-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/**
 * The large answers, over HTTP: Chromium takes a 20 MB WebSocket message in ~1.5 s, the same body
 * from a fetch in a fraction of that (DESIGN.md: the contract is the same). The tree; its outline,
 * as the page asks for both before its socket is open (`?soFar=1`: the outline of what is read so
 * far, at once); and the run summaries (the 430k-file run's are 12 MB).
 */
const HTTP_CALLS: ReadonlyMap<string, 'tree.snapshot' | 'tree.outline' | 'runs.summary'> = new Map([
  ['/api/tree', 'tree.snapshot'],
  ['/api/outline', 'tree.outline'],
  ['/api/summary', 'runs.summary'],
]);

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const MAX_MESSAGE_BYTES = 64 * 1024;
/** Bytes that may wait to reach one client; past that it has stopped reading and is dropped. */
export const MAX_CLIENT_QUEUE_BYTES = 64 * 1024 * 1024;
/** The largest file of the renderer build served (the Monaco bundle is ~5 MB). */
const MAX_ASSET_BYTES = 64 * 1024 * 1024;

export interface ServeOptions {
  readonly core: Core;
  /** The built renderer (index.html and its assets). */
  readonly rendererDir: string;
  readonly host?: string;
  readonly port?: number;
  /** Fixed token for tests; a random one otherwise. */
  readonly token?: string;
  /** What may wait for one client before it is dropped (default MAX_CLIENT_QUEUE_BYTES). */
  readonly maxClientQueueBytes?: number;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host.startsWith('127.');
}

const isWildcard = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '[::]';

/**
 * The Host headers that name this server (anything else is refused: DNS rebinding). On a wildcard
 * address that is every address of this machine and its host name, not any name at all.
 */
export function serverHostNames(host: string, port: number): Set<string> {
  const names = new Set([`${host.includes(':') ? `[${host}]` : host}:${port}`, `127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  if (isWildcard(host)) {
    for (const list of Object.values(networkInterfaces())) {
      for (const address of list ?? []) names.add(address.family === 'IPv6' ? `[${address.address}]:${port}` : `${address.address}:${port}`);
    }
    const name = hostname().toLowerCase();
    names.add(`${name}:${port}`);
    if (!name.includes('.')) names.add(`${name}.local:${port}`);
  }
  return names;
}

function sameSecret(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The login cookie's name: one per port, so that two `serve`s on one machine keep their own logins. */
const cookieName = (port: number): string => `tracelens_token_${port}`;

function cookieToken(request: IncomingMessage, name: string): string | null {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return value.join('=');
  }
  return null;
}

/**
 * `tracelens serve`: the contract over WebSocket plus the built renderer over HTTP, on loopback by
 * default. Every request needs the token (in the URL it printed, then a same-site cookie); the
 * Host header must name this server (DNS rebinding) and a WebSocket's Origin must be this server.
 */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  // The renderer build is read through a gate of its own, like any opened folder.
  const renderer = await RootGate.open(options.rendererDir);
  // Served from memory: they do not wait behind the reads of the folder being scanned meanwhile.
  const preloaded = readPageFiles(renderer.root);
  let port = options.port ?? 0;
  const maxQueued = options.maxClientQueueBytes ?? MAX_CLIENT_QUEUE_BYTES;

  let hostNames = new Set<string>();
  const isAuthorised = (request: IncomingMessage, url: URL): boolean =>
    sameSecret(url.searchParams.get('token'), token) || sameSecret(cookieToken(request, cookieName(port)), token);

  const server = createServer((request, response) => {
    void handleHttp(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'text/plain' });
      response.end('TraceLens: internal error');
    });
  });
  // A peer that sends garbage or resets mid-request ends its own connection, never the server.
  server.on('clientError', (_error, socket) => socket.destroy());

  /**
   * A large answer as JSON, a megabyte at a time with a turn of the event loop between (jsonPieces):
   * other calls are answered meanwhile. Stops when the page goes.
   */
  async function writeJson(response: ServerResponse, value: unknown): Promise<void> {
    const batches = jsonBatches(value, TREE_JSON_DEPTH, JSON_BATCH_CHARS);
    for (let next = batches.next(); !next.done;) {
      const batch = next.value;
      next = batches.next();
      // The last (for most answers the only) batch ends the answer at once, with no turn to wait.
      if (next.done) return void response.end(batch);
      if (response.destroyed) return;
      const isFull = !response.write(batch);
      await new Promise<void>((resolve) => {
        if (!isFull) return void setImmediate(resolve);
        // Until the page took what was written, or went.
        const done = () => {
          response.off('drain', done).off('close', done);
          resolve();
        };
        response.on('drain', done).on('close', done);
      });
    }
    response.end(); // (every value has some JSON: not reached)
  }

  async function handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const base = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };
    if (!hostNames.has(request.headers.host ?? '')) {
      response.writeHead(421, { ...base, 'content-type': 'text/plain' }).end('TraceLens: unknown Host header');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...base, 'content-type': 'text/plain', allow: 'GET, HEAD' }).end('TraceLens: read-only');
      return;
    }
    if (!isAuthorised(request, url)) {
      response
        .writeHead(401, { ...base, 'content-type': 'text/plain; charset=utf-8' })
        .end('TraceLens: open the full URL that `tracelens serve` printed (it carries the access token).\n');
      return;
    }
    const httpCall = HTTP_CALLS.get(url.pathname);
    if (httpCall) {
      const answer = await options.core.call(httpCall, httpCall === 'tree.outline' && url.searchParams.get('soFar') === '1' ? { soFar: true } : {});
      response.writeHead(200, { ...base, 'content-type': 'application/json; charset=utf-8' });
      if (request.method === 'HEAD') response.end();
      else await writeJson(response, answer);
      return;
    }
    let wanted: string;
    try {
      wanted = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
    } catch {
      response.writeHead(400, { ...base, 'content-type': 'text/plain' }).end('TraceLens: a malformed address');
      return;
    }
    let bytes = preloaded.get(wanted);
    if (!bytes) {
      const read = await renderer.read(wanted, 0, MAX_ASSET_BYTES, MAX_ASSET_BYTES);
      if (!read.ok) {
        response.writeHead(404, { ...base, 'content-type': 'text/plain' }).end('not found');
        return;
      }
      bytes = read.value.bytes;
    }
    const headers: Record<string, string> = { ...base, 'content-type': TYPES[extname(wanted)] ?? 'application/octet-stream' };
    if (extname(wanted) === '.html') {
      headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
      headers['set-cookie'] = `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    }
    response.writeHead(200, headers).end(request.method === 'HEAD' ? undefined : bytes);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (request, socket, head) => {
    // A peer that resets the connection while it is being refused must not end the server.
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', 'http://localhost');
    const origin = request.headers.origin;
    const originOk = origin === undefined || [...hostNames].some((allowed) => origin === `http://${allowed}`);
    if (url.pathname !== '/api' || !hostNames.has(request.headers.host ?? '') || !originOk || !isAuthorised(request, url)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serveSocket(ws));
  });

  const clients = new Set<WebSocket>();
  /**
   * Sends to one client, unless it has stopped reading: what waits for it is bounded, and a client
   * past the bound is dropped with a reason (it reconnects and asks for a snapshot).
   */
  const sendTo = (client: WebSocket, text: string): void => {
    if (client.readyState !== client.OPEN) return;
    // What already waits counts, not this message: one answer may be large (a 430k-file tree's
    // snapshot is tens of MB); a client that reads nothing piles up answers past the bound.
    if (client.bufferedAmount > maxQueued) {
      const waiting = Math.round(client.bufferedAmount / 2 ** 20);
      client.close(4008, `TraceLens: this client stopped reading (${waiting} MB waiting); reconnect to go on`);
      setTimeout(() => client.terminate(), 1000).unref();
      clients.delete(client);
      return;
    }
    client.send(text);
  };
  let lastStatus: string | null = null;
  const offPush = options.core.onPush((name, data) => {
    const text = JSON.stringify({ push: name, data } satisfies { push: PushName; data: unknown });
    if (name === 'index.status') lastStatus = text;
    for (const client of clients) sendTo(client, text);
  });

  function serveSocket(ws: WebSocket): void {
    clients.add(ws);
    if (lastStatus) sendTo(ws, lastStatus); // a page that connects while the folder is read learns how far it is
    ws.on('close', () => clients.delete(ws));
    // A protocol error (an oversized or broken frame) ends that connection, never the server.
    ws.on('error', () => ws.terminate());
    ws.on('message', (raw, isBinary) => {
      void (async () => {
        let id = -1;
        let result: Result<unknown>;
        try {
          if (isBinary) throw new Error('binary frames are not part of the protocol');
          const message: unknown = JSON.parse(raw.toString());
          if (typeof message !== 'object' || message === null) throw new Error('a request is a JSON object');
          const request = message as { id?: unknown; call?: unknown; args?: unknown }; // fields checked one by one below
          if (typeof request.id !== 'number') throw new Error('a request needs a numeric id');
          id = request.id;
          result = await options.core.call(request.call, request.args);
        } catch (error) {
          result = fail('invalid-argument', error instanceof Error ? error.message : String(error));
        }
        sendTo(ws, JSON.stringify({ id, result } satisfies WireMessage));
      })();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  port = (server.address() as AddressInfo).port; // a TCP server's address is an AddressInfo
  hostNames = serverHostNames(host, port);
  const shownHost = isWildcard(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      offPush();
      for (const client of clients) client.terminate();
      sockets.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Also the connections busy with a request (the page fetching its editor's code): a closing
      // server that waits for them keeps a keep-alive connection, and the process, open for good.
      server.closeAllConnections();
      await closed;
    },
  };
}
