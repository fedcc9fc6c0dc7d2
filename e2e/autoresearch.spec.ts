import { expect, test } from '@playwright/test';
import { screenshotPath, serveSample, watchConsole } from './serve';

// An AutoResearch loop as a run of its own: its rounds (round 0 the seed) with what the loop
// decided, its times, its plan and report as pages, its agent's conversation, each round a step.

test.describe('an AutoResearch run, workspace form (2026-06 sample)', () => {
  const served = serveSample('autoresearch_ws_2026-06');

  test('beside kernel runs in the overview; its rounds, state and report on its page; a round opens as a step', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(served().url);
    const overview = page.getByRole('article', { name: 'overview' });
    const runRow = overview.getByRole('row', { name: 'run ar_tasks/softmax_1796312452_6dde31' });
    await expect(runRow).toContainText('AutoResearch');
    await expect(runRow).toContainText('R1'); // the first round after the seed that was kept
    await runRow.getByRole('button', { name: /softmax_1796312452_6dde31/ }).click();

    const runPage = page.getByRole('article', { name: 'run overview' });
    await expect(runPage.getByRole('region', { name: 'Rounds', exact: true })).toContainText('5 (5 with a verdict)');
    await expect(runPage.getByRole('region', { name: 'Best speed-up', exact: true })).toContainText('0.25×');
    const section = runPage.getByRole('region', { name: 'AutoResearch ar_tasks/softmax_1796312452_6dde31' });
    await expect(section.getByLabel('loop state')).toContainText('phase FINISH · rounds 4 of 4');
    const rounds = section.getByRole('table', { name: 'rounds of softmax' }).getByRole('row');
    await expect(rounds).toHaveCount(6);
    await expect(rounds.nth(1)).toContainText('SEED');
    await expect(rounds.nth(2)).toContainText('KEEP');
    await expect(rounds.nth(2)).toContainText('4.38 ms');
    await expect(rounds.nth(3)).toContainText('FAIL');
    await expect(rounds.nth(3)).toContainText('unknown'); // no latency written for the failed round: unknown, not 0
    await expect(rounds.nth(5)).toContainText('DISCARD');
    // The report as a page (its Chinese headings and tables drawn), the plan one tab away.
    await expect(section.getByRole('heading', { name: 'softmax — 优化报告' })).toBeVisible();
    await section.getByRole('tab', { name: 'plan.md' }).click();
    await expect(section.locator('.markdown')).toContainText('p1');
    await page.screenshot({ path: screenshotPath('autoresearch.png') });

    await rounds.nth(3).getByRole('button').click();
    const view = page.getByRole('article', { name: 'step view' });
    await expect(view.getByRole('heading', { level: 1 })).toHaveText(/softmax › task softmax › R2$/);
    await expect(view.locator('header.step-header')).toContainText('FAIL');
    await expect(view.getByRole('region', { name: 'verified kernel pane' })).toContainText('r2: single-pass online max/sum');
    const shapes = view.getByRole('table', { name: 'shapes of round 2' }).getByRole('row');
    await expect(shapes.nth(1)).toContainText('kernel_miss');
    await expect(shapes.nth(1)).toContainText('7.24 ms');
    await expect(view.getByRole('button', { name: 'history.jsonl:3' })).toBeVisible();
    // The round's error is the verifier's log: said once.
    await expect(view).toContainText("Its error is the verifier's log, below.");
    expect(problems).toEqual([]);
  });
});

test.describe('an AutoResearch run, v1 (2026-04 sample, killed mid-run)', () => {
  const served = serveSample('autoresearch_v1_2026-04');

  test('accepted and rejected rounds; the heartbeat left by the kill; the agent session readable message by message', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(`${served().url.split('#')[0]}#/run?path=${encodeURIComponent('akg_agents_logs/Task_920r11ef')}`);
    const section = page.getByRole('region', { name: /^AutoResearch .*akg_agents_softmax_1796311634_f7b111$/ });
    await expect(section.getByLabel('loop state')).toContainText('phase active · rounds 5/8');
    const rounds = section.getByRole('table', { name: 'rounds of akg_agents_softmax' }).getByRole('row');
    await expect(rounds).toHaveCount(6);
    await expect(rounds.nth(4)).toContainText('rejected'); // correct but slower
    await expect(rounds.nth(5)).toContainText('accepted');
    const turns = section.getByRole('table', { name: 'agent turns' }).getByRole('row');
    await expect(turns).toHaveCount(6);
    await expect(turns.nth(3)).toContainText('edit (online max/sum single pass)');
    await expect(turns.nth(3)).toContainText('eval_fail');
    await section.getByText(/^Agent session/).click();
    const session = section.getByLabel('agent session');
    await expect(session.getByRole('region', { name: 'message 1, user' })).toContainText('# Optimization Task: akg_agents_softmax');
    await expect(session.getByRole('region', { name: 'message 2, assistant' })).toContainText('calls update_plan');
    expect(problems).toEqual([]);
  });
});
