import { expect, test } from '@playwright/test';
import { screenshotPath, serveSample, watchConsole } from './serve';

// Finding things as an engineer does: the match marked in its line, the kind of file and the run
// or op to look in, the harness every verify folder repeats said once, an event found in its log.

test.describe('find in the samples', () => {
  const served = serveSample('.');

  test('the match marked in each line; kept to kernels, then to one op; the verify scripts folded into one group', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(`${served().url.split('#')[0]}#/find?q=import%20torch`);
    const find = page.getByRole('article', { name: 'find' });
    await expect(find.getByRole('status')).toContainText('matches');
    await expect(find.locator('.find-hit mark').first()).toHaveText('import torch');
    // The verify script repeated in every verify folder of era B: one group, each line once, with its copies counted.
    const scripts = find.getByRole('group', { name: 'matches in the verify scripts' });
    await expect(scripts).toContainText('Verify scripts:');
    await page.screenshot({ path: screenshotPath('find.png') });
    await scripts.locator('summary').click();
    await expect(scripts.getByRole('button', { name: /verify_Square_matrix_multiplication_\.py:\d+ · in 8 verify folders/ }).first()).toBeVisible();
    // Only kernels: the verify folders' implementations, each under the attempt it verified.
    await find.getByRole('group', { name: 'kinds of file' }).getByRole('button', { name: 'kernel', exact: true }).click();
    await expect(page).toHaveURL(/#\/find\?q=import\+torch&kinds=kernel$/);
    await expect(find.getByRole('status')).toContainText('matches');
    const badges = find.locator('.find-hit .badge.kind');
    await expect(badges.first()).toHaveText('kernel');
    expect(new Set(await badges.allTextContents())).toEqual(new Set(['kernel']));
    await expect(find.getByRole('region', { name: /^matches in .*Square_matrix_multiplication_ · task 1_0_0 · S02$/ })).toBeVisible();
    // Only one op.
    await find.getByRole('combobox', { name: 'search in' }).selectOption({ label: '  relu (in Task_tnost_ko)' });
    await expect(page).toHaveURL(/&under=akg_agents_v2_2026-03%2Fakg_agents_logs%2FTask_tnost_ko%2Frelu$/);
    await expect(find.getByRole('region', { name: /^matches in / }).first()).toHaveAccessibleName(/relu/);
    expect(await find.getByRole('region', { name: /Square_matrix/ }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  test("a match in an agent's event log opens that event in the timeline", async ({ page }) => {
    await page.goto(`${served().url.split('#')[0]}#/find?q=RateLimitError%20429%20%28attempt%203%29&kinds=event+log`);
    const find = page.getByRole('article', { name: 'find' });
    const hit = find.getByRole('button', { name: /execution_tracker_readable\.txt:8/ }).first();
    await expect(hit).toBeVisible();
    await hit.click();
    await expect(page).toHaveURL(/#\/timeline\?dir=.*&event=7$/);
    const detail = page.getByRole('complementary', { name: 'selected event' });
    await expect(detail).toContainText('llm_call_error');
    await expect(detail).toContainText('RateLimitError 429 (attempt 3)');
  });
});
