import { execFileSync, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { holdBack, REPO, SAMPLES, screenshotPath, serve, serveSample, tempRoot, watchConsole } from './serve';

test.describe('timeline and autopsy of the documented tracker sample', () => {
  const served = serveSample('mm_agent_documented_mcm_killer');

  test('the timeline shows the events and spans; filters narrow the table; next error lands on an error', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(served().url);
    await page.getByRole('button', { name: 'event log 2025_C_20260119-101530/Memory/logs' }).click();
    const timeline = page.getByRole('article', { name: 'timeline' });
    await expect(timeline.getByRole('img', { name: /^timeline of 12 events, 3 spans \(1 running\) in 3 lanes$/ })).toBeVisible();
    await expect(timeline.getByRole('region', { name: 'event summary' })).toContainText('INFO 6 · ERROR 5 · WARNING 1');
    const rows = timeline.getByRole('table', { name: 'events' }).getByRole('row');
    await expect(rows).toHaveCount(13); // the header and 12 events
    await timeline.getByLabel('filter by level').selectOption('ERROR');
    await expect(timeline.getByRole('status')).toHaveText('5 of 12 events');
    await expect(rows).toHaveCount(6);
    await timeline.getByLabel('filter by level').selectOption('');
    await timeline.getByLabel('filter by text').fill('RateLimitError');
    await expect(timeline.getByRole('status')).toHaveText('4 of 12 events');
    await timeline.getByLabel('filter by text').fill('');

    await timeline.getByRole('button', { name: 'next error ▶' }).click();
    const detail = timeline.getByRole('complementary', { name: 'selected event' });
    await expect(detail.getByRole('heading')).toHaveText('task_error ERROR');
    await expect(detail).toContainText("invalid literal for int() with base 10: 'N/A'");
    await page.keyboard.press('e');
    await expect(detail.getByRole('heading')).toHaveText('llm_call_error ERROR');
    await expect(page).toHaveURL(/#\/timeline\?dir=2025_C_20260119-101530%2FMemory%2Flogs&event=5$/);
    await page.screenshot({ path: screenshotPath('timeline.png') });
    expect(problems).toEqual([]);
  });

  test('the timeline needs only the outline: its events show while the whole tree is on its way', async ({ page }) => {
    // A big run's whole tree takes seconds to come; the log's summary is in its outline already.
    const release = await holdBack(page, /\/api\/tree(\?|$)/);
    await page.goto(served().url);
    await page.getByRole('button', { name: 'event log 2025_C_20260119-101530/Memory/logs' }).click();
    const timeline = page.getByRole('article', { name: 'timeline' });
    await expect(timeline.getByRole('img', { name: /^timeline of 12 events, 3 spans \(1 running\) in 3 lanes$/ })).toBeVisible();
    await expect(timeline.getByRole('table', { name: 'events' }).getByRole('row')).toHaveCount(13);
    await expect(timeline.getByRole('region', { name: 'event summary' })).toContainText('INFO 6 · ERROR 5 · WARNING 1');
    release();
  });

  test('a Python-repr payload is shown as a tree, with non-literals as written', async ({ page }) => {
    await page.goto(served().url);
    await page.getByRole('button', { name: 'event log 2025_C_20260119-101530_crash/Memory/logs' }).click();
    await page
      .getByRole('table', { name: 'events' })
      .getByRole('row', { name: /checkpoint_save/ })
      .click();
    const detail = page.getByRole('complementary', { name: 'selected event' });
    await expect(detail).toContainText('saved_at: datetime.datetime(2026, 1, 19, 10, 20)');
    await expect(detail).toContainText("path: PosixPath('/tmp/x.json')");
    await expect(page.getByRole('region', { name: 'event summary' })).toContainText('truncated (the writer stopped mid-file)');
  });

  test('the autopsy view shows the same totals as `tracelens autopsy --json`', async ({ page }) => {
    const cli = JSON.parse(
      execFileSync(process.execPath, [join(REPO, 'bin/tracelens.js'), 'autopsy', join(SAMPLES, 'mm_agent_documented_mcm_killer'), '--json'], {
        encoding: 'utf8',
      }),
    );
    await page.goto(served().url);
    await page.getByRole('article', { name: 'overview' }).waitFor();
    await page.keyboard.press('a');
    const autopsy = page.getByRole('article', { name: 'autopsy' });
    for (const agent of cli.agent as Array<{ dir: string; report: { summary: { total_failures: number; autofix_success_rate: string } } }>) {
      const section = autopsy.getByRole('region', { name: `agent events ${agent.dir}` });
      await expect(section.getByLabel('total failures')).toHaveText(`${agent.report.summary.total_failures} failures`);
      await expect(section).toContainText(`${agent.report.summary.autofix_success_rate} fixed`);
    }
    const complete = autopsy.getByRole('region', { name: 'agent events 2025_C_20260119-101530/Memory/logs' });
    await expect(complete).toContainText("says the same as TraceLens's analysis");
    await expect(complete).toContainText('LLM 调用失败 4 次');
    await page.screenshot({ path: screenshotPath('autopsy.png') });
    // A critical failure links to its event on the timeline.
    await complete
      .getByRole('button', { name: /llm_call_error$/ })
      .first()
      .click();
    await expect(page.getByRole('complementary', { name: 'selected event' })).toContainText('RateLimitError 429 (attempt 1)');
  });
});

test('the kernel autopsy links failures to their steps', async ({ page }) => {
  const root = await tempRoot('aikg_v1_2026-01');
  const server = await serve(root.dir);
  try {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Autopsy' }).click();
    const kernel = page.getByRole('region', { name: 'kernel runs' });
    await expect(kernel.getByLabel('kernel totals')).toHaveText('3 tasks in 1 op · 2 passed · 6 attempts · 4 failed');
    await expect(kernel.getByRole('region', { name: 'Failures by error kind' })).toContainText('numerical mismatch3');
    await expect(kernel.getByRole('img', { name: 'speed-up chart of Square_matrix_multiplication_' })).toBeVisible();
    await kernel.getByRole('button', { name: 'Square_matrix_multiplication_ · task 1_0_1 · S04' }).click();
    await expect(page.getByRole('article', { name: 'step view' }).getByRole('heading')).toHaveText('Square_matrix_multiplication_ › task 1_0_1 › S04');
  } finally {
    await server.close();
    await root.remove();
  }
});

/** The autopsy page of a folder that `write` fills, served for the test; `check` looks at it, then server and folder go. */
async function onAutopsy(page: Page, write: (dir: string) => Promise<void> | void, check: () => Promise<void>): Promise<void> {
  const root = await tempRoot();
  await write(root.dir);
  const server = await serve(root.dir);
  try {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'Autopsy' }).click();
    await check();
  } finally {
    await server.close();
    await root.remove();
  }
}

