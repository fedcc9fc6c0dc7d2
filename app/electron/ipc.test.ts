import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../shared/contract';
import { createCore, type Core } from '../../main/core';
import { RootGate } from '../../main/files/gate';
import { TraceIndex } from '../../main/index/traceIndex';
import { IPC_CHANNELS } from './channels';
import { type IpcSender, registerHandlers, serveAppRequest } from './ipc';

/** Electron's ipcMain as the handlers see it: channels and their listeners, invoked by hand. */
class FakeIpcMain {
  readonly handlers = new Map<string, (event: IpcSender, ...args: unknown[]) => unknown>();
  handle(channel: string, listener: (event: IpcSender, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`a second handler for ${channel}`); // as Electron does
    this.handlers.set(channel, listener);
  }
  invoke(channel: string, event: IpcSender, ...args: unknown[]): Promise<unknown> {
    return Promise.resolve(this.handlers.get(channel)!(event, ...args));
  }
}

const OURS: IpcSender = { sender: { id: 1 }, senderFrame: { url: 'app://tracelens/index.html#/step' } };
const STRANGERS: IpcSender[] = [
  { sender: { id: 2 }, senderFrame: { url: 'app://tracelens/index.html' } }, // a window we did not open
  { sender: { id: 1 }, senderFrame: { url: 'https://evil.example/' } }, // our window, navigated away (or a subframe)
  { sender: { id: 1 }, senderFrame: { url: 'app://tracelens.evil/' } },
  { sender: { id: 1 }, senderFrame: null }, // a frame that is gone
];

let dir: string;
let index: TraceIndex;
let core: Core;
const opened: Array<string> = [];
const externals: Array<string> = [];
const ipc = new FakeIpcMain();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tracelens-ipc-'));
  await writeFile(join(dir, 'I0_S01_relu_DoCoder_result.txt'), 'import triton\n');
  index = await TraceIndex.open(dir, { watch: false });
  core = createCore(index);
  registerHandlers(ipc, new Map([[1, { core }]]), {
    openExternal: async (url) => void externals.push(url),
    openFolder: async (path) => void opened.push(path),
  });
});

afterAll(async () => {
  await index.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the Electron host's IPC handlers (no Electron binary needed)", () => {
  it('has one channel per contract call, plus links and dropped folders, all behind the sender check', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual([...CALL_NAMES.map(IPC_CHANNELS.call), IPC_CHANNELS.openExternal, IPC_CHANNELS.openDropped].sort());
  });

  it('answers our window and refuses every other sender, on every channel', async () => {
    expect(await ipc.invoke(IPC_CHANNELS.call('file.read'), OURS, { path: 'I0_S01_relu_DoCoder_result.txt' })).toMatchObject({
      ok: true,
      value: { text: 'import triton\n' },
    });
    for (const stranger of STRANGERS) {
      for (const name of CALL_NAMES)
        expect(await ipc.invoke(IPC_CHANNELS.call(name), stranger, {})).toEqual({ ok: false, error: { code: 'invalid-argument', message: 'unknown sender' } });
      expect(await ipc.invoke(IPC_CHANNELS.openExternal, stranger, 'https://triton-lang.org/')).toBe(false);
      expect(await ipc.invoke(IPC_CHANNELS.openDropped, stranger, '/tmp')).toBe(false);
    }
    expect(externals).toEqual([]);
    expect(opened).toEqual([]);
  });

  it("checks our window's arguments too", async () => {
    expect(await ipc.invoke(IPC_CHANNELS.call('file.read'), OURS, { path: '../../etc/passwd' })).toMatchObject({ ok: false, error: { code: 'outside-root' } });
    expect(await ipc.invoke(IPC_CHANNELS.call('file.read'), OURS, 'not an object')).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'http://', 42]) expect(await ipc.invoke(IPC_CHANNELS.openExternal, OURS, url)).toBe(false);
    expect(await ipc.invoke(IPC_CHANNELS.openExternal, OURS, 'https://triton-lang.org/main/index.html')).toBe(true);
    expect(externals).toEqual(['https://triton-lang.org/main/index.html']);
    for (const path of ['', 42, null, 'a\0b']) expect(await ipc.invoke(IPC_CHANNELS.openDropped, OURS, path)).toBe(false);
    expect(await ipc.invoke(IPC_CHANNELS.openDropped, OURS, dir)).toBe(true);
    expect(opened).toEqual([dir]);
  });

  it('serves only the renderer build on app://, through its gate, with the CSP', async () => {
    const renderer = await RootGate.open(dir);
    const page = await serveAppRequest(renderer, 'app://tracelens/I0_S01_relu_DoCoder_result.txt');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    for (const url of [
      'app://tracelens/../../etc/passwd',
      'app://tracelens/%2e%2e/%2e%2e/etc/passwd',
      'app://other/I0_S01_relu_DoCoder_result.txt',
      'app://tracelens/%E0%A4%A',
    ]) {
      expect((await serveAppRequest(renderer, url)).status, url).toBe(404);
    }
  });
});
