import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { percentText, speedupText } from '../shared/analysis/format';
import type { RunComparison, SummaryDocument } from '../shared/model/summary';
import { REPO, SAMPLES, screenshotPath, serve, type Served, serveSample, stillReading, tempRoot, watchConsole } from './serve';

// The level above a step: how each run went, which kernel is best, and how two runs differ.

const cli = <T>(...args: string[]): T =>
  JSON.parse(execFileSync(process.execPath, [join(REPO, 'bin/tracelens.js'), ...args, '--json'], { encoding: 'utf8' })) as T;

test.describe('the samples, all at once', () => {
  const served = serveSample('.');

  test('a task opened among the rows found so far stays in view when the whole folder’s rows come', async ({ page }) => {
    const problems = watchConsole(page);
    await page.setViewportSize({ width: 1200, height: 400 });
    // The host says it is still reading and has found only the last run; the whole outline is held back.
    const release = await stillReading(page, (answer) => {
      answer.value.tree.runs = answer.value.tree.runs.filter((run) => run.ops.some((op) => op.tasks.length > 0)).slice(-1);
    });
    await page.goto(served().url);
    const tree = page.getByRole('navigation', { name: 'run tree' });
    await expect(page.getByTestId('tree-row-count')).toHaveText(/^\d+ rows so far$/);
    await tree
      .getByRole('button', { name: /^task / })
      .first()
      .click();
    const opened = tree.locator('button[aria-expanded="true"]');
    await expect(opened).toBeInViewport();
    const name = await opened.getAttribute('aria-label');
    release();
    await expect(page.getByTestId('tree-row-count')).toHaveText(/^\d+ rows$/);
    // Runs found later sort above it: it is brought back into view, still open.
    await expect(opened).toHaveAttribute('aria-label', name!);
    await expect(opened).toBeInViewport();
    expect(problems).toEqual([]);
  });

  test('the overview is the first thing shown, with the numbers `tracelens summary --json` gives', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(served().url);
    const overview = page.getByRole('article', { name: 'overview' });
    await expect(overview.getByRole('heading', { name: 'Overview' })).toBeVisible();
    const summary = cli<SummaryDocument>('summary', SAMPLES); // the same files the served copy holds
    const kernelRuns = overview.getByRole('table', { name: 'kernel runs' });
    for (const run of summary.runs.filter((candidate) => candidate.kind === 'kernel')) {
      const row = kernelRuns.getByRole('row', { name: `run ${run.path}`, exact: true });
      const t = run.totals;
      await expect(row).toContainText(`${t.opsPassed} / ${t.ops}`);
      await expect(row).toContainText(`${t.tasksPassed} / ${t.tasks}`);
      await expect(row).toContainText(percentText(t.passAt1));
      await expect(row).toContainText(`${percentText(t.passAtK)} (k=${t.k})`);
      await expect(row).toContainText(speedupText(t.geomeanBestSpeedup));
    }
    const agentRuns = overview.getByRole('table', { name: 'agent runs' });
    for (const run of summary.runs.filter((candidate) => candidate.kind === 'agent')) {
      await expect(agentRuns.getByRole('row', { name: `run ${run.path}`, exact: true })).toContainText(
        `${run.events!.llmCalls} (${run.events!.llmErrors} failed)`,
      );
    }
    // The best kernels across the folder, fastest first, each openable.
    const leaders = overview.getByRole('table', { name: 'best kernels' });
    await expect(leaders.getByRole('row').nth(1)).toContainText('Square_matrix_multiplication_');
    await expect(leaders.getByRole('row').nth(1)).toContainText('1.87×');
    await page.screenshot({ path: screenshotPath('overview.png') });
    await leaders.getByRole('row').nth(2).getByRole('button', { name: 'open kernel' }).click();
    await expect(page).toHaveURL(/#\/file\?path=.*Iteration_Gen1_Task3_Step03_verify%2Frelu_triton_cuda_impl\.py$/);
    expect(problems).toEqual([]);
  });

  test("a run's row in the tree opens the run's overview, an op's row its op; the best kernel is one click away", async ({ page }) => {
    await page.goto(served().url);
    const tree = page.getByRole('navigation', { name: 'run tree' });
    await tree.getByRole('button', { name: 'run akg_agents_v2_2026-03/akg_agents_logs/Task_tnost_ko' }).click();
    const run = page.getByRole('article', { name: 'run overview' });
    await expect(run.getByLabel('Tasks passed')).toContainText('3 / 3');
    await expect(run.getByLabel('pass@1')).toContainText('33%');
    await expect(run.getByRole('table', { name: 'ops' }).getByRole('row', { name: 'op relu' })).toContainText('1.23×');
    // The op × task grid: one cell per task, by generation.
    const cells = run.getByRole('grid', { name: 'ops by tasks' }).getByRole('button');
    await expect(cells).toHaveCount(3);
    await expect(cells.first()).toHaveAttribute('aria-label', /^relu task _Init_Task1: passed at attempt 2/);
    await tree.getByRole('button', { name: 'op relu' }).click();
    await expect(page).toHaveURL(/#\/run\?path=.*&op=.*Task_tnost_ko%2Frelu$/);
    const op = run.getByRole('region', { name: 'op relu' });
    await expect(op.getByRole('table', { name: 'tasks of relu' }).getByRole('row', { name: 'task _Gen1_Task3 passed' })).toContainText('1.23×');
    await run.getByRole('table', { name: 'ops' }).getByRole('button', { name: 'task _Gen1_Task3 · S03' }).click();
    await expect(page.getByRole('article', { name: 'step view' }).getByRole('heading')).toHaveText(/relu › task _Gen1_Task3 › S03$/);
  });
});

test("an MM-Agent run's own usage files: on its overview and its timeline, each number with the file it came from", async ({ page }) => {
  const problems = watchConsole(page);
  const root = await tempRoot('mm_agent_usage_2026-01');
  const served = await serve(root.dir);
  try {
    await page.goto(served.url);
    const tree = page.getByRole('navigation', { name: 'run tree' });
    await tree.getByRole('button', { name: /^run MMAgent\/output\/MM-Agent\/2025_C_20261203-154441/ }).click();
    const run = page.getByRole('article', { name: 'run overview' });
    // An agent run: no kernel totals, its events and what it wrote of its usage.
    await expect(run.getByLabel('Tasks passed')).toHaveCount(0);
    await expect(run.getByRole('region', { name: 'events' })).toContainText('50 LLM calls (0 failed)');
    const usage = run.getByRole('region', { name: 'usage files' });
    await expect(usage).toContainText('tokens 94,117 (88,985 prompt, 5,132 completion) in 2025_C.json');
    await expect(usage).toContainText('runtime 55.4 s in runtime.txt');
    await expect(usage).toContainText('18 summarised calls');
    // The run's files, each one click from the file view.
    await run.getByRole('region', { name: 'run files' }).getByRole('button', { name: 'Memory/usage/runtime.txt' }).click();
    await expect(page).toHaveURL(/#\/file\?path=.*runtime\.txt/);
    // The timeline's cost: the same figures, and what each summarised call did.
    await tree.getByRole('button', { name: /^event log .*Memory\/logs$/ }).click();
    const cost = page.getByRole('group', { name: 'what the run cost' });
    await expect(cost).toContainText('written by the run: 94,117 tokens, runtime 55.4 s, 18 summarised calls');
    await cost.locator('summary').first().click();
    await cost.getByText('18 summarised calls in').click();
    await expect(cost.getByRole('row').filter({ hasText: 'Described the four Olympic CSV datasets' })).toContainText('1,203');
    await expect(cost.getByRole('region', { name: 'cost by stage' })).toContainText('Problem Analysis');
    expect(problems).toEqual([]);
  } finally {
    await served.close();
    await root.remove();
  }
});

test.describe('two runs of the same ops', () => {
  let served: Served;
  let root: Awaited<ReturnType<typeof tempRoot>>;
  test.beforeAll(async () => {
    root = await tempRoot();
    execFileSync(process.execPath, [join(REPO, 'bin/tracelens.js'), 'demo', root.dir, '--ops', '3', '--tasks', '3']);
    served = await serve(root.dir);
  });
  test.afterAll(async () => {
    await served.close();
    await root.remove();
  });

  test('compared against a baseline as `tracelens compare` does; a cell diffs the two best kernels; the address reopens it', async ({ page }) => {
    const problems = watchConsole(page);
    const [baseline, other] = ['aikg_logs/Task_demo0a1', 'akg_agents_logs/Task_demo0c3'];
    const comparison = cli<RunComparison>('compare', join(root.dir, baseline), join(root.dir, other));
    await page.goto(served.url);
    await page.getByRole('button', { name: 'Compare runs' }).click();
    await expect(page).toHaveURL(/#\/compare\?baseline=aikg_logs%2FTask_demo0a1&with=akg_agents_logs%2FTask_demo0c3$/);
    const table = page.getByRole('table', { name: 'ops compared' });
    for (const op of comparison.ops) {
      const row = table.getByRole('row', { name: `op ${op.name}` });
      await expect(row).toContainText(speedupText(op.baseline.bestSpeedup));
      await expect(row).toContainText(`${op.baseline.passedTasks}/${op.baseline.tasks} passed`);
      await expect(row).toContainText(`${op.other.passedTasks}/${op.other.tasks} passed`);
      if (op.speedupRatio !== null) await expect(row).toContainText(`${speedupText(op.speedupRatio)} vs baseline`);
    }
    await page.screenshot({ path: screenshotPath('compare.png') });
    await page.reload();
    await expect(table.getByRole('row')).toHaveCount(comparison.ops.length + 1);
    // A cell opens the two best kernels side by side.
    const op = comparison.ops.find((candidate) => candidate.speedupRatio !== null)!;
    await table
      .getByRole('row', { name: `op ${op.name}` })
      .getByRole('button', { name: speedupText(op.other.bestSpeedup) })
      .click();
    const escape = (path: string) => encodeURIComponent(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // (compare's paths are relative to each run's folder; the app's to the opened folder.)
    await expect(page).toHaveURL(
      new RegExp(`#/diff\\?left=${escape(`${baseline}/${op.baseline.best!.file!}`)}&right=${escape(`${other}/${op.other.best!.file!}`)}$`),
    );
    await expect(page.getByRole('article', { name: 'diff view' }).getByLabel('before')).toContainText(`Task_demo0a1 › ${op.name}`);
    await expect(page.getByRole('article', { name: 'diff view' }).getByLabel('after')).toContainText(`Task_demo0c3 › ${op.name}`);
    expect(problems).toEqual([]);
  });

  test('the diff shows the kernels that ran, against the previous attempt; the raw answer and a searched file are one choice away', async ({ page }) => {
    await page.goto(served.url);
    const tree = page.getByRole('navigation', { name: 'run tree' });
    await tree.getByRole('button', { name: 'task _Init_Task1', exact: true }).first().click();
    // The era C run's first task made several attempts (seeded demo): open its last and press d.
    const steps = tree.getByRole('button', { name: /task _Init_Task1 step \d+ (passed|failed)$/ });
    await steps.last().click();
    await page.keyboard.press('d');
    await expect(page).toHaveURL(/#\/diff\?left=.*_verify%2F\w+_triton_cuda_impl\.py&right=.*_verify%2F\w+_triton_cuda_impl\.py$/);
    const diff = page.getByRole('article', { name: 'diff view' });
    await expect(diff.getByLabel('after')).toContainText('kernel verified in Iteration_Init_Task1_Step');
    // The pairing shown is the previous attempt's; the others are a click away.
    await expect(diff.getByRole('toolbar', { name: 'diff tools' }).getByRole('button', { name: 'previous attempt' })).toBeDisabled();
    // The coder's raw answer, its code only by default, the whole text a toggle away.
    const after = diff.getByLabel('right file');
    await after.fill('kernel_gen result Init_Task1 S02 relu demo0c3');
    await expect(diff.getByRole('listbox', { name: 'right file: matches' }).getByRole('option')).toHaveCount(1);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/right=.*Iteration_Init_Task1_Step02_relu_kernel_gen_result\.txt$/);
    await expect(diff.getByLabel('after')).toContainText("coder's answer, its code");
    await expect(page.getByTestId('diff-editor')).not.toContainText("'''");
    await diff.getByRole('button', { name: 'Raw answer' }).click();
    await expect(page).toHaveURL(/&raw=1$/);
    await expect(page.getByTestId('diff-editor')).toContainText('Triton 实现');
  });
});
