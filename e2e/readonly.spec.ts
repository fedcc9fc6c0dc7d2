import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cp, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { readStepDiffFind, REPO, SAMPLES, serve, tempRoot } from './serve';

/** Every path under a folder with its size, mtime and content hash. */
async function fingerprint(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    const info = await stat(path);
    out[path.slice(dir.length)] = entry.isFile()
      ? `${info.size} ${info.mtimeMs} ${createHash('sha256')
          .update(await readFile(path))
          .digest('hex')}`
      : `dir ${info.mtimeMs}`;
  }
  return out;
}

test('a whole session (browse, diff, find, timeline, autopsy, exports) changes nothing in the opened folder', async ({ page }) => {
  const root = await tempRoot('aikg_v1_2026-01');
  await cp(join(SAMPLES, 'mm_agent_documented_mcm_killer'), join(root.dir, 'mm'), { recursive: true });
  const before = await fingerprint(root.dir);
  const server = await serve(root.dir);
  try {
    await page.goto(server.url);
    await readStepDiffFind(page);
    await page.getByRole('button', { name: /^event log mm\/2025_C_20260119-101530\/Memory\/logs$/ }).click();
    await page.getByRole('button', { name: 'next error ▶' }).click();
    await page.getByRole('button', { name: 'Autopsy' }).click();
    for (const name of ['Export JSON', 'Export Markdown']) {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name }).click();
      expect((await download).suggestedFilename()).toMatch(/^tracelens-autopsy\.(json|md)$/);
    }
    const elsewhere = await tempRoot();
    execFileSync(process.execPath, [join(REPO, 'bin/tracelens.js'), 'autopsy', root.dir, '--out', join(elsewhere.dir, 'report.md')], { stdio: 'pipe' });
    execFileSync(process.execPath, [join(REPO, 'bin/tracelens.js'), 'tree', root.dir, '--json'], { stdio: 'pipe' });
    await elsewhere.remove();
  } finally {
    await server.close();
  }
  expect(await fingerprint(root.dir)).toEqual(before);
  await root.remove();
});
