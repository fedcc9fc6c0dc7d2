/**
 * `tracelens bundle <dir> --out <folder>`: a static, read-only copy of the viewer and the run, for
 * any static web host. The page (renderer/lib/bundle.ts) answers every call from what is written
 * here: the tree, summaries, integrity report and autopsy as the core computed them, the run's
 * files (cut at a cap; binaries other than images listed, not copied) and each event log's events
 * (the timeline's questions are answered in the page, shared/analysis/eventQuery.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { appendFile, mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CallValues } from '../shared/contract';
import { BUNDLE_EVENT_PAYLOAD_CHARS, BUNDLE_FORMAT, BUNDLE_META, type BundledFile, type BundleManifest } from '../shared/bundle';
import { withPayloadCut } from '../shared/model/events';
import { fileKindOf } from '../shared/parse/fileKind';
import { imageMime } from '../shared/parse/imageType';
import { looksBinary, SNIFF_BYTES } from '../shared/parse/text';
import { createCore } from '../main/core';
import { describeFsError } from '../main/files/gate';
import type { TraceIndex } from '../main/index/traceIndex';
import type { Progress } from './cli';
import { readPageFiles } from './paths';

export interface BundleOptions {
  /** Files larger than this are cut to it (said in the manifest and on screen). */
  readonly maxFileBytes: number;
  /** An event log's events beyond this many are left out (said in the manifest and on screen). */
  readonly maxEvents: number;
  /** The built renderer (index.html and assets/). */
  readonly rendererDir: string;
}

export interface BundleReport {
  readonly files: number;
  readonly bytes: number;
  readonly cut: number;
  /** Files not copied (binary, not readable). */
  readonly leftOut: number;
  /** Event logs of which only the first maxEvents are in the bundle. */
  readonly logsCut: number;
  readonly events: number;
}

const EVENTS_AT_ONCE = 10_000;

/** Why `out` cannot take a bundle; null when it can (a new or an empty folder). Outside the folder read: the caller's check. */
export async function whyNotOut(out: string): Promise<string | null> {
  const inside = await readdir(out).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? [] : null));
  if (inside === null) return `--out ${out} cannot be written to (not a folder, or not allowed)`;
  return inside.length > 0 ? `--out ${out} is not empty: a bundle goes into a new or empty folder` : null;
}

