/**
 * Every call of the contract, over the real WebSocket of `serve`, through the Electron host's IPC
 * handler and from the CLI, against a root full of ways out: links to a file, a folder, relative,
 * absolute, chained, to /etc/passwd, to a FIFO and to /dev/zero, each named like what the index
 * reads (records, event logs, verification results, speed-up records, error logs). No byte of what
 * lies outside may come back, nothing may hang, and each such file is listed with why it is not read.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { CALL_NAMES, type CallName } from '../shared/contract';
import { createCore, type Core } from '../main/core';
import { NOT_READ } from '../main/files/gate';
import { TraceIndex } from '../main/index/traceIndex';
import { main } from './cli';
import { answerCall } from './electron/ipc';
import { type RunningServer, startServer } from './server/server';

const SECRET = 'OUTSIDE-SECRET-4f1c9';
const RENDERER = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const EVENT = (text: string) => `[2026-01-19T10:20:00] (+0.100s) [ERROR] llm_call_error: {'stage': 'design', 'error': '${text}'}\n`;

let base: string;
let root: string;
let index: TraceIndex;
let core: Core;
let server: RunningServer;
let passwdLine: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'tracelens-confine-'));
  root = join(base, 'root');
  const outside = join(base, 'outside');
  await mkdir(join(outside, 'logs'), { recursive: true });
  await writeFile(join(outside, 'secret.txt'), `${SECRET}\n`);
  await writeFile(join(outside, 'logs', 'execution_tracker_readable.txt'), EVENT(SECRET));
  await writeFile(join(outside, 'verification_results.jsonl'), JSON.stringify({ op_name: SECRET, task_id: '0', passed: true, error_log: SECRET }));
  await writeFile(join(outside, 'speed_up_record.txt'), `${SECRET} base_time: 8642013 us generation_time: 1 us speedup: 8642013\n`);
  execFileSync('mkfifo', [join(outside, 'pipe')]);
  passwdLine = (await readFile('/etc/passwd', 'utf8')).split('\n')[0]!;

  const run = join(root, 'Task_x');
  const op = join(run, 'relu');
  await mkdir(join(op, 'profiling'), { recursive: true });
  await mkdir(join(op, 'I0_S02_verify'), { recursive: true });
  await writeFile(join(op, 'I0_S01_relu_DoDesigner_result.txt'), 'an honest design\n');
  await symlink(join(outside, 'secret.txt'), join(op, 'I0_S02_relu_DoCoder_result.txt')); // absolute
  await symlink('../../../outside/secret.txt', join(op, 'I0_S02_relu_DoCoder_prompt.txt')); // relative
  await symlink(join(op, 'I0_S02_relu_DoCoder_result.txt'), join(op, 'I0_S02_relu_DoCoder_reasoning.txt')); // chained
  await symlink('/etc/passwd', join(run, 'notes.txt'));
  await symlink('/dev/zero', join(op, 'I0_S03_relu_DoTester_error_log.txt'));
  await symlink('/dev/zero', join(op, 'I0_S02_verify', 'relu_impl.py'));
  await symlink(join(outside, 'pipe'), join(op, 'profiling', 'speed_up_record.txt'));
  await symlink(join(outside, 'verification_results.jsonl'), join(run, 'verification_results.jsonl'));
  execFileSync('mkfifo', [join(op, 'I0_S04_relu_FixCoder_result.txt')]);
  // A log folder that is a link out, and a log file that is one.
  await mkdir(join(root, 'agent', 'Memory'), { recursive: true });
  await symlink(join(outside, 'logs'), join(root, 'agent', 'Memory', 'logs'));
  await mkdir(join(root, 'agent2', 'Memory', 'logs'), { recursive: true });
  await symlink(join(outside, 'logs', 'execution_tracker_readable.txt'), join(root, 'agent2', 'Memory', 'logs', 'execution_tracker_readable.txt'));
  // A FIFO as a live event log, beside a real one that must still read.
  await mkdir(join(root, 'agent3', 'Memory', 'logs'), { recursive: true });
  execFileSync('mkfifo', [join(root, 'agent3', 'Memory', 'logs', 'execution_tracker_readable.txt')]);
  await mkdir(join(root, 'agent4', 'Memory', 'logs'), { recursive: true });
  await writeFile(join(root, 'agent4', 'Memory', 'logs', 'execution_tracker_readable.txt'), EVENT('an inside error'));

  index = await TraceIndex.open(root, { watch: false });
  core = createCore(index);
  server = await startServer({ core, rendererDir: RENDERER });
});

afterAll(async () => {
  await server?.close();
  await index?.close();
  await rm(base, { recursive: true, force: true });
});

/** Arguments for every call, each aimed at every way out the root holds. */
function probes(): Array<[CallName, unknown]> {
  const snapshot = index.snapshot();
  const files = [
    ...index.paths(),
    'Task_x/notes.txt',
    'agent/Memory/logs/execution_tracker_readable.txt',
    '../outside/secret.txt',
    '/etc/passwd',
    'agent/Memory/logs/../../../../outside/secret.txt',
  ];
  const dirs = [...Object.keys(snapshot.eventLogs), 'agent/Memory/logs', 'agent2/Memory/logs', 'agent3/Memory/logs', '../outside/logs'];
  const filters = {};
  const calls: Array<[CallName, unknown]> = [
    ['tree.snapshot', {}],
    ['tree.outline', {}],
    ['tree.task', { op: '..', task: '0' }],
    ['autopsy.run', {}],
    ['runs.summary', {}],
    ['integrity.check', {}],
  ];
  for (const path of files) calls.push(['file.read', { path }], ['file.read', { path, offset: 0, length: 1 << 20 }], ['file.image', { path }]);
  for (const path of ['', 'Task_x', 'agent', 'agent/Memory', 'agent/Memory/logs', '..', '/']) calls.push(['folder.files', { path }]);
  for (const text of [SECRET, passwdLine, 'root', '.']) calls.push(['search.run', { text, isRegex: text === '.', isCaseSensitive: false }]);
  for (const under of ['..', '/', 'agent/Memory/logs', 'Task_x'])
    calls.push(['search.run', { text: SECRET, isRegex: false, isCaseSensitive: false, under, kinds: ['result', 'other', 'event log'] }]);
  for (const dir of dirs) {
    calls.push(
      ['events.overview', { dir }],
      ['events.window', { dir, startMs: 0, endMs: Date.now(), columns: 100, laneMode: 'stage', filters }],
      ['events.rows', { dir, filters, offset: 0, limit: 100 }],
      ['events.rows', { dir, filters: { text: 'SECRET' }, offset: 0, limit: 100 }],
      ['events.position', { dir, filters, seq: 0 }],
      ['events.nextError', { dir, filters, seq: -1, direction: 1 }],
      ['events.locate', { dir, timestamp: '2026-01-19T10:20:00', type: 'llm_call_error' }],
      ['events.get', { dir, seq: 0 }],
      ['events.atLine', { dir, line: 1 }],
      ['events.cost', { dir }],
      ['events.span', { dir, seq: 0 }],
      ['events.range', { dir, startMs: 0, endMs: Date.now(), filters }],
    );
  }
  // Every call of the contract is probed.
  expect(new Set(calls.map(([name]) => name))).toEqual(new Set(CALL_NAMES));
  return calls;
}

