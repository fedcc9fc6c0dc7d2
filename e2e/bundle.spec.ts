import { execFileSync } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { expect, test } from '@playwright/test';
import { readStepDiffFind, REPO, SAMPLES, screenshotPath, tempRoot, watchConsole } from './serve';

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.ttf': 'font/ttf' };

/** A plain static file server, as any host of a bundle is: no TraceLens, no token, no WebSocket. */
async function staticServer(dir: string): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(dir, path.endsWith('/') ? `${path}index.html` : path);
    readFile(file).then(
      (bytes) => response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(bytes),
      () => response.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

test('a bundle opens from a static server: tree, step, diff, find, timeline and autopsy, said to be a snapshot', async ({ page }) => {
  const root = await tempRoot('aikg_v1_2026-01');
  await cp(join(SAMPLES, 'mm_agent_documented_mcm_killer'), join(root.dir, 'mm'), { recursive: true });
  await writeFile(join(root.dir, 'evil.txt'), `${'a'.repeat(40)}!\n`); // a line that ^(a+)+$ backtracks on without end
  const out = await tempRoot();
  execFileSync(process.execPath, [join(REPO, 'bin/tracelens.js'), 'bundle', root.dir, '--out', join(out.dir, 'share')], { stdio: 'pipe' });
  await root.remove(); // what the bundle shows is in the bundle
  const { url, server } = await staticServer(join(out.dir, 'share'));
  const problems = watchConsole(page);
  try {
    // Opened three days later: "… ago" counts to when the bundle was taken, as its runs' states do.
    await page.clock.setFixedTime(Date.now() + 3 * 86_400_000);
    await page.goto(url);
    const kernelRuns = page.getByRole('table', { name: 'kernel runs' });
    await expect(kernelRuns).toContainText(/running.*\d+ s ago/);
    await expect(kernelRuns).not.toContainText(' d ago');
    await expect(page.getByRole('status').filter({ hasText: /^a bundle: what the folder held at \d{4}-\d\d-\d\d \d\d:\d\d UTC, not followed$/ })).toBeVisible();
    await expect(page.getByRole('button', { name: /Following live|Paused/ })).toHaveCount(0); // nothing to follow
    await readStepDiffFind(page);
    await page.getByRole('button', { name: /^event log mm\/2025_C_20260119-101530\/Memory\/logs$/ }).click();
    await expect(page.getByRole('article', { name: 'timeline' }).getByRole('status')).toHaveText('12 of 12 events');
    await page.getByRole('button', { name: 'next error ▶' }).click();
    await expect(page.getByRole('complementary', { name: 'selected event' })).toContainText('task_error');
    await page.screenshot({ path: screenshotPath('bundle.png') });
    await page.getByRole('button', { name: 'Autopsy' }).click();
    await expect(page.getByText('Critical failures (5)').first()).toBeVisible();
    // A pattern that backtracks for ever stops the search with a reason, not the page.
    await page.keyboard.press('/');
    await page.getByLabel('find text').fill('^(a+)+$');
    await page.getByLabel('regex').check();
    await page.keyboard.press('Enter');
    await expect(page.getByText(/^search stopped: the pattern took over 5 s on 1 MB of text/)).toBeVisible({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Overview' }).click(); // the page still answers
    await expect(page.getByRole('table', { name: 'kernel runs' })).toBeVisible();
    expect(problems).toEqual([]);
  } finally {
    server.close();
    await out.remove();
  }
});
