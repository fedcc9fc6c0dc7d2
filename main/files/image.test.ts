import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RootGate } from './gate';
import { readImage } from './image';

const CHART = new URL(
  '../../test/fixtures/samples/mm_agent_usage_2026-01/MMAgent/output/MM-Agent/2025_C_20261203-154441/Workspace/charts/chart_1.png',
  import.meta.url,
);

let base: string;
let gate: RootGate;
beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'tracelens-image-'));
  await writeFile(join(base, 'outside.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  gate = await RootGate.open(join(base));
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('an image of the run', () => {
  it('is read as base64 with the type its bytes say, whatever its name', async () => {
    const chart = await RootGate.open(new URL('.', CHART).pathname);
    const read = await readImage(chart, 'chart_1.png');
    expect(read).toMatchObject({ ok: true, value: { mime: 'image/png', size: 26_736 } });
    if (read.ok) expect(Buffer.from(read.value.base64, 'base64').length).toBe(26_736);
    await writeFile(join(base, 'photo.bin'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]));
    expect(await readImage(gate, 'photo.bin')).toMatchObject({ ok: true, value: { mime: 'image/jpeg' } });
  });

  it('says why a file is not shown: not an image, missing, or outside the folder', async () => {
    await writeFile(join(base, 'fake.png'), 'not a picture');
    expect(await readImage(gate, 'fake.png')).toMatchObject({ ok: false, error: { message: 'fake.png: not a PNG, JPEG, GIF or WebP image' } });
    expect(await readImage(gate, 'gone.png')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const inner = await mkdtemp(join(base, 'root-'));
    await symlink(join(base, 'outside.png'), join(inner, 'link.png'));
    expect(await readImage(await RootGate.open(inner), 'link.png')).toMatchObject({ ok: false, error: { code: 'outside-root' } });
  });
});
