/**
 * The only code that talks to the host: Electron's preload bridge when present, a bundle's files
 * when the page is a bundle's (bundle.ts), otherwise the WebSocket of `tracelens serve` (same
 * origin; the token travels as a same-site cookie).
 */
import * as v from 'valibot';
import {
  type Bridge,
  type CallArgs,
  type CallName,
  type CallValue,
  isCallName,
  type PushMap,
  type PushMessage,
  type PushName,
  PUSH_NAMES,
  WIRE_MESSAGE,
} from '../../shared/contract';
import type { Result } from '../../shared/model/result';
import { bundleApi, bundleManifestUrl } from './bundle';

type PushListener = <K extends PushName>(name: K, data: PushMap[K]) => void;

declare global {
  interface Window {
    tracelens?: Bridge;
  }
}

export type ConnectionState = 'connecting' | 'open' | 'lost';

export interface Api {
  call<K extends CallName>(name: K, args: CallArgs<K>): Promise<Result<CallValue<K>>>;
  onPush(listener: PushListener): () => void;
  onConnection(listener: (state: ConnectionState) => void): () => void;
}

function bridgeApi(bridge: Bridge): Api {
  return {
    // The bridge carries the same contract; its values are the host's typed results.
    call: (name, args) => {
      const method = isCallName(name) ? bridge.calls[name] : undefined;
      if (!method) return Promise.resolve({ ok: false, error: { code: 'invalid-argument', message: `the host has no call ${name}` } });
      return method(args) as Promise<Result<CallValue<typeof name>>>;
    },
    onPush: (listener) =>
      bridge.onPush((name, data) => {
        // The preload passes what main sent: a known name is all that is checked of a push.
        if ((PUSH_NAMES as readonly string[]).includes(name)) listener(name as PushName, data as PushMap[PushName]);
      }),
    onConnection: (listener) => {
      listener('open');
      return () => undefined;
    },
  };
}

function socketApi(): Api {
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const pushListeners = new Set<PushListener>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const queue: string[] = [];
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryMs = 250;
  const token = new URLSearchParams(window.location.search).get('token');

  let state: ConnectionState = 'connecting';
  const setState = (next: ConnectionState) => {
    state = next;
    connectionListeners.forEach((listener) => listener(next));
  };

  function connect(): void {
    setState('connecting');
    const url = new URL('api', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.hash = '';
    url.search = token ? `?token=${encodeURIComponent(token)}` : '';
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = 250;
      setState('open');
      for (const text of queue.splice(0)) ws.send(text);
    };
    ws.onmessage = (event) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(event.data));
      } catch {
        parsed = null;
      }
      const checked = v.safeParse(WIRE_MESSAGE, parsed);
      if (!checked.success) {
        console.error('TraceLens: a frame from the server that is not part of the protocol was ignored', v.summarize(checked.issues));
        return;
      }
      const message = checked.output;
      if ('id' in message) {
        pending.get(message.id)?.(message.result);
        pending.delete(message.id);
      } else {
        // The envelope is checked; the data is the core's own and is not parsed again.
        const push = message as PushMessage;
        pushListeners.forEach((listener) => listener(push.push, push.data));
      }
    };
    ws.onclose = () => {
      socket = null;
      for (const [id, resolve] of pending) {
        resolve({ ok: false, error: { code: 'io-error', message: 'the connection to TraceLens was lost' } });
        pending.delete(id);
      }
      setState('lost');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }
  connect();

  /**
   * A large answer over HTTP (the server's `/api/tree`, `/api/outline`, `/api/summary`): the same
   * Result, checked as a frame's is. `what` names it in an error.
   */
  async function fetchAnswer(path: string, what: string): Promise<Result<unknown>> {
    try {
      const response = await fetch(new URL(path, window.location.href), { credentials: 'same-origin', cache: 'no-store' });
      if (!response.ok) return { ok: false, error: { code: 'io-error', message: `TraceLens answered ${what} with HTTP ${response.status}` } };
      const checked = v.safeParse(WIRE_MESSAGE, { id: 0, result: (await response.json()) as unknown });
      return checked.success && 'id' in checked.output
        ? checked.output.result
        : { ok: false, error: { code: 'io-error', message: `${what} TraceLens sent is not part of the protocol` } };
    } catch (error) {
      return { ok: false, error: { code: 'io-error', message: `${what} could not be fetched: ${error instanceof Error ? error.message : String(error)}` } };
    }
  }

  return {
    call(name, args) {
      if (name === 'tree.snapshot') return fetchAnswer('api/tree', 'the tree') as Promise<Result<CallValue<typeof name>>>;
      if (name === 'tree.outline')
        return fetchAnswer((args as CallArgs<'tree.outline'>)?.soFar ? 'api/outline?soFar=1' : 'api/outline', 'the tree') as Promise<
          Result<CallValue<typeof name>>
        >;
      if (name === 'runs.summary') return fetchAnswer('api/summary', 'the run summaries') as Promise<Result<CallValue<typeof name>>>;
      const id = nextId++;
      const text = JSON.stringify({ id, call: name, args });
      return new Promise((resolve) => {
        pending.set(id, resolve as (result: Result<unknown>) => void);
        if (socket?.readyState === WebSocket.OPEN) socket.send(text);
        else queue.push(text);
      });
    },
    onPush(listener) {
      pushListeners.add(listener);
      return () => pushListeners.delete(listener);
    },
    onConnection(listener) {
      connectionListeners.add(listener);
      listener(state);
      return () => connectionListeners.delete(listener);
    },
  };
}

/** Electron's bridge; else a bundle's files when the page is a bundle's; else `serve`'s socket. */
function hostApi(): Api {
  if (window.tracelens) return bridgeApi(window.tracelens);
  const manifest = bundleManifestUrl();
  return manifest ? bundleApi(manifest) : socketApi();
}

export const api: Api = hostApi();