export async function writeBundle(index: TraceIndex, out: string, options: BundleOptions, progress: Progress): Promise<BundleReport> {
  const core = createCore(index);
  const answer = async <T>(name: 'runs.summary' | 'integrity.check' | 'autopsy.run'): Promise<T> => {
    const result = await core.call(name, {});
    if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
    return result.value as T;
  };
  const snapshot = index.snapshot();
  await copyPage(options.rendererDir, out);

  // The run's files, each through the gate: cut at the cap, binaries (but images) listed only.
  const files: Record<string, BundledFile> = {};
  const leftOut: Array<{ path: string; reason: string }> = [];
  let bytes = 0;
  let cut = 0;
  const paths = index.paths().sort();
  const made = new Set<string>();
  /** One file, read and written synchronously: for 100k small files, the thread pool's queue and a promise per call cost more than the disk (109 s → 41 s → …). */
  const copy = (path: string): void => {
    const opened = index.gate.openFileSync(path);
    if (!opened.ok) {
      leftOut.push({ path, reason: opened.error.message });
      return;
    }
    const file = opened.value;
    const { size, modifiedMs } = file;
    let kept: Buffer;
    try {
      kept = Buffer.allocUnsafe(Math.min(size, options.maxFileBytes));
      kept = kept.subarray(0, file.readAt(kept, 0));
    } catch (error) {
      leftOut.push({ path, reason: describeFsError(error) });
      return;
    } finally {
      file.close();
    }
    const about = { size, modifiedMs, kind: fileKindOf(path, index.info(path)) };
    const sniff = kept.subarray(0, SNIFF_BYTES);
    if (looksBinary(sniff) && !imageMime(sniff)) {
      leftOut.push({ path, reason: `binary (${size} bytes): listed, not copied` });
      files[path] = { ...about, kept: 0, isBinary: true };
      return;
    }
    if (kept.length < size) {
      cut++;
      leftOut.push({ path, reason: `cut to its first ${kept.length} of ${size} bytes` });
    }
    const target = join(out, 'bundle', 'files', ...path.split('/'));
    const folder = dirname(target);
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    writeFileSync(target, kept);
    files[path] = { ...about, kept: kept.length, isBinary: false };
    bytes += kept.length;
  };
  for (const [n, path] of paths.entries()) {
    if (n % 500 === 0) progress.say(`copying the run's files: ${n}/${paths.length}`);
    copy(path);
  }
  progress.say(`copying the run's files: ${paths.length}/${paths.length}`);
  progress.done();

  // Each event log's events, one JSON line each, payloads cut; written slice by slice, and at
  // most maxEvents of them: the page holds every event it has (a million is a gigabyte there).
  const eventLogs: Record<string, BundleManifest['eventLogs'][string]> = {};
  let events = 0;
  let logsCut = 0;
  for (const [i, [dir, summary]] of Object.entries(snapshot.eventLogs).entries()) {
    const reader = index.eventLog(dir);
    if (!reader) continue;
    const total = reader.columns.count;
    const count = Math.min(total, options.maxEvents);
    if (count < total) {
      logsCut++;
      leftOut.push({ path: dir, reason: `its first ${count} of ${total} events (--max-events)` });
    }
    const file = `bundle/events/${i}.jsonl`;
    await mkdir(join(out, 'bundle', 'events'), { recursive: true });
    await writeFile(join(out, file), '');
    let written = 0;
    for (let from = 0; from < count; from += EVENTS_AT_ONCE) {
      progress.say(`writing ${dir}'s events: ${from}/${count}`);
      const lines: string[] = [];
      reader.scan(from, Math.min(count, from + EVENTS_AT_ONCE), (event) =>
        lines.push(`${JSON.stringify(withPayloadCut(event, BUNDLE_EVENT_PAYLOAD_CHARS))}\n`),
      );
      await appendFile(join(out, file), lines.join(''));
      written += lines.length;
    }
    progress.done();
    const cost = await core.call('events.cost', { dir });
    eventLogs[dir] = { file, count: written, total, summary, cost: cost.ok ? (cost.value as CallValues['events.cost']) : null };
    events += written;
  }

  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    takenAt: new Date().toISOString(),
    maxFileBytes: options.maxFileBytes,
    snapshot: { ...snapshot, status: { state: 'ready' } },
    summary: await answer('runs.summary'),
    integrity: await answer('integrity.check'),
    autopsy: await answer('autopsy.run'),
    // In path order, however the copies finished.
    files: Object.fromEntries(paths.flatMap((path) => (files[path] ? [[path, files[path]]] : []))),
    leftOut: leftOut.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    eventLogs,
  };
  await writeFile(join(out, 'bundle', 'manifest.json'), JSON.stringify(manifest));
  return { files: Object.values(files).filter((file) => !file.isBinary).length, bytes, cut, leftOut: leftOut.length - cut - logsCut, logsCut, events };
}

/** The built page as `serve` holds it (readPageFiles: no source maps), its index.html told where the bundle is. */
async function copyPage(rendererDir: string, out: string): Promise<void> {
  for (const [name, bytes] of readPageFiles(rendererDir)) {
    await mkdir(dirname(join(out, name)), { recursive: true });
    const html = name === 'index.html' ? Buffer.from(bytes).toString('utf8') : null;
    await writeFile(
      join(out, name),
      html === null ? bytes : html.replace('</head>', `  <meta name="${BUNDLE_META}" content="bundle/manifest.json" />\n  </head>`),
    );
  }
}