/** A demo run of `ops` ops of `tasks` tasks in each of its two runs. */
const demo = (ops: number, tasks: number) => (dir: string) =>
  void execFileSync(process.execPath, [join(REPO, 'bin/tracelens.js'), 'demo', dir, '--ops', String(ops), '--tasks', String(tasks)], { stdio: 'ignore' });

test('a long list of the autopsy is drawn 500 items at a time, the rest a click away', async ({ page }) => {
  const lines = Array.from(
    { length: 700 },
    (_, i) => `[2026-01-19T10:20:00.${String(i).padStart(6, '0')}] (+0.${i}s) [ERROR] task_error: {'stage': 'stage1', 'error': 'failure ${i}'}\n`,
  );
  const write = async (dir: string) => {
    await mkdir(join(dir, 'Memory', 'logs'), { recursive: true });
    await writeFile(join(dir, 'Memory', 'logs', 'execution_tracker_readable.txt'), lines.join(''));
  };
  await onAutopsy(page, write, async () => {
    const section = page.getByRole('region', { name: 'agent events Memory/logs' });
    await expect(section.getByRole('heading', { name: 'Critical failures (700)' })).toBeVisible();
    const failures = section.getByRole('button', { name: /^2026-01-19T10:20:00\.\d+ task_error$/ });
    await expect(failures).toHaveCount(500);
    await section.getByRole('button', { name: 'Show 200 more critical failures (200 not shown yet)' }).click();
    await expect(failures).toHaveCount(700);
    await expect(section.getByRole('button', { name: /^Show \d+ more/ })).toHaveCount(0);
  });
});

