import { appendFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TraceIndex } from '../index/traceIndex';
import { UsageFiles } from './usageFiles';

let root = '';
afterEach(() => rm(root, { recursive: true, force: true }));

const EVENT =
  '{"timestamp": "2026-12-03T15:44:41.932644", "event_type": "system", "event_name": "tracker_initialized", "stage": null, "task": null, "data": {}}\n';

async function write(files: Record<string, string>): Promise<UsageFiles> {
  root = await mkdtemp(join(tmpdir(), 'tracelens-usage-'));
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(root, path, '..'), { recursive: true });
    await writeFile(join(root, path), text);
  }
  return new UsageFiles(await TraceIndex.open(root, { watch: false }));
}

describe('usage files beside an event log', () => {
  it('upstream layout: {run}/usage/ beside {run}/logs/; a log with none has none', async () => {
    const usage = await write({
      'run/logs/trace.jsonl': EVENT,
      'run/usage/A.json': '{"prompt_tokens": 10, "completion_tokens": 2, "total_tokens": 12}',
      'run/usage/B.json': '{"prompt_tokens": 1, "completion_tokens": 1}',
      'bare/Memory/logs/trace.jsonl': EVENT,
    });
    expect(await usage.of('run/logs')).toEqual({
      tokens: [
        { file: 'run/usage/A.json', prompt: 10, completion: 2, total: 12 },
        { file: 'run/usage/B.json', prompt: 1, completion: 1, total: 2 },
      ],
      runtime: null,
      summaries: null,
      warnings: [],
    });
    expect(await usage.of('bare/Memory/logs')).toBeNull();
  });

  it('a file that does not read is said with its path and why; the others are still read', async () => {
    const usage = await write({
      'r/Memory/logs/trace.jsonl': EVENT,
      'r/Memory/usage/task.json': '{"prompt_tokens": 5',
      'r/Memory/usage/runtime.txt': 'soon',
      'r/Memory/logs/latent_summaries.jsonl': '{"prompt_tokens": 3, "summary": "ok"}\n',
    });
    const written = (await usage.of('r/Memory/logs'))!;
    expect(written.tokens).toEqual([]);
    expect(written.runtime).toBeNull();
    expect(written.summaries).toMatchObject({ count: 1, promptTokens: 3 });
    expect(written.warnings).toEqual([
      expect.stringMatching(/^r\/Memory\/usage\/task\.json: cut short/),
      'r/Memory/usage/runtime.txt: not a time in seconds: "soon"',
    ]);
  });

  it('latent summaries appended while the run goes on are read again; a half-written line waits', async () => {
    const usage = await write({ 'r/Memory/logs/trace.jsonl': EVENT, 'r/Memory/logs/latent_summaries.jsonl': '{"prompt_tokens": 3, "summary": "a"}\n' });
    expect((await usage.of('r/Memory/logs'))!.summaries).toMatchObject({ count: 1, promptTokens: 3 });
    await appendFile(join(root, 'r/Memory/logs/latent_summaries.jsonl'), '{"prompt_tokens": 4, "summary": "b"}\n{"prompt_tok');
    expect((await usage.of('r/Memory/logs'))!.summaries).toMatchObject({ count: 2, promptTokens: 7 });
    await rm(join(root, 'r/Memory/logs/latent_summaries.jsonl'));
    expect((await usage.of('r/Memory/logs'))!.warnings).toEqual([expect.stringMatching(/^r\/Memory\/logs\/latent_summaries\.jsonl: /)]);
  });
});
