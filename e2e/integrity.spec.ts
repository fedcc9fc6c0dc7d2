import { expect, test } from '@playwright/test';
import { screenshotPath, serveSample, watchConsole } from './serve';

// The era B sample "passes at 1.87x" with `return A @ B` and no Triton at all: TraceLens says so.

test.describe('a kernel that is not one', () => {
  const served = serveSample('aikg_v1_2026-01');

  test('is flagged in the tree and on its step, with the reason and the line, one click from the code', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(served().url);
    const tree = page.getByRole('navigation', { name: 'run tree' });
    await expect(tree.getByRole('button', { name: 'task 1_0_0', exact: true })).toContainText('⚠ hack');
    await tree.getByRole('button', { name: 'task 1_0_0', exact: true }).click();
    await tree.getByRole('button', { name: 'Square_matrix_multiplication_ task 1_0_0 step 4 passed' }).click();
    const step = page.getByRole('article', { name: 'step view' });
    const flags = step.getByRole('list', { name: 'integrity flags' });
    await expect(flags.getByRole('listitem')).toHaveCount(2);
    await expect(flags).toContainText('no-kernel');
    await expect(flags).toContainText('returns the reference’s own matmul (@): the framework computes the result, not a kernel');
    await expect(flags).toContainText('return A @ B  # 使用 tl.dot 分块实现');
    await page.screenshot({ path: screenshotPath('integrity.png') });
    await flags
      .getByRole('button', { name: /^line 9 of Square_matrix_multiplication__triton_cuda_impl\.py$/ })
      .first()
      .click();
    await expect(page).toHaveURL(/#\/file\?path=.*I1_0_0_S05_verify%2FSquare_matrix_multiplication__triton_cuda_impl\.py&line=9$/);
    await expect(page.getByTestId('editor-file')).toContainText('return A @ B');
    expect(problems).toEqual([]);
  });

  test('its speed-up is marked wherever it is the best, and left out when the user asks', async ({ page }) => {
    await page.goto(served().url);
    const overview = page.getByRole('article', { name: 'overview' });
    const leaders = overview.getByRole('table', { name: 'best kernels' });
    await expect(leaders.getByRole('row').nth(1)).toContainText('⚠ hack');
    await expect(overview.getByRole('table', { name: 'kernel runs' }).getByRole('row', { name: 'run aikg_logs/Task_i49c7ohg' })).toContainText('1.87×');
    await overview.getByRole('checkbox', { name: 'exclude flagged kernels' }).check();
    // No kernel of this run can be trusted: no best is left, and nothing pretends there is one.
    await expect(overview.getByRole('table', { name: 'kernel runs' }).getByRole('row', { name: 'run aikg_logs/Task_i49c7ohg' })).not.toContainText('1.87×');
    await expect(overview).toContainText('No passed kernel that no integrity rule flags has a timing.');
    // The autopsy lists the flagged kernels, each linked to its step.
    await page.keyboard.press('a');
    const flagged = page.getByRole('article', { name: 'autopsy' }).getByRole('region', { name: 'flagged kernels' });
    await expect(flagged).toContainText('6 coder attempts checked against the integrity rules');
    await flagged.getByRole('button', { name: 'Square_matrix_multiplication_ · task 1_1_0 · S04' }).first().click();
    await expect(page.getByRole('article', { name: 'step view' }).getByRole('heading')).toHaveText('Square_matrix_multiplication_ › task 1_1_0 › S04');
  });
});
