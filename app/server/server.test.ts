import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createCore } from '../../main/core';
import { writeDemo } from '../../main/demo';
import { TraceIndex } from '../../main/traceIndex';
import { type RunningServer, startServer } from './server';

/** The renderer build is not needed for the API; an empty folder stands in for it. */
const RENDERER = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function start(): Promise<{ server: RunningServer; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tracelens-serve-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  const index = await TraceIndex.open(dir, { rewalkMs: 0 });
  cleanup.push(() => index.close());
  const server = await startServer({ core: createCore(index), rendererDir: RENDERER });
  cleanup.push(() => server.close());
  return { server, dir };
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
    const ask = (text: string) =>
      new Promise<unknown>((resolve) => {
        ws.once('message', (raw) => resolve(JSON.parse(raw.toString())));
        ws.send(text);
      });
    expect(await ask(JSON.stringify({ id: 1, call: 'tree.snapshot', args: {} }))).toMatchObject({ id: 1, result: { ok: true, value: { version: 1 } } });
    expect(await ask('not json')).toMatchObject({ id: -1, result: { ok: false, error: { code: 'invalid-argument' } } });
    expect(await ask(JSON.stringify({ id: 2, call: 'fs.rm', args: {} }))).toMatchObject({ id: 2, result: { ok: false, error: { message: 'unknown call: fs.rm' } } });
    expect(await ask(JSON.stringify({ id: 3, call: 'file.read', args: { path: 'x', offset: -5 } }))).toMatchObject({ id: 3, result: { ok: false, error: { code: 'invalid-argument' } } });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(128 * 1024));
    expect(await closed).toBe(1009); // message too big
    // The server goes on serving others.
    const other = await connect(server);
    other.close();
  });
});
