import { expect, test } from '@playwright/test';
import { holdBack, screenshotPath, serveSample, stillReading, watchConsole } from './serve';

// One user journey: open a run, find the attempts, read a step side by side, follow a traceback,
// compare two attempts, search, and come back to a view by its address.

test.describe('era A sample (aikg v0)', () => {
  const served = serveSample('aikg_v0_2025-06');

  test('the tree shows run, op, tasks and every step with its verdict', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(served().url);
    const tree = page.getByRole('navigation', { name: 'run tree' });
    await expect(tree.getByRole('button', { name: 'run aikg_logs/Task_vjcpfugt' })).toBeVisible();
    await expect(tree.getByRole('button', { name: 'op exp_add_op' })).toBeVisible();
    await tree.getByRole('button', { name: 'task 0', exact: true }).click();
    for (const [step, status] of [
      [1, 'unknown'],
      [2, 'unknown'],
      [3, 'failed'],
      [4, 'failed'],
      [5, 'passed'],
      [6, 'passed'],
    ] as const) {
      await expect(tree.getByRole('button', { name: `exp_add_op task 0 step ${step} ${status}`, exact: true })).toBeVisible();
    }
    await expect(tree.getByRole('button', { name: 'task 1', exact: true })).toContainText('3 attempts, pass at S05');
    expect(problems).toEqual([]);
  });

  test("the tree's rows come before its steps; a task, a step, the keys, a file and a diff work meanwhile", async ({ page }) => {
    const problems = watchConsole(page);
    // The whole tree is held back; its outline (/api/outline) and single tasks (tree.task) are not.
    const release = await holdBack(page, /\/api\/tree(\?|$)/);
    await page.goto(served().url);
    const tree = page.getByRole('navigation', { name: 'run tree' });
    await expect(page.getByTestId('index-counts')).toHaveText(/^1 run · 12 steps · \d+ files$/);
    await expect(tree.getByRole('button', { name: 'task 1', exact: true })).toContainText('3 attempts, pass at S05');
    await tree.getByRole('button', { name: 'task 1', exact: true }).click();
    await expect(tree.getByRole('button', { name: 'exp_add_op task 1 step 5 passed', exact: true })).toBeVisible();
    // The overview needs no steps; a step's view has its task; views over every step wait, and say so.
    await expect(page.getByRole('article', { name: 'overview' })).toBeVisible();
    await tree.getByRole('button', { name: 'exp_add_op task 1 step 5 passed', exact: true }).click();
    const header = page.getByRole('article', { name: 'step view' });
    await expect(header.getByRole('heading')).toHaveText('exp_add_op › task 1 › S05');
    await expect(page.getByTestId('editor-result')).toContainText('tl.load');
    // The keys go by the outline meanwhile: j/k through the task's steps, [ ] through its attempts.
    for (const [key, shown] of [
      ['k', 'task 1 › S04'],
      ['k', 'task 1 › S03'],
      ['[', 'task 1 › S02'],
      [']', 'task 1 › S03'],
      ['j', 'task 1 › S04'],
      ['j', 'task 1 › S05'],
    ] as const) {
      await page.keyboard.press(key);
      await expect(header.getByRole('heading')).toHaveText(`exp_add_op › ${shown}`);
    }
    // A file and a diff of two are read at once: they need no tree.
    const verifyDir = 'aikg_logs/Task_vjcpfugt/exp_add_op/I0_S0';
    await page.evaluate((dir) => (location.hash = `#/file?path=${encodeURIComponent(`${dir}5_verify/exp_add_op_triton.py`)}`), verifyDir);
    await expect(page.getByTestId('editor-file')).toContainText('mask=offs < n');
    await page.evaluate(
      (dir) =>
        (location.hash = `#/diff?left=${encodeURIComponent(`${dir}3_verify/exp_add_op_triton.py`)}&right=${encodeURIComponent(`${dir}5_verify/exp_add_op_triton.py`)}`),
      verifyDir,
    );
    await expect(page.getByTestId('diff-editor').locator('.line-insert').first()).toBeVisible();
    await page.getByRole('button', { name: 'Autopsy' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Reading the steps (12 steps)…' })).toBeVisible();
    release();
    await expect(page.getByRole('article', { name: 'autopsy' })).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('while the folder is read, the tree shows what is found so far, without figures, then the whole', async ({ page }) => {
    const problems = watchConsole(page);
    // The host says it is still reading (its answer made so), and the outline of the whole folder is held back.
    const release = await stillReading(page);
    await page.goto(served().url);
    const tree = page.getByRole('navigation', { name: 'run tree' });
    await expect(page.getByTestId('tree-row-count')).toHaveText(/^\d+ rows so far$/);
    await expect(page.getByTestId('index-counts')).toHaveText('1 run · 12 steps so far');
    // A task found so far: no attempts, pass or speed-up said before its files are all read.
    await expect(tree.getByRole('button', { name: 'task 1', exact: true })).toHaveText(/task 1\s+reading…/);
    // Opened, it shows its steps found so far at once, their verdicts and timings not said yet.
    await tree.getByRole('button', { name: 'task 1', exact: true }).click();
    const stepsSoFar = tree.getByRole('button', { name: /task 1 step \d+ reading$/ });
    await expect(stepsSoFar.first()).toBeVisible();
    await expect(stepsSoFar.first()).toContainText('reading…');
    await expect(tree.getByRole('button', { name: /task 1 step \d+ (passed|failed|unknown)$/ })).toHaveCount(0);
    // The overview waits for the folder read whole (the socket's status, not faked here, says how far it is).
    await expect(page.getByRole('status').filter({ hasText: /^Reading the (run|folder)…/ })).toBeVisible();
    // A step opened meanwhile shows its files at once; its verdict, timing and verify folder wait for the folder read whole.
    await tree.getByRole('button', { name: 'task 0', exact: true }).click();
    await tree.getByRole('button', { name: /task 0 step 5 reading$/ }).click();
    const stepView = page.getByRole('article', { name: 'step view' });
    await expect(page.getByTestId('editor-prompt')).toContainText('修复：在 coder 代码顶部 import torch');
    await expect(stepView.locator('.step-header')).toContainText('reading…');
    await expect(stepView.locator('.step-header')).not.toContainText('passed');
    const waiting = stepView.getByRole('status').filter({ hasText: /verdict, timing and verify details are shown once it is read/ });
    await expect(waiting).toBeVisible();
    await expect(stepView.getByRole('button', { name: 'Diff with previous attempt' })).toBeDisabled();
    await page.screenshot({ path: screenshotPath('reading.png') });
    // The keys walk the attempts and the steps found so far, from task to task.
    const heading = stepView.getByRole('heading');
    for (const [key, shown] of [
      ['[', 'task 0 › S03'],
      ['j', 'task 0 › S04'],
      [']', 'task 0 › S05'],
      ['j', 'task 0 › S06'],
      ['j', 'task 1 › S01'],
      ['k', 'task 0 › S06'],
      ['k', 'task 0 › S05'],
    ] as const) {
      await page.keyboard.press(key);
      await expect(heading).toHaveText(`exp_add_op › ${shown}`);
    }
    release();
    await expect(tree.getByRole('button', { name: 'task 1', exact: true })).toContainText('3 attempts, pass at S05');
    await expect(tree.getByRole('button', { name: /task 1 step 5 passed$/ })).toBeVisible();
    await expect(stepsSoFar).toHaveCount(0);
    await expect(stepView.locator('.step-header')).toContainText('passed');
    await expect(waiting).toHaveCount(0);
    await expect(page.getByTestId('tree-row-count')).toHaveText(/^\d+ rows$/);
    await expect(page.getByTestId('index-counts')).toHaveText(/^1 run · 12 steps · \d+ files$/);
    expect(problems).toEqual([]);
  });

  test('a step shows prompt, reasoning and result side by side, its verdict, notes and error log', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(served().url);
    await page.getByRole('button', { name: 'task 0', exact: true }).click();
    await page.getByRole('button', { name: 'exp_add_op task 0 step 5 passed' }).click();
    await expect(page.getByTestId('editor-prompt')).toContainText('修复：在 coder 代码顶部 import torch');
    await expect(page.getByTestId('editor-reasoning')).toContainText('reasoning……');
    await expect(page.getByTestId('editor-result')).toContainText('x = tl.load(x_ptr + offs, mask=offs < n)');
    const header = page.getByRole('article', { name: 'step view' });
    await expect(header.getByRole('heading')).toHaveText('exp_add_op › task 0 › S05');
    await expect(header).toContainText('passed');
    await expect(header).toContainText('no timing');
    await expect(page.getByText('Conductor notes (1)')).toBeVisible();

    // S03 failed: its verifier error log links the traceback line to the verify script.
    await page.getByRole('button', { name: '◀ attempt' }).click();
    await expect(header.getByRole('heading')).toHaveText('exp_add_op › task 0 › S03');
    const errorLog = page.getByLabel('verifier error log');
    await expect(errorLog).toContainText("ModuleNotFoundError: No module named 'torch'");
    await errorLog.getByRole('button', { name: /verify_exp_add_op\.py", line 6/ }).click();
    await expect(page).toHaveURL(/#\/file\?path=.*I0_S03_verify%2Fverify_exp_add_op\.py&line=6$/);
    await expect(page.getByTestId('editor-file')).toContainText('import torch');
    expect(problems).toEqual([]);
  });

  test("an implementation file of a verify folder diffs against the previous attempt's copy", async ({ page }) => {
    await page.goto(served().url);
    await page.getByRole('button', { name: 'task 0', exact: true }).click();
    await page.getByRole('button', { name: 'exp_add_op task 0 step 5 passed' }).click();
    await page.getByRole('button', { name: 'exp_add_op_triton.py' }).click();
    await expect(page.getByTestId('editor-file')).toContainText('mask=offs < n');
    await page.getByRole('button', { name: "Diff with S03's copy" }).click();
    await expect(page).toHaveURL(/#\/diff\?left=.*I0_S03_verify%2Fexp_add_op_triton\.py&right=.*I0_S05_verify%2Fexp_add_op_triton\.py$/);
    await expect(page.getByTestId('diff-editor').locator('.line-insert').first()).toBeVisible();
  });

  test('keyboard: j/k walk the steps, [ ] the attempts, ? shows help', async ({ page }) => {
    await page.goto(served().url);
    await page.getByRole('article', { name: 'overview' }).waitFor();
    const heading = page.getByRole('article', { name: 'step view' }).getByRole('heading');
    await page.keyboard.press('j');
    await expect(heading).toHaveText('exp_add_op › task 0 › S01');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await expect(heading).toHaveText('exp_add_op › task 0 › S03');
    await page.keyboard.press('k');
    await expect(heading).toHaveText('exp_add_op › task 0 › S02');
    await page.keyboard.press(']');
    await expect(heading).toHaveText('exp_add_op › task 0 › S03');
    await page.keyboard.press(']');
    await expect(heading).toHaveText('exp_add_op › task 0 › S05');
    await page.keyboard.press('[');
    await expect(heading).toHaveText('exp_add_op › task 0 › S03');
    await page.keyboard.press('?');
    await expect(page.getByRole('dialog', { name: 'keyboard shortcuts' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
  });

  test('a deep link reopens the same view after a reload', async ({ page }) => {
    await page.goto(served().url);
    await page.getByRole('button', { name: 'task 1', exact: true }).click();
    await page.getByRole('button', { name: 'exp_add_op task 1 step 3 failed' }).click();
    await expect(page).toHaveURL(/#\/step\?op=aikg_logs%2FTask_vjcpfugt%2Fexp_add_op&task=1&step=3$/);
    // The token went from the address bar to a cookie; the address alone reopens the view.
    expect(new URL(page.url()).searchParams.has('token')).toBe(false);
    await page.reload();
    await expect(page.getByRole('article', { name: 'step view' }).getByRole('heading')).toHaveText('exp_add_op › task 1 › S03');
    await expect(page.getByTestId('editor-result')).toContainText('import triton');
    await expect(page.getByRole('button', { name: 'exp_add_op task 1 step 3 failed' })).toHaveAttribute('aria-current', 'true');
  });

  test('find: text and regex across all files, results grouped by step', async ({ page }) => {
    await page.goto(served().url);
    await page.getByRole('article', { name: 'overview' }).waitFor();
    await page.keyboard.press('/');
    await page.getByLabel('find text').fill('ModuleNotFoundError');
    await page.keyboard.press('Enter');
    const results = page.getByRole('article', { name: 'find' });
    await expect(results.getByRole('status')).toContainText('matches in');
    await expect(results.getByRole('region', { name: 'matches in exp_add_op · task 0 · S04' })).toBeVisible();
    await expect(results.getByRole('region', { name: 'matches in exp_add_op · task 1 · S04' })).toBeVisible();

    await page.getByLabel('find text').fill('tl\\.(load|store)\\(o_ptr');
    await page.getByLabel('regex').check();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/find\?q=.*&regex=1$/);
    await expect(results.getByRole('region', { name: 'matches in exp_add_op · task 0 · S02' })).toBeVisible();
    await results.getByRole('button', { name: 'exp_add_op · task 0 · S02' }).click();
    await expect(page.getByRole('article', { name: 'step view' }).getByRole('heading')).toHaveText('exp_add_op › task 0 › S02');
  });
});

test.describe('era C sample (akg_agents v2)', () => {
  const served = serveSample('akg_agents_v2_2026-03');

  test('the tree shows Iteration…Step tasks with speed-ups and first passes', async ({ page }) => {
    await page.goto(served().url);
    const tree = page.getByRole('navigation', { name: 'run tree' });
    await expect(tree.getByRole('button', { name: 'task _Gen1_Task3', exact: true })).toContainText('2 attempts, pass at S03');
    await expect(tree.getByRole('button', { name: 'task _Gen1_Task3', exact: true })).toContainText('1.23×');
    await expect(tree.getByRole('button', { name: 'task _Init_Task2', exact: true })).toContainText('1 attempt, pass at S01');
    await tree.getByRole('button', { name: 'task _Init_Task1', exact: true }).click();
    await expect(tree.getByRole('button', { name: 'relu task _Init_Task1 step 1 failed' })).toBeVisible();
    await expect(tree.getByRole('button', { name: 'relu task _Init_Task1 step 3 passed' })).toContainText('0.80×');
    // The filter narrows the tree to matching steps.
    await page.getByLabel('filter the tree').fill('failed');
    await expect(tree.getByRole('button', { name: 'relu task _Init_Task1 step 3 passed' })).toHaveCount(0);
    await expect(tree.getByRole('button', { name: 'relu task _Gen1_Task3 step 1 failed' })).toBeVisible();
  });

  test('diff: identical attempts are said to be identical', async ({ page }) => {
    await page.goto(served().url);
    await page.getByRole('button', { name: 'task _Init_Task1', exact: true }).click();
    await page.getByRole('button', { name: 'relu task _Init_Task1 step 3 passed' }).click();
    await page.getByRole('button', { name: 'Diff with previous attempt' }).click();
    // The kernels that were verified (the verify folders' implementations), not the raw answers.
    await expect(page).toHaveURL(
      /#\/diff\?left=.*Iteration_Init_Task1_Step01_verify%2Frelu_triton_cuda_impl\.py&right=.*Iteration_Init_Task1_Step03_verify%2Frelu_triton_cuda_impl\.py$/,
    );
    await expect(page.getByText('The two files are identical.')).toBeVisible();
  });
});

test.describe('era B sample (aikg v1)', () => {
  const served = serveSample('aikg_v1_2026-01');

  test('diff: a coder attempt against the previous one shows the changed lines', async ({ page }) => {
    await page.goto(served().url);
    await page.getByRole('button', { name: 'task 1_0_0', exact: true }).click();
    await page.getByRole('button', { name: 'Square_matrix_multiplication_ task 1_0_0 step 4 passed' }).click();
    // The recorder's parsed fields of the record are one click away.
    await page.getByRole('button', { name: 'Parsed fields of this record' }).click();
    await expect(page).toHaveURL(/#\/file\?path=.*recorder%2FI1_0_0_S04_Square_matrix_multiplication__coder_parsed\.txt$/);
    await expect(page.getByTestId('editor-file')).toContainText('===');
    await page.goBack();
    // The step is on screen again (the route follows the address on hashchange) before `d`, as a user sees it.
    await expect(page.getByTestId('editor-result')).toBeVisible();
    await page.keyboard.press('d');
    await expect(page).toHaveURL(
      /#\/diff\?left=.*I1_0_0_S02_verify%2FSquare_matrix_multiplication__triton_cuda_impl\.py&right=.*I1_0_0_S05_verify%2FSquare_matrix_multiplication__triton_cuda_impl\.py$/,
    );
    const diff = page.getByTestId('diff-editor');
    await expect(diff.locator('.line-delete')).toHaveCount(1);
    await expect(diff.locator('.line-insert')).toHaveCount(1);
    await expect(diff).toContainText('# TODO triton kernel');
    await expect(diff).toContainText('# 使用 tl.dot 分块实现');
    await page.screenshot({ path: screenshotPath('diff.png') });
    await page.getByRole('button', { name: 'Inline' }).click();
    await expect(page).toHaveURL(/&inline=1$/);
    await expect(diff.locator('.line-insert').first()).toBeVisible();
    // Any two files, across tasks, by path.
    const right = page.getByLabel('right file');
    await right.fill('aikg_logs/Task_i49c7ohg/Square_matrix_multiplication_/I1_1_0_S01_Square_matrix_multiplication__designer_result.txt');
    await expect(page).toHaveURL(/right=.*I1_1_0_S01_Square_matrix_multiplication__designer_result\.txt/);
  });
});
