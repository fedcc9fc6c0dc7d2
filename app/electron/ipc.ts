/**
 * What the Electron host does with what a window sends, without importing `electron` (so that it
 * is tested without the binary): a call is answered only for a window TraceLens opened and only
 * from its own app:// frame, with the arguments checked by the core like every other host's, and
 * the renderer build is served through a gate of its own.
 */
import { extname } from 'node:path';
import { CALL_NAMES } from '../../shared/contract';
import { fail, type Result } from '../../shared/model/result';
import { externalLink } from '../../shared/parse/links';
import type { Core } from '../../main/core';
import type { RootGate } from '../../main/files/gate';
import { CONTENT_SECURITY_POLICY } from '../server/server';
import { IPC_CHANNELS } from './channels';
import { isAppUrl } from './security';

/** The part of an IPC event the checks read. */
export interface IpcSender {
  readonly sender: { readonly id: number };
  readonly senderFrame?: { readonly url: string } | null;
}

/** The part of Electron's ipcMain the handlers use (a stand-in in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcSender, ...args: unknown[]) => unknown): void;
}

/** Whether a message comes from a window TraceLens opened, from its own app:// frame. */
export function isTrusted(windows: ReadonlyMap<number, unknown>, event: IpcSender): boolean {
  return windows.has(event.sender.id) && isAppUrl(event.senderFrame?.url);
}

/**
 * Registers a handler that runs only for a trusted sender (GitHub Desktop's pattern): anything
 * else is answered with `refused` and the handler never sees it. Its arguments are still the
 * page's, untrusted: each handler checks them.
 */
export function handleTrusted<T>(
  ipc: IpcMainLike,
  windows: ReadonlyMap<number, unknown>,
  channel: string,
  refused: T,
  handler: (event: IpcSender, ...args: unknown[]) => T | Promise<T>,
): void {
  ipc.handle(channel, (event, ...args) => (isTrusted(windows, event) ? handler(event, ...args) : refused));
}

const UNKNOWN_SENDER: Result<never> = fail('invalid-argument', 'unknown sender');

/** One call from a window: refused unless the sender is trusted; the core checks the arguments. */
export async function answerCall(cores: ReadonlyMap<number, { readonly core: Core }>, event: IpcSender, name: string, args: unknown): Promise<Result<unknown>> {
  if (!isTrusted(cores, event)) return UNKNOWN_SENDER;
  return cores.get(event.sender.id)!.core.call(name, args); // isTrusted: a window of ours
}

/** Every channel the window may invoke, on `ipc`: one per contract call, links and dropped folders. */
export function registerHandlers(
  ipc: IpcMainLike,
  windows: ReadonlyMap<number, { readonly core: Core }>,
  actions: { openExternal(url: string): Promise<void>; openFolder(path: string): Promise<void> },
): void {
  // A call's sender is checked by answerCall itself (isTrusted, as handleTrusted does for the rest).
  for (const name of CALL_NAMES) ipc.handle(IPC_CHANNELS.call(name), (event, args) => answerCall(windows, event, name, args));
  handleTrusted(ipc, windows, IPC_CHANNELS.openExternal, false, async (_event, url) => {
    const verdict = typeof url === 'string' ? externalLink(url) : null;
    if (!verdict?.ok) return false;
    await actions.openExternal(verdict.url);
    return true;
  });
  handleTrusted(ipc, windows, IPC_CHANNELS.openDropped, false, async (_event, path) => {
    if (typeof path !== 'string' || path === '' || path.includes('\0')) return false;
    await actions.openFolder(path);
    return true;
  });
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
};
const MAX_ASSET_BYTES = 64 * 1024 * 1024;

/** An app:// request: a file of the renderer build (through its gate) with the CSP, or 404. */
export async function serveAppRequest(renderer: RootGate, url: string): Promise<Response> {
  const parsed = new URL(url);
  let wanted: string;
  try {
    wanted = decodeURIComponent(parsed.pathname.slice(1)) || 'index.html';
  } catch {
    return new Response('not found', { status: 404 });
  }
  if (parsed.host !== 'tracelens') return new Response('not found', { status: 404 });
  const read = await renderer.read(wanted, 0, MAX_ASSET_BYTES, MAX_ASSET_BYTES);
  if (!read.ok) return new Response('not found', { status: 404 });
  return new Response(new Uint8Array(read.value.bytes), {
    headers: { 'content-type': TYPES[extname(wanted)] ?? 'application/octet-stream', 'content-security-policy': CONTENT_SECURITY_POLICY },
  });
}
