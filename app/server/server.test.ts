import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect as connectTcp } from 'node:net';
import { hostname } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { createCore } from '../../main/core';
import { writeDemo } from '../../main/demo';
import { TraceIndex } from '../../main/index/traceIndex';
import { type RunningServer, startServer } from './server';
import type { Core } from '../../main/core';

/** The renderer build is not needed for the API; an empty folder stands in for it. */
const RENDERER = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function start(host?: string, prepare?: (dir: string) => Promise<void>, maxClientQueueBytes?: number): Promise<{ server: RunningServer; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tracelens-serve-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  await prepare?.(dir);
  const index = await TraceIndex.open(dir, { rewalkMs: 0 });
  cleanup.push(() => index.close());
  const server = await startServer({
    core: createCore(index),
    rendererDir: RENDERER,
    ...(host ? { host } : {}),
    ...(maxClientQueueBytes ? { maxClientQueueBytes } : {}),
  });
  cleanup.push(() => server.close());
  return { server, dir };
}

/** The answer to request `id`: pushes (the index's status comes on connecting) and other answers pass by. */
function answer<T = unknown>(ws: WebSocket, id: number): Promise<T> {
  return new Promise<T>((resolve) => {
    const onMessage = (raw: unknown) => {
      const message = JSON.parse(String(raw)) as { id?: number };
      if (message.id !== id) return;
      ws.off('message', onMessage);
      resolve(message as T);
    };
    ws.on('message', onMessage);
  });
}

function connect(server: RunningServer): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

