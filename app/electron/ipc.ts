/**
 * What the Electron host does with what a window sends, without importing `electron` (so that it
 * is tested without the binary): a call is answered only for a window TraceLens opened and only
 * from its own app:// frame, with the arguments checked by the core like every other host's, and
 * the renderer build is served through a gate of its own.
 */
import { extname } from 'node:path';
import { fail, type Result } from '../../shared/model/result';
import type { Core } from '../../main/core';
import type { RootGate } from '../../main/gate';
import { CONTENT_SECURITY_POLICY } from '../server/server';
import { isAppUrl } from './security';

/** The part of an IPC event the checks read. */
export interface IpcSender {
  readonly sender: { readonly id: number };
  readonly senderFrame?: { readonly url: string } | null;
}

/** One call from a window: refused unless the window is ours and the frame is the app's. */
export async function answerCall(cores: ReadonlyMap<number, { readonly core: Core }>, event: IpcSender, name: string, args: unknown): Promise<Result<unknown>> {
  const target = cores.get(event.sender.id);
  if (!target || !isAppUrl(event.senderFrame?.url)) return fail('invalid-argument', 'unknown sender');
  return target.core.call(name, args);
}

const TYPES: Readonly<Record<string, string>> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.ttf': 'font/ttf', '.woff2': 'font/woff2', '.png': 'image/png' };
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
  return new Response(new Uint8Array(read.value.bytes), { headers: { 'content-type': TYPES[extname(wanted)] ?? 'application/octet-stream', 'content-security-policy': CONTENT_SECURITY_POLICY } });
}