test("the kernel autopsy's table of tasks and list of failed attempts are drawn 500 rows at a time too", async ({ page }) => {
  // Two runs of 260 tasks: 520 tasks, over 600 failed attempts.
  await onAutopsy(page, demo(1, 260), async () => {
    const kernel = page.getByRole('region', { name: 'kernel runs' });
    const rows = kernel.locator('.autopsy-table tbody tr');
    await expect(rows).toHaveCount(501); // 500 tasks and the row of the button
    await kernel.getByRole('button', { name: 'Show 20 more tasks (20 not shown yet)' }).click();
    await expect(rows).toHaveCount(520);
    const heading = kernel.getByRole('heading', { name: /^Failed attempts \(\d+\)$/ });
    const total = Number(/\((\d+)\)/.exec((await heading.textContent())!)![1]);
    expect(total).toBeGreaterThan(500);
    const failed = kernel.locator('h3:text-matches("^Failed attempts") + ul > li:not(.more)');
    await expect(failed).toHaveCount(500);
    await kernel.getByRole('button', { name: `Show ${total - 500} more failed attempts (${total - 500} not shown yet)` }).click();
    await expect(failed).toHaveCount(total);
    await expect(kernel.getByRole('button', { name: /^Show \d+ more/ })).toHaveCount(0);
  });
});

test('the kernel autopsy draws 24 speed-up charts at a time', async ({ page }) => {
  // Two runs of 13 ops: 26 charts.
  await onAutopsy(page, demo(13, 2), async () => {
    const kernel = page.getByRole('region', { name: 'kernel runs' });
    const charts = kernel.getByRole('img', { name: /^speed-up chart of / });
    await expect(charts).toHaveCount(24);
    await kernel.getByRole('button', { name: 'Show 2 more speed-up charts (2 not shown yet)' }).click();
    await expect(charts).toHaveCount(26);
  });
});

test('live: appended events appear, and the final JSON then replaces the readable log without duplicates', async ({ page }) => {
  const root = await tempRoot();
  const server = await serve(root.dir);
  try {
    await page.goto(server.url);
    const writer = spawn(process.execPath, [join(REPO, 'bin/tracelens.js'), 'demo', root.dir, '--live', '--ops', '1', '--tasks', '2', '--tick', '200'], {
      stdio: 'ignore',
    });
    // Listened for from the start: a writer that finishes before the page catches up has still exited.
    const writerDone = new Promise((resolve) => writer.once('exit', resolve));
    await page.getByRole('button', { name: 'event log mm_agent_run/Memory/logs' }).click();
    const status = page.getByRole('article', { name: 'timeline' }).getByRole('status');
    await expect(status).toHaveText(/^(\d+) of \1 events$/);
    const first = Number((await status.textContent())!.split(' ')[0]);
    await expect(async () => expect(Number((await status.textContent())!.split(' ')[0])).toBeGreaterThan(first)).toPass();
    // Opening the log was a choice (following paused); resume it: the newest event is selected as it arrives.
    await page.getByRole('button', { name: '❚❚ paused', exact: true }).click();
    await expect(page.getByRole('button', { name: '● following the newest event' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'events' }).locator('[aria-selected="true"]')).toHaveCount(1);
    await writerDone;
    const summary = page.getByRole('region', { name: 'event summary' });
    await expect(summary).toContainText('from execution_tracker.json');
    const total = Number((await summary.locator('strong').first().textContent())!);
    await expect(status).toHaveText(`${total} of ${total} events`);
    // Its writer has finished: every span ended (code runs' ends name no script, and still end them).
    await expect(page.getByRole('img', { name: /^timeline of \d+ events, \d+ spans \(0 running\) in \d+ lanes$/ })).toBeVisible();
  } finally {
    await server.close();
    await root.remove();
  }
});