function expectNothingFromOutside(text: string): void {
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain(passwdLine);
  expect(text).not.toContain('8642013'); // the outside speed-up record's figures
}

describe('confinement to the opened root', () => {
  it('lists each way out with why it is not read, and reads the rest', () => {
    const { tree, eventLogs } = index.snapshot();
    const notRead = Object.fromEntries(tree.notRead.map((file) => [file.path, file.reason]));
    expect(notRead).toMatchObject({
      'Task_x/relu/I0_S02_relu_DoCoder_result.txt': NOT_READ.outside,
      'Task_x/relu/I0_S02_relu_DoCoder_prompt.txt': NOT_READ.outside,
      'Task_x/relu/I0_S02_relu_DoCoder_reasoning.txt': NOT_READ.outside,
      'Task_x/notes.txt': NOT_READ.outside,
      'Task_x/relu/I0_S03_relu_DoTester_error_log.txt': NOT_READ.outside,
      'Task_x/relu/profiling/speed_up_record.txt': NOT_READ.outside,
      'Task_x/verification_results.jsonl': NOT_READ.outside,
      'Task_x/relu/I0_S04_relu_FixCoder_result.txt': 'a FIFO (named pipe): not read',
      'agent/Memory/logs': NOT_READ.outside,
      'agent3/Memory/logs/execution_tracker_readable.txt': 'a FIFO (named pipe): not read',
    });
    // Listed once: a link out is not also an "other file".
    expect(tree.otherFiles.map((file) => file.path)).not.toContain('Task_x/notes.txt');
    // The real log beside the FIFO reads; the linked one gives no events.
    expect(eventLogs['agent4/Memory/logs']?.total_events).toBe(1);
    expect(eventLogs['agent2/Memory/logs']?.total_events ?? 0).toBe(0);
    expectNothingFromOutside(JSON.stringify(index.snapshot()));
  });

  it('answers every call over the WebSocket of serve with nothing from outside', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api?token=${server.token}`, { origin: `http://127.0.0.1:${server.port}` });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    const answers = new Map<number, string>();
    ws.on('message', (raw) => {
      const text = raw.toString();
      const message = JSON.parse(text) as { id?: number };
      if (typeof message.id === 'number') answers.set(message.id, text);
    });
    const calls = probes();
    calls.forEach(([call, args], id) => ws.send(JSON.stringify({ id, call, args })));
    while (answers.size < calls.length) await new Promise((resolve) => setTimeout(resolve, 20));
    ws.close();
    for (const text of answers.values()) expectNothingFromOutside(text);
    const read = (path: string) => JSON.parse([...answers.values()].find((text) => text.includes(`${path}: `)) ?? 'null');
    expect(read('Task_x/notes.txt')).toMatchObject({
      result: { ok: false, error: { code: 'outside-root', message: `Task_x/notes.txt: ${NOT_READ.outside}` } },
    });
  });

  it('answers every call through the Electron IPC handler with nothing from outside, and refuses foreign senders', async () => {
    const windows = new Map([[7, { core }]]);
    const ours = { sender: { id: 7 }, senderFrame: { url: 'app://tracelens/index.html' } };
    for (const [call, args] of probes()) {
      expectNothingFromOutside(JSON.stringify(await answerCall(windows, ours, call, args)));
      for (const stranger of [
        { sender: { id: 8 }, senderFrame: ours.senderFrame },
        { sender: { id: 7 }, senderFrame: { url: 'https://evil.example/' } },
        { sender: { id: 7 }, senderFrame: null },
      ]) {
        expect(await answerCall(windows, stranger, call, args)).toEqual({ ok: false, error: { code: 'invalid-argument', message: 'unknown sender' } });
      }
    }
  });

  it('prints nothing from outside from the CLI, and does not hang on the FIFOs', async () => {
    for (const command of [
      ['tree', root, '--json'],
      ['tree', root],
      ['events', root, '--json'],
      ['autopsy', root, '--json'],
      ['autopsy', root],
    ]) {
      let text = '';
      const code = await main(
        command,
        (t) => (text += t),
        (t) => (text += t),
      );
      expect(code, command.join(' ')).toBe(0);
      expectNothingFromOutside(text);
    }
  });
});
