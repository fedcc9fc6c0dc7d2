import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { autopsyMarkdown } from '../shared/analysis/autopsyMarkdown';
import { runAutopsy } from '../main/autopsy';
import { ErrorLogs } from '../main/errorLogs';
import { createCore } from '../main/core';
import { writeDemo } from '../main/demo';
import { TraceIndex } from '../main/index/traceIndex';
import { describeFsError, RootGate } from '../main/files/gate';
import { jsonBatches } from './jsonPieces';
import { CLI_JSON_SCHEMA, eventsJson, forTerminal, formatEvents, formatTree, treeJson } from './cliFormat';
import { bytesText, countText, plural } from '../shared/analysis/format';
import { checkJson, formatCheck, formatComparison, formatSummary } from './cliSummary';
import { IntegrityChecks } from '../main/integrity';
import { EventQueries } from '../main/events/eventQueries';
import { isAtLeast } from '../shared/model/integrity';
import { RunSummaries } from '../main/summary';
import { compareRuns } from '../shared/analysis/runCompare';
import type { RunSummary, SummaryDocument } from '../shared/model/summary';
import { findElectron, findRendererDir, packageRoot } from './paths';
import { otlpTarget } from './otlpTarget';
import { whyNotOut, writeBundle } from './bundle';
import { BUNDLE_MAX_EVENTS, BUNDLE_MAX_FILE_BYTES } from '../shared/bundle';
import { stepCount } from '../shared/analysis/treeQuery';
import { stepLabel } from '../shared/model/stepLabel';

const HELP = `tracelens — browse the trace directories of kernel-generating LLM agents

Usage:
  tracelens [<dir>]                    open the app on <dir> (no <dir>: a live demo run)
  tracelens serve [<dir>] [--port N] [--host H] [--demo]
                                       browser mode: serve the app on 127.0.0.1 and print its URL
  tracelens tree <dir> [--json]        the run → op → task → step tree
  tracelens events <dir> [--json]      summary of the agent event log(s)
  tracelens summary <dir> [--json]     how each run went: pass rates, attempts to pass, best kernel per op
  tracelens check <dir> [--json] [--fail-on hack|suspicious|never]
                                       which kernels cannot be trusted (reward hacks, impossible timings);
                                       exit 3 when a flag at or above --fail-on (default hack) is found
  tracelens compare <baseline> <other> [--json]
                                       two runs of the same ops, op by op (each folder holds one run)
  tracelens autopsy <dir> [--json] [--out FILE]
                                       what failed and why; --out writes it (Markdown for .md, else JSON)
  tracelens bundle <dir> --out <folder> [--max-file-mb N] [--max-events N]
                                       a static, read-only copy of the viewer and the run for any
                                       static web host (files over N MB, default 5, are cut; an
                                       event log keeps its first 200,000 events unless told)
  tracelens export otlp <dir> [--endpoint URL] [--header K=V]... [--protocol P] [--watch]
                                       send each run as OpenTelemetry traces over OTLP/HTTP
                                       (run → op → task → attempt → step; LLM steps as gen_ai spans);
                                       P is http/protobuf (default) or http/json; the standard
                                       OTEL_EXPORTER_OTLP_* variables apply; --max-text BYTES cuts
                                       prompts and completions (default 65536), --max-events N caps
                                       the event log's events on the run span (default 1000)
  tracelens watch <dir>                print the tree, then every change as it happens
  tracelens demo <dir> [--live] [--ops N] [--tasks N] [--tick MS]
                                       write a realistic demo run into <dir>
  tracelens --help | --version

  --json is indented on a terminal and compact in a pipe or a file (jq . indents it).
  --poll (serve, watch, open; or TRACELENS_POLL=1) checks for changes every second instead of
  watching: for network file systems, where change notifications do not arrive.

Exit status: 0 on success, 1 when the input cannot be read, 2 on a usage error, 3 when check
found a flag at or above --fail-on.`;

/** For the commands that ask no spans of the event logs: a big log's parts do not read its payloads for them. */
const NO_SPANS = { watch: false, spans: false } as const;