describe('serve', () => {
  it('serves 50 clients following a live run: every one gets every delta, in order', async () => {
    const { server, dir } = await start();
    const clients = await Promise.all(Array.from({ length: 50 }, () => connect(server)));
    const versions = clients.map(() => [] as number[]);
    clients.forEach((ws, i) =>
      ws.on('message', (raw) => {
        const message = JSON.parse(raw.toString());
        if (message.push === 'tree.delta') versions[i]!.push(message.data.version);
      }),
    );
    const heapBefore = process.memoryUsage().heapUsed;
    await writeDemo(dir, { ops: 2, tasksPerOp: 3, tickMs: 2, eventLog: true });
    // Wait until every client has the same, newest version and nothing more arrives for a while.
    let last = '';
    for (let i = 0; i < 100; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const now = JSON.stringify(versions.map((list) => list.length));
      if (now === last && new Set(versions.map((list) => list.at(-1))).size === 1) break;
      last = now;
    }
    const expected = versions[0]!;
    expect(expected.length).toBeGreaterThan(3);
    expected.forEach((version, i) => expect(version).toBe(expected[0]! + i));
    for (const list of versions) expect(list).toEqual(expected);
    // Fifty followers do not make the core keep anything per client.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(200 * 2 ** 20);
    for (const ws of clients) ws.close();
  });

  it('answers calls and refuses oversized or malformed requests without falling over', async () => {
    const { server } = await start();
    const ws = await connect(server);
    /** Sends `text` and waits for the answer `id` (-1: the answer to what is not a request). */
    const ask = (id: number, text: string) => {
      const answered = answer(ws, id);
      ws.send(text);
      return answered;
    };
    expect(await ask(1, JSON.stringify({ id: 1, call: 'tree.snapshot', args: {} }))).toMatchObject({ id: 1, result: { ok: true, value: { version: 1 } } });
    expect(await ask(-1, 'not json')).toMatchObject({ id: -1, result: { ok: false, error: { code: 'invalid-argument' } } });
    expect(await ask(2, JSON.stringify({ id: 2, call: 'fs.rm', args: {} }))).toMatchObject({
      id: 2,
      result: { ok: false, error: { message: 'unknown call: fs.rm' } },
    });
    expect(await ask(3, JSON.stringify({ id: 3, call: 'file.read', args: { path: 'x', offset: -5 } }))).toMatchObject({
      id: 3,
      result: { ok: false, error: { code: 'invalid-argument' } },
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(128 * 1024));
    expect(await closed).toBe(1009); // message too big
    // The server goes on serving others.
    const other = await connect(server);
    other.close();
  });

  it('survives a peer that resets the connection while its upgrade is refused', async () => {
    const { server } = await start();
    for (let i = 0; i < 20; i++) {
      const socket = connectTcp(server.port, '127.0.0.1');
      socket.on('error', () => undefined);
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.write(
        `GET /api HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
      socket.resetAndDestroy();
    }
    // Garbage instead of HTTP, then a reset: the same.
    const garbage = connectTcp(server.port, '127.0.0.1');
    garbage.on('error', () => undefined);
    await new Promise<void>((resolve) => garbage.once('connect', () => resolve()));
    garbage.write('\x16\x03\x01 not http\r\n\r\n');
    garbage.resetAndDestroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ws = await connect(server);
    ws.close();
  });

  it('drops a client that stops reading once what waits for it passes the bound, and goes on serving others', async () => {
    const bound = 8 * 2 ** 20;
    const { server } = await start(undefined, (dir) => writeFile(join(dir, 'big.txt'), 'x'.repeat(2 * 2 ** 20)), bound);
    const slow = await connect(server);
    const closed = new Promise<number>((resolve) => slow.once('close', (code) => resolve(code)));
    // Stop reading: answers pile up on the server's side of the socket.
    (slow as unknown as { _socket: { pause(): void } })._socket.pause(); // ws keeps its net.Socket there
    for (let id = 0; id < 40; id++) slow.send(JSON.stringify({ id, call: 'file.read', args: { path: 'big.txt' } }));
    const other = await connect(server);
    const answered = answer(other, 1);
    other.send(JSON.stringify({ id: 1, call: 'tree.snapshot', args: {} }));
    expect(await answered).toMatchObject({ id: 1, result: { ok: true } });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    // Dropped with a reason (4008) when the close frame gets through, else cut (1006).
    expect([4008, 1006]).toContain(await closed);
    other.close();
  });

  it('delivers one answer larger than the bound to a client that reads', async () => {
    const { server } = await start(undefined, (dir) => writeFile(join(dir, 'big.txt'), 'y'.repeat(2 * 2 ** 20)), 256 * 1024);
    const ws = await connect(server);
    const answered = answer<{ result: { ok: boolean; value: { length: number } } }>(ws, 1);
    ws.send(JSON.stringify({ id: 1, call: 'file.read', args: { path: 'big.txt' } }));
    expect((await answered).result).toMatchObject({ ok: true, value: { length: 2 * 2 ** 20 } });
    ws.close();
  });

  it('names its login cookie per port, so that two servers keep their own logins', async () => {
    const renderer = await mkdtemp(join(tmpdir(), 'tracelens-renderer-'));
    cleanup.push(() => rm(renderer, { recursive: true, force: true }));
    await writeFile(join(renderer, 'index.html'), '<!doctype html><title>TraceLens</title>');
    const index = await TraceIndex.open(renderer, { watch: false });
    cleanup.push(() => index.close());
    const servers = await Promise.all([
      startServer({ core: createCore(index), rendererDir: renderer }),
      startServer({ core: createCore(index), rendererDir: renderer }),
    ]);
    for (const server of servers) {
      cleanup.push(() => server.close());
      const page = await fetch(`http://127.0.0.1:${server.port}/?token=${server.token}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('set-cookie')).toMatch(new RegExp(`^tracelens_token_${server.port}=${server.token};`));
    }
    // Each server's cookie logs in there and nowhere else.
    const [a, b] = servers as [RunningServer, RunningServer];
    const withCookie = (server: RunningServer, cookie: string) =>
      fetch(`http://127.0.0.1:${server.port}/`, { headers: { cookie } }).then((response) => response.status);
    expect(await withCookie(a, `tracelens_token_${a.port}=${a.token}; tracelens_token_${b.port}=${b.token}`)).toBe(200);
    expect(await withCookie(b, `tracelens_token_${a.port}=${a.token}; tracelens_token_${b.port}=${b.token}`)).toBe(200);
    expect(await withCookie(b, `tracelens_token_${a.port}=${a.token}`)).toBe(401);
  });

  it('sends the tree, its outline and the run summaries over HTTP to a page that holds the token, the same answers as the WebSocket gives, and to no one else', async () => {
    const { server } = await start(undefined, (dir) => writeDemo(dir, { ops: 1, tasksPerOp: 2, eventLog: false }).then(() => undefined));
    const ws = await connect(server);
    cleanup.push(async () => ws.close());
    for (const [path, call, id, args] of [
      ['/api/tree', 'tree.snapshot', 1, {}],
      ['/api/outline', 'tree.outline', 2, {}],
      ['/api/outline?soFar=1', 'tree.outline', 3, { soFar: true }],
    ] as const) {
      const url = `http://127.0.0.1:${server.port}${path}`;
      const response = await fetch(`${url}${path.includes('?') ? '&' : '?'}token=${server.token}`);
      expect([response.status, response.headers.get('content-type'), response.headers.get('cache-control')]).toEqual([
        200,
        'application/json; charset=utf-8',
        'no-store',
      ]);
      const overHttp = (await response.json()) as { ok: boolean; value: { version: number; files: number } };
      const answered = answer<{ result: { ok: boolean; value: { version: number; files: number } } }>(ws, id);
      ws.send(JSON.stringify({ id, call, args }));
      const overSocket = await answered;
      expect(overHttp).toEqual(overSocket.result);
      expect(overHttp.value.files).toBeGreaterThan(0);
      // No token, a wrong one, or a write: refused.
      const withToken = (token: string) => `${url}${path.includes('?') ? '&' : '?'}token=${token}`;
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(withToken('nope'))).status).toBe(401);
      expect((await fetch(withToken(server.token), { method: 'POST' })).status).toBe(405);
    }
    // The summaries (12 MB for the 430k-file run): the same, but for when each was made.
    const summaryUrl = `http://127.0.0.1:${server.port}/api/summary`;
    const overHttp = (await (await fetch(`${summaryUrl}?token=${server.token}`)).json()) as { ok: boolean; value: { generatedAt: string; runs: unknown[] } };
    const answered = answer<{ result: typeof overHttp }>(ws, 4);
    ws.send(JSON.stringify({ id: 4, call: 'runs.summary', args: {} }));
    const overSocket = (await answered).result;
    expect({ ...overHttp.value, generatedAt: null }).toEqual({ ...overSocket.value, generatedAt: null });
    expect(overHttp.value.runs.length).toBeGreaterThan(0);
    expect((await fetch(summaryUrl)).status).toBe(401);
  });

  it('serves while the folder is read: a page that connects learns how far the read is, and its tree waits for the whole', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracelens-serve-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    await writeDemo(dir, { ops: 2, tasksPerOp: 3, eventLog: false });
    const index = await TraceIndex.start(dir, { watch: false });
    cleanup.push(() => index.close());
    const server = await startServer({ core: createCore(index), rendererDir: RENDERER });
    cleanup.push(() => server.close());
    const ws = await new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` });
      const seen: unknown[] = [];
      // Listening from before the connection opens: the status is the first thing sent.
      socket.on('message', (raw) => seen.push(JSON.parse(String(raw))));
      socket.once('open', () => resolve(Object.assign(socket, { seen })));
      socket.once('error', reject);
    });
    cleanup.push(async () => ws.close());
    const response = await fetch(`http://127.0.0.1:${server.port}/api/tree?token=${server.token}`);
    // What is read so far comes at once; the tree, once the folder is read whole.
    const soFar = (await (await fetch(`http://127.0.0.1:${server.port}/api/outline?soFar=1&token=${server.token}`)).json()) as {
      value: { status: { state: string } };
    };
    expect(soFar.value.status.state).toMatch(/^(scanning|ready)$/);
    const tree = (await response.json()) as { value: { files: number } };
    expect(tree.value.files).toBe((await index.ready, index.snapshot().files));
    const seen = (ws as WebSocket & { seen: Array<{ push?: string; data?: { state: string } }> }).seen;
    await vi.waitFor(() => expect(seen.at(-1)?.data?.state).toBe('ready'));
    expect(seen[0]).toMatchObject({ push: 'index.status', data: { state: expect.stringMatching(/^(scanning|ready)$/) } });
  });

  it('closes while a request is still being answered (the process can end)', async () => {
    // A core whose answer never comes: the request for the tree stays open.
    const core = { calls: {}, call: () => new Promise<never>(() => undefined), onPush: () => () => undefined } as unknown as Core;
    const server = await startServer({ core, rendererDir: RENDERER });
    const pending = fetch(`http://127.0.0.1:${server.port}/api/tree?token=${server.token}`).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the request is in
    await server.close();
    expect(await pending).toBeInstanceOf(Error); // cut, not answered
  });

  it("on a wildcard address, accepts this machine's own names in the Host header and no others", async () => {
    const { server } = await start('0.0.0.0');
    const ask = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = connectTcp(server.port, '127.0.0.1');
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(text)?.[1])));
        socket.on('error', reject);
        socket.write(`GET /README.md?token=${server.token} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      });
    expect(await ask(`127.0.0.1:${server.port}`)).toBe(200);
    expect(await ask(`${hostname().toLowerCase()}:${server.port}`)).toBe(200);
    expect(await ask(`evil.example:${server.port}`)).toBe(421);
    expect(await ask(`0.0.0.0.evil.example:${server.port}`)).toBe(421);
  });

  it('answers other clients while one runs a search that backtracks without end', async () => {
    const { server } = await start(undefined, (dir) => writeFile(join(dir, 'evil.txt'), `${'a'.repeat(40)}!\n`));
    const [searcher, other] = await Promise.all([connect(server), connect(server)]);
    const order: string[] = [];
    const searched = answer(searcher, 1).then((message) => {
      order.push('search');
      return message;
    });
    searcher.send(JSON.stringify({ id: 1, call: 'search.run', args: { text: '^(a+)+$', isRegex: true, isCaseSensitive: true } }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (let id = 10; id < 13; id++) {
      const answered = answer(other, id);
      other.send(JSON.stringify({ id, call: 'tree.snapshot', args: {} }));
      await answered;
      order.push('snapshot');
    }
    expect(await searched).toMatchObject({ id: 1, result: { ok: true, value: { stopped: expect.stringContaining('backtracks too much') } } });
    expect(order).toEqual(['snapshot', 'snapshot', 'snapshot', 'search']);
    searcher.close();
    other.close();
  }, 20_000);
});
