import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeDemo } from '../main/demo';
import { TraceIndex } from '../main/traceIndex';
import { describeFsError } from '../main/walk';
import { eventsJson, formatEvents, formatTree, treeJson } from './cliFormat';

const HELP = `tracelens — browse the trace directories of kernel-generating LLM agents

Usage:
  tracelens tree <dir> [--json]        the run → op → task → step tree
  tracelens events <dir> [--json]      summary of the agent event log(s)
  tracelens watch <dir>                print the tree, then every change as it happens
  tracelens demo <dir> [--live] [--ops N] [--tasks N] [--tick MS]
                                       write a realistic demo run into <dir>
  tracelens start                      write a live demo run into a temp folder and watch it
  tracelens --help | --version

Exit status: 0 on success, 1 when the input cannot be read, 2 on a usage error.`;

class UsageError extends Error {}
class InputError extends Error {}

type Out = (text: string) => void;

export async function main(argv: readonly string[], out: Out = (t) => process.stdout.write(t), err: Out = (t) => process.stderr.write(t)): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        live: { type: 'boolean', default: false },
        ops: { type: 'string' },
        tasks: { type: 'string' },
        tick: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
    const [command, ...rest] = positionals;
    if (values.version) {
      out('tracelens 0.1.0\n');
      return 0;
    }
    if (values.help || command === undefined || command === 'help') {
      out(`${HELP}\n`);
      return 0;
    }
    switch (command) {
      case 'tree':
      case 'events': {
        const index = await TraceIndex.open(await folder(rest), { watch: false });
        const snapshot = index.snapshot();
        if (command === 'tree') out(values.json ? `${JSON.stringify(treeJson(snapshot), null, 2)}\n` : formatTree(snapshot));
        else {
          if (Object.keys(snapshot.eventLogs).length === 0) throw new InputError(`no agent event log found under ${snapshot.root}`);
          out(values.json ? `${JSON.stringify(eventsJson(snapshot), null, 2)}\n` : formatEvents(snapshot));
        }
        return 0;
      }
      case 'watch':
        return await watchCommand(await folder(rest), out);
      case 'demo': {
        const dir = rest[0];
        if (!dir) throw new UsageError('demo needs a folder to write into: tracelens demo <dir>');
        const target = resolve(dir);
        const tickMs = values.live ? count(values.tick, 'tick', 400) : 0;
        const { files, ticks } = await writeDemo(target, {
          ops: count(values.ops, 'ops', 2),
          tasksPerOp: count(values.tasks, 'tasks', 3),
          tickMs,
          ...(values.live ? { onTick: (done: number, total: number) => err(`\rwriting demo run: ${done}/${total} steps`) } : {}),
        });
        if (values.live) err('\n');
        out(`wrote a demo run of ${files} files in ${ticks} steps to ${target}\n`);
        return 0;
      }
      case 'start': {
        const dir = await mkdtemp(join(tmpdir(), 'tracelens-demo-'));
        err(`The app window comes with the UI; for now this writes a live demo run into ${dir} and watches it here.\n`);
        const writing = writeDemo(dir, { tickMs: 300 });
        const exitCode = watchCommand(dir, out);
        await writing;
        return await exitCode;
      }
      default:
        throw new UsageError(`unknown command "${command}" (try tracelens --help)`);
    }
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
      err(`tracelens: ${error.message}\n`);
      return 2;
    }
    err(`tracelens: ${error instanceof InputError ? error.message : describeFsError(error)}\n`);
    return 1;
  }
}

async function folder(rest: readonly string[]): Promise<string> {
  const dir = rest[0];
  if (!dir) throw new UsageError('a folder is needed, e.g. tracelens tree ~/aikg_logs/Task_abc');
  const absolute = resolve(dir);
  const stats = await stat(absolute).catch((error: unknown) => {
    throw new InputError(`${absolute}: ${describeFsError(error)}`);
  });
  if (!stats.isDirectory()) throw new InputError(`${absolute}: is not a folder`);
  return absolute;
}

function count(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 100_000) throw new UsageError(`--${name} takes a whole number, not "${value}"`);
  return number;
}

async function watchCommand(dir: string, out: Out): Promise<number> {
  const index = await TraceIndex.open(dir, { watch: true });
  out(formatTree(index.snapshot()));
  out(`\nwatching ${dir} (Ctrl+C to stop)\n`);
  index.onDelta((delta) => {
    const parts = [
      delta.added.length > 0 ? `+${delta.added.length} files` : '',
      delta.changed.length > 0 ? `~${delta.changed.length} changed` : '',
      delta.removed.length > 0 ? `-${delta.removed.length} removed` : '',
    ].filter(Boolean);
    const tasks = delta.tasks.map((change) => {
      const task = change.task;
      if (!task) return `${change.opPath} task ${change.id} gone`;
      const last = task.steps[task.steps.length - 1];
      return `${change.opPath} task ${task.id}: ${task.attempts} attempts${last ? `, S${String(last.step).padStart(2, '0')} ${last.status}` : ''}`;
    });
    out(`[v${delta.version}] ${parts.join(' ')}${tasks.length > 0 ? `\n  ${tasks.join('\n  ')}` : ''}\n`);
    for (const [logDir, summary] of Object.entries(delta.eventLogs)) out(`  events ${logDir}: ${summary.total_events}\n`);
  });
  index.onStatus((status) => out(`[status] ${status.state}${'message' in status ? `: ${status.message}` : ''}\n`));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await index.close();
  return 0;
}