/** Compact --json is cut into pieces down to this depth (a tree's tasks), and written in batches of them. */
const JSON_DEPTH = 6;

/** `check` found what it was told to fail on (distinct from 1, unreadable input, and 2, usage). */
const EXIT_FLAGGED = 3;

class UsageError extends Error {}
class InputError extends Error {}

type Out = (text: string) => void;
/** A line that rewrites itself while long work goes on (on a terminal only), and its end. */
export interface Progress {
  say(text: string): void;
  done(): void;
}

export async function main(
  argv: readonly string[],
  toStdout: Out = (t) => process.stdout.write(t),
  toStderr: Out = (t) => process.stderr.write(t),
  /** Whether standard output is a terminal (default: as it is); its control characters are then made visible. */
  isStdoutTerminal: boolean = process.stdout.isTTY === true,
  /** Whether standard error is a terminal: progress lines are drawn there, and left out of a file or a pipe. */
  isStderrTerminal: boolean = process.stderr.isTTY === true,
): Promise<number> {
  // Names and log text may hold terminal escape sequences. What a terminal shows has them made
  // visible (as `ls` does); what goes to a file or a pipe stays exact data (and escaping a 34 MB
  // tree --json costs ~40 ms). The one-line messages on stderr are always escaped.
  const out: Out = isStdoutTerminal ? (text) => toStdout(forTerminal(text)) : toStdout;
  // --json is indented for a reader at a terminal; a pipe or a file gets it compact (jq and
  // editors indent it again): a 100k-file tree is 20 MB instead of 39, and ~0.2 s sooner. Compact
  // JSON is written a megabyte at a time as it is made (jsonPieces.ts: ~50 ms sooner for that tree).
  const outJson = (value: unknown): void => {
    if (isStdoutTerminal) return out(`${JSON.stringify(value, null, 2)}\n`);
    for (const batch of jsonBatches(value, JSON_DEPTH)) toStdout(batch);
    toStdout('\n');
  };
  const err: Out = (text) => toStderr(forTerminal(text));
  const progress: Progress = isStderrTerminal
    ? { say: (text) => toStderr(`\r${forTerminal(text)}\x1b[K`), done: () => toStderr('\n') }
    : { say: () => undefined, done: () => undefined };
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
        port: { type: 'string' },
        host: { type: 'string' },
        demo: { type: 'boolean', default: false },
        out: { type: 'string' },
        'fail-on': { type: 'string', default: 'hack' },
        endpoint: { type: 'string' },
        header: { type: 'string', multiple: true },
        protocol: { type: 'string' },
        'max-text': { type: 'string' },
        'max-events': { type: 'string' },
        watch: { type: 'boolean', default: false },
        'max-file-mb': { type: 'string' },
        poll: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
    const [command, ...rest] = positionals;
    if (values.version) {
      out('tracelens 0.1.0\n');
      return 0;
    }
    if (values.help || command === 'help') {
      out(`${HELP}\n`);
      return 0;
    }
    switch (command) {
      case 'tree':
      case 'events': {
        // Of the two, only `events` asks the logs for spans (TraceIndexOptions.spans).
        const index = await TraceIndex.open(await folder(rest), { watch: false, spans: command === 'events' });
        const snapshot = index.snapshot();
        if (command === 'tree') {
          if (values.json) outJson(treeJson(snapshot));
          else out(formatTree(snapshot));
        } else {
          if (Object.keys(snapshot.eventLogs).length === 0) throw new InputError(`no agent event log found under ${snapshot.root}`);
          const queries = new EventQueries(index);
          const costs = new Map(await Promise.all(Object.keys(snapshot.eventLogs).map(async (dir) => [dir, await queries.cost(dir)] as const)));
          const costOf = (dir: string) => costs.get(dir) ?? null;
          if (values.json) outJson(eventsJson(snapshot, costOf));
          else out(formatEvents(snapshot, costOf));
        }
        return 0;
      }
      case 'summary': {
        const index = await TraceIndex.open(await folder(rest), { watch: false });
        const summary = await new RunSummaries(index).summary();
        if (values.json) outJson({ schema: CLI_JSON_SCHEMA, ...summary });
        else out(formatSummary(summary));
        return 0;
      }
      case 'check': {
        const failOn = values['fail-on'];
        if (failOn !== 'hack' && failOn !== 'suspicious' && failOn !== 'never')
          throw new UsageError(`--fail-on takes hack, suspicious or never, not "${failOn}"`);
        const index = await TraceIndex.open(await folder(rest), { watch: false, eventLogs: false });
        const report = await new IntegrityChecks(index).report();
        if (report.checked === 0 && report.unread.length === 0) throw new InputError(`no coder attempt to check under ${index.root}`);
        if (values.json) outJson(checkJson(index.root, report));
        else out(formatCheck(report));
        return failOn !== 'never' && report.flags.some((flag) => isAtLeast(flag.severity, failOn)) ? EXIT_FLAGGED : 0;
      }
      case 'compare': {
        if (rest.length !== 2) throw new UsageError('compare needs two folders: tracelens compare <baselineDir> <otherDir>');
        const [baseline, other] = await Promise.all(
          rest.map(async (dir) => oneRun(await new RunSummaries(await TraceIndex.open(await folder([dir]), { watch: false })).summary())),
        );
        const comparison = compareRuns(baseline!.run, other!.run);
        const named = { ...comparison, baseline: baseline!.root, other: other!.root, baselineRun: comparison.baseline, otherRun: comparison.other };
        if (values.json) outJson({ schema: CLI_JSON_SCHEMA, ...named });
        else out(formatComparison(named));
        return 0;
      }
      case 'autopsy': {
        const index = await TraceIndex.open(await folder(rest), NO_SPANS);
        const autopsy = { root: index.root, ...(await runAutopsy(index, new IntegrityChecks(index), new ErrorLogs(index))) };
        if (autopsy.agent.length === 0 && !autopsy.kernel) throw new InputError(`nothing to analyse under ${index.root}: no agent event log and no kernel run`);
        const markdown = autopsyMarkdown(autopsy, index.root);
        const report = { schema: CLI_JSON_SCHEMA, ...autopsy };
        if (values.out) {
          const target = resolve(values.out);
          await refuseInside(index, target);
          await writeFile(target, target.endsWith('.md') ? markdown : `${JSON.stringify(report, null, 2)}\n`);
          err(`wrote the autopsy to ${target}\n`);
        }
        if (values.json) outJson(report);
        else if (!values.out) out(markdown);
        return 0;
      }
      case 'watch':
        return await watchCommand(await folder(rest), values.poll, out);
      case 'demo': {
        const dir = rest[0];
        if (!dir) throw new UsageError('demo needs a folder to write into: tracelens demo <dir>');
        const target = resolve(dir);
        const tickMs = values.live ? count(values.tick, 'tick', 400) : 0;
        const { files } = await writeDemo(target, {
          ops: count(values.ops, 'ops', 2),
          tasksPerOp: count(values.tasks, 'tasks', 3),
          tickMs,
          ...(values.live ? { onTick: (done: number, total: number) => progress.say(`writing demo run: ${done}/${total} steps`) } : {}),
        });
        if (values.live) progress.done();
        // What the tree shows of it: the steps a user will find, not the writer's ticks.
        const index = await TraceIndex.open(target, NO_SPANS);
        const { tree } = index.snapshot();
        const { runs } = tree;
        const steps = stepCount(tree);
        const ops = runs.reduce((n, run) => n + run.ops.length, 0);
        out(`wrote a demo run of ${plural(files, 'file')} to ${target}: ${plural(runs.length, 'run')}, ${plural(ops, 'op')}, ${plural(steps, 'step')}\n`);
        return 0;
      }
      case 'bundle': {
        if (!values.out) throw new UsageError('bundle needs a folder to write into: tracelens bundle <dir> --out <folder>');
        const rendererDir = findRendererDir();
        if (!rendererDir) throw new InputError('the UI is not built: run `npm run build` in the TraceLens checkout');
        const index = await TraceIndex.open(await folder(rest), NO_SPANS);
        try {
          const target = resolve(values.out);
          await refuseInside(index, target);
          const whyNot = await whyNotOut(target);
          if (whyNot) throw new UsageError(whyNot);
          const maxFileBytes = count(values['max-file-mb'], 'max-file-mb', BUNDLE_MAX_FILE_BYTES / 2 ** 20) * 2 ** 20;
          const maxEvents = count(values['max-events'], 'max-events', BUNDLE_MAX_EVENTS, 10_000_000);
          const report = await writeBundle(index, target, { maxFileBytes, maxEvents, rendererDir }, progress);
          out(
            `wrote a bundle of ${plural(report.files, 'file')} (${bytesText(report.bytes)}) and ${plural(report.events, 'event')} to ${target}\n` +
              (report.cut + report.leftOut + report.logsCut > 0
                ? `  left out: ${[
                    `${plural(report.cut, 'file')} cut at ${maxFileBytes / 2 ** 20} MB`,
                    `${plural(report.leftOut, 'file')} not copied (binary or not readable)`,
                    `${plural(report.logsCut, 'event log')} cut at ${countText(maxEvents)} events`,
                  ]
                    .filter((part) => !part.startsWith('0 '))
                    .join(', ')}; bundle/manifest.json lists each\n`
                : '') +
              `  view it from any static web server, e.g. python3 -m http.server -d ${target} 8000, then http://localhost:8000/\n`,
          );
          return 0;
        } finally {
          await index.close();
        }
      }
      case 'export': {
        const [format, ...dirs] = rest;
        if (format !== 'otlp') throw new UsageError('export needs a format and a folder: tracelens export otlp <dir> --endpoint URL');
        const target = otlpTarget(values, process.env);
        if ('problem' in target) throw new UsageError(target.problem);
        const { exportOtlp } = await import('./exportCommand');
        const stopped = new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        return await exportOtlp(
          await folder(dirs),
          {
            target,
            maxTextBytes: count(values['max-text'], 'max-text', 64 * 1024, 16 * 2 ** 20),
            maxEvents: count(values['max-events'], 'max-events', 1000, 10_000_000),
            watch: values.watch,
            settleMs: 30_000,
            usePolling: values.poll,
            stopped,
          },
          out,
          err,
          progress,
        );
      }
      case 'serve': {
        const dir = values.demo || rest.length === 0 ? await liveDemoDir(err) : await folder(rest);
        return await serveCommand(dir, { port: count(values.port, 'port', 0, 65_535), host: values.host ?? '127.0.0.1', usePolling: values.poll }, out, err);
      }
      case undefined:
      case 'start':
      case 'open': {
        const dir = rest.length === 0 ? await liveDemoDir(err) : await folder(rest);
        return await openApp(dir, values.poll, out, err);
      }
      default: {
        // `tracelens <dir>`: a folder where a command would be opens the app on it.
        const isFolder = await RootGate.open(command).then(
          () => true,
          () => false,
        );
        if (isFolder) return await openApp(resolve(command), values.poll, out, err);
        throw new UsageError(`unknown command "${command}" (try tracelens --help)`);
      }
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

/** The one kernel run of a folder given to `compare`, or why it is not one. */
function oneRun(summary: SummaryDocument): { root: string; run: RunSummary } {
  const runs = summary.runs.filter((run) => run.kind !== 'agent');
  if (runs.length === 1) return { root: join(summary.root, runs[0]!.path), run: runs[0]! };
  if (runs.length === 0) throw new InputError(`no kernel or AutoResearch run under ${summary.root}`);
  throw new InputError(
    `${summary.root} holds ${runs.length} kernel runs (${runs
      .map((run) => run.path || '.')
      .sort()
      .join(', ')}): compare one run folder with another`,
  );
}

async function folder(rest: readonly string[]): Promise<string> {
  const dir = rest[0];
  if (!dir) throw new UsageError('a folder is needed, e.g. tracelens tree ~/aikg_logs/Task_abc');
  const absolute = resolve(dir);
  await RootGate.open(absolute).catch((error: unknown) => {
    throw new InputError(`${absolute}: ${describeFsError(error)}`);
  });
  return absolute;
}

/** TraceLens never writes into a folder it reads (DESIGN.md): not even where a link leads into it. */
async function refuseInside(index: TraceIndex, target: string): Promise<void> {
  if (await index.gate.wouldLandInside(target))
    throw new UsageError(`--out ${target} is inside the folder being read (${index.root}); TraceLens never writes there: choose a path outside it`);
}

function count(value: string | undefined, name: string, fallback: number, max = 100_000): number {
  if (value === undefined) return fallback;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new UsageError(`--${name} takes a whole number, not "${value}"`);
  if (number > max) throw new UsageError(`--${name} takes at most ${max}, not ${value}`);
  return number;
}

async function watchCommand(dir: string, usePolling: boolean, out: Out): Promise<number> {
  const index = await TraceIndex.open(dir, { watch: true, spans: false, ...(usePolling ? { usePolling } : {}) });
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
      return `${change.opPath} task ${task.id}: ${task.attempts} attempts${last ? `, ${stepLabel(last.step)} ${last.status}` : ''}`;
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

/** A temp folder that a live demo run is being written into (the built-in demo). */
async function liveDemoDir(err: Out): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tracelens-demo-'));
  err(`writing a live demo run into ${dir}\n`);
  void writeDemo(dir, { tickMs: 400 });
  return dir;
}

async function serveCommand(dir: string, options: { port: number; host: string; usePolling: boolean }, out: Out, err: Out): Promise<number> {
  // Loaded here, not with the CLI: the other commands do not pay for the server and its WebSocket library (~30 ms).
  const { isLoopback, serverHostNames, startServer } = await import('./server/server');
  const rendererDir = findRendererDir();
  if (!rendererDir) throw new InputError('the UI is not built: run `npm run build` in the TraceLens checkout');
  if (!isLoopback(options.host)) err(`warning: serving on ${options.host}: anyone who can reach this address and has the token can read ${dir}\n`);
  // The page is served while the folder is read: it loads meanwhile and says how far the read is.
  // Followed once the page has its first numbers (the core says when): see TraceIndexOptions.watch.
  const index = await TraceIndex.start(dir, { watch: 'on-follow', ...(options.usePolling ? { usePolling: true } : {}) });
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ core: createCore(index), rendererDir, host: options.host, port: options.port });
  } catch (error) {
    await index.close();
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      throw new InputError(`port ${options.port} is already in use on ${options.host}: pick another with --port N (or leave it out for a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new InputError(`cannot serve on ${options.host}: it is not an address of this machine`);
    if (code === 'EACCES') throw new InputError(`not allowed to serve on port ${options.port} (ports below 1024 need privileges): pick another with --port N`);
    throw error;
  }
  out(`TraceLens is serving ${dir} at ${server.url}\n`);
  if (options.host === '0.0.0.0' || options.host === '::') {
    // On every address: the ones a colleague's browser can use (each is also an allowed Host).
    for (const name of serverHostNames(options.host, server.port)) {
      if (!/^(127\.|0\.0\.0\.0|\[::\]|\[::1\]|\[fe80|localhost)/i.test(name)) out(`  also at http://${name}/?token=${server.token}\n`);
    }
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await index.close();
  return 0;
}

/** The desktop app when Electron can start here; browser mode, said in one line, when it cannot. */
async function openApp(dir: string, usePolling: boolean, out: Out, err: Out): Promise<number> {
  const electron = findElectron();
  if ('missing' in electron) {
    err(`Electron cannot start here (${electron.missing}); opening browser mode instead.\n`);
    return serveCommand(dir, { port: 0, host: '127.0.0.1', usePolling }, out, err);
  }
  const child = spawn(electron.path, [join(packageRoot(), 'dist', 'electron', 'main.js'), dir], {
    stdio: 'inherit',
    env: { ...process.env, ...(usePolling ? { TRACELENS_POLL: '1' } : {}) },
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 0)));
}
