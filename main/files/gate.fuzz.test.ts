import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../core';
import { TraceIndex } from '../index/traceIndex';

/**
 * Generated paths (`..`, absolute, percent-encoded, NUL, Windows separators, drive letters, UNC,
 * long, through links) at every call that takes one: each is answered with a Result, and nothing
 * outside the root comes back. CI runs a few hundred cases; `FUZZ_RUNS` raises it.
 */
const RUNS = Math.max(300, Math.floor(Number(process.env.FUZZ_RUNS ?? 2000) / 10));
const SECRET = 'FUZZ-OUTSIDE-93b1';

let base: string;
let core: Core;
let index: TraceIndex;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'tracelens-gate-fuzz-'));
  const root = join(base, 'root');
  await mkdir(join(root, 'op', 'sub'), { recursive: true });
  await writeFile(join(base, 'secret.txt'), SECRET);
  await writeFile(join(root, 'op', 'I0_S01_op_DoCoder_result.txt'), 'inside\n');
  await symlink(join(base, 'secret.txt'), join(root, 'op', 'out.txt'));
  await symlink(base, join(root, 'op', 'sub', 'up'));
  index = await TraceIndex.open(root, { watch: false });
  core = createCore(index);
});

afterAll(async () => {
  await index.close();
  await rm(base, { recursive: true, force: true });
});

const segment = fc.oneof(
  fc.constantFrom(
    '..',
    '.',
    '',
    'op',
    'sub',
    'up',
    'out.txt',
    'secret.txt',
    'I0_S01_op_DoCoder_result.txt',
    '%2e%2e',
    '%2f',
    '..\\..',
    'C:',
    '\\\\server',
    '\0',
    '~',
    '..dotdot',
    ' ',
    '\u202e',
  ),
  fc.string({ maxLength: 12 }),
);
const path = fc.oneof(
  fc.array(segment, { maxLength: 8 }).chain((parts) => fc.constantFrom('/', '\\').map((separator) => parts.join(separator))),
  fc.array(segment, { maxLength: 8 }).map((parts) => `/${parts.join('/')}`),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.nat({ max: 6000 }).map((n) => 'a/'.repeat(n)),
);

describe('the gate, fuzzed through the contract', () => {
  it('answers every generated path with a Result and never with anything from outside', async () => {
    await fc.assert(
      fc.asyncProperty(path, async (generated) => {
        for (const [call, args] of [
          ['file.read', { path: generated }],
          ['file.read', { path: generated, offset: 0, length: 64 }],
          ['folder.files', { path: generated }],
          ['events.overview', { dir: generated }],
          ['events.get', { dir: generated, seq: 0 }],
        ] as const) {
          const result = await core.call(call, args);
          expect(typeof result.ok).toBe('boolean');
          const text = JSON.stringify(result);
          expect(text).not.toContain(SECRET);
          if (call === 'folder.files' && result.ok) expect(index.paths()).toEqual(expect.arrayContaining(result.value as string[]));
          if (call === 'file.read' && result.ok) expect((result.value as { text: string }).text).toBe('inside\n');
        }
      }),
      { numRuns: RUNS },
    );
  });
});