test.describe('a timeline you can trust', () => {
  let served: Awaited<ReturnType<typeof serve>>;
  let root: Awaited<ReturnType<typeof tempRoot>>;
  test.beforeAll(async () => {
    // Two logs: a long call (90 s) with nothing else near it, and a short one.
    root = await tempRoot();
    const log = (lines: string[]) => `${lines.join('\n')}\n`;
    await mkdir(join(root.dir, 'long/Memory/logs'), { recursive: true });
    await writeFile(
      join(root.dir, 'long/Memory/logs/execution_tracker_readable.txt'),
      log([
        "[2026-01-19T10:00:00.000000] (+0.000s) [INFO] stage_start: {'stage': 's1'}",
        "[2026-01-19T10:00:05.000000] (+5.000s) [INFO] llm_call_start: {'model': 'gpt-4o', 'stage': 's1'}",
        "[2026-01-19T10:01:35.000000] (+95.000s) [INFO] llm_call_end: {'model': 'gpt-4o', 'stage': 's1', 'tokens_used': 4200}",
        "[2026-01-19T10:02:00.000000] (+120.000s) [INFO] stage_end: {'stage': 's1'}",
      ]),
    );
    await mkdir(join(root.dir, 'short/Memory/logs'), { recursive: true });
    await writeFile(
      join(root.dir, 'short/Memory/logs/execution_tracker_readable.txt'),
      log([
        "[2026-01-19T11:00:00] (+0.000s) [INFO] stage_start: {'stage': 'only'}",
        "[2026-01-19T11:00:00.000500] (+0.000s) [INFO] stage_end: {'stage': 'only'}",
      ]),
    );
    served = await serve(root.dir);
  });
  test.afterAll(async () => {
    await served.close();
    await root.remove();
  });

  test('a ruler in clock time and time since start, at every zoom; a span says how long it took; a stretch says what it holds', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(served.url);
    await page.getByRole('button', { name: 'event log long/Memory/logs' }).click();
    const timeline = page.getByRole('article', { name: 'timeline' });
    const ruler = timeline.getByRole('group', { name: 'time ruler' });
    // The whole two minutes: ticks every 15 s, by the clock and since the first event.
    await expect(ruler).toContainText('10:00:15');
    await expect(ruler).toContainText('+15 s');
    await expect(timeline.getByTestId('in-view')).toContainText(/^2 min 7 s in view/);
    // Zoomed in four times: a tick a few seconds apart.
    for (let i = 0; i < 4; i++) await timeline.getByRole('button', { name: 'zoom in' }).click();
    await expect(timeline.getByTestId('in-view')).toContainText(/^\d+(\.\d+)? s in view/);
    await expect(ruler).toContainText(/\+\d+ s/);
    await expect(ruler).not.toContainText('+15 s');
    await timeline.getByRole('button', { name: 'Fit' }).click();
    // The call, pointed at: its kind, model, stage and duration.
    const plot = timeline.getByTestId('timeline');
    const box = (await plot.boundingBox())!;
    const lane = box.y + 30 + 11; // below the ruler, the first lane
    const atSecond = (second: number) => box.x + 150 + ((second + 3.6) / 127.2) * (box.width - 150);
    await page.mouse.move(atSecond(50), lane);
    await expect(page.getByRole('tooltip')).toContainText('llm call gpt-4o · stage s1 · 1 min 30 s');
    // Clicked: its start is selected, its end marked in the table, its duration said.
    await page.mouse.click(atSecond(50), lane);
    await expect(timeline.getByRole('complementary', { name: 'selected event' })).toContainText('Starts an LLM call span (gpt-4o) that ended after 1 min 30 s');
    await expect(timeline.getByRole('row', { selected: true })).toContainText('llm_call_start');
    await expect(timeline.locator('[title="ends the span the selected event starts"]')).toContainText('llm_call_end');
    // A stretch dragged on the ruler: what it holds.
    await page.mouse.move(atSecond(0), box.y + 15);
    await page.mouse.down();
    await page.mouse.move(atSecond(100), box.y + 15, { steps: 5 });
    await page.mouse.up();
    await expect(timeline.getByRole('region', { name: 'selected stretch' })).toContainText('3 events (0 errors), 1 LLM call');
    await expect(timeline.getByRole('region', { name: 'selected stretch' })).toContainText('4,200 tokens');
    expect(problems).toEqual([]);
  });

  test('another log is another view: its own window, no selected event of the last one', async ({ page }) => {
    await page.goto(served.url);
    await page.getByRole('button', { name: 'event log long/Memory/logs' }).click();
    const timeline = page.getByRole('article', { name: 'timeline' });
    for (let i = 0; i < 3; i++) await timeline.getByRole('button', { name: 'zoom in' }).click();
    await timeline.getByRole('table', { name: 'events' }).getByRole('row').nth(2).click();
    await expect(timeline.getByRole('complementary', { name: 'selected event' })).toContainText('llm_call_start');
    // The sub-millisecond log: its whole half millisecond in view, in microseconds, and nothing selected.
    await page.getByRole('button', { name: 'event log short/Memory/logs' }).click();
    await expect(timeline.getByTestId('in-view')).toContainText(/^5\d\d µs in view/);
    await expect(timeline.getByRole('group', { name: 'time ruler' })).toContainText('µs');
    await expect(timeline.getByRole('complementary', { name: 'selected event' })).toContainText('Select an event in the timeline or the table.');
  });
});
