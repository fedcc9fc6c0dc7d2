import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { REPO, screenshotPath, serve, tempRoot, watchConsole } from './serve';

test('a live run grows on screen while it is written, and following can be paused', async ({ page }) => {
  const root = await tempRoot();
  const server = await serve(root.dir);
  const problems = watchConsole(page);
  try {
    await page.goto(server.url);
    await expect(page.getByRole('heading', { name: 'No trace runs here yet' })).toBeVisible();
    await expect(page.getByRole('button', { name: '● Following live' })).toBeVisible();

    const writer = spawn(process.execPath, [join(REPO, 'bin/tracelens.js'), 'demo', root.dir, '--live', '--ops', '1', '--tasks', '2', '--tick', '150'], {
      stdio: 'ignore',
    });
    // Listened for at once: a fast writer can be done before the page has caught up.
    const writerDone = new Promise((resolve) => writer.once('exit', resolve));
    const tree = page.getByRole('navigation', { name: 'run tree' });
    // New steps arrive without a reload, and the view follows the newest attempt (moving at most
    // once a second, so which op it is on by then depends on the writer's pace).
    await expect(tree.getByRole('button', { name: 'op relu' })).toBeVisible();
    const heading = page.getByRole('article', { name: 'step view' }).getByRole('heading');
    // (The demo's two runs have the same ops: once the second exists, every step is named with its run.)
    await expect(heading).toHaveText(/^(Task_demo0\w+ › )?\S+ › task \S+ › S0[2-9]$/);
    await expect(tree.getByRole('button', { name: /^task 1$/ })).toBeVisible();
    await page.screenshot({ path: screenshotPath('live.png') });

    // Choosing a step pauses following, and says so.
    await tree.getByRole('button', { name: /^relu task 0 step 1 / }).click();
    await expect(page.getByRole('button', { name: '❚❚ Paused — follow newest' })).toBeVisible();
    await page.waitForTimeout(1000);
    await expect(heading).toHaveText(/^(Task_demo0a1 › )?relu › task 0 › S01$/);

    await writerDone;
    // Everything written is there at the end: the last run's ops and its event log.
    await expect(tree.getByRole('button', { name: 'run akg_agents_logs/Task_demo0c3' })).toBeVisible();
    await expect(tree.getByRole('button', { name: /^event log mm_agent_run\/Memory\/logs$/ })).toBeVisible();
    expect(problems).toEqual([]);
  } finally {
    await server.close();
    await root.remove();
  }
});
