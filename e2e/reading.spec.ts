import { appendFile, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { screenshotPath, serve, type Served, tempRoot, watchConsole } from './serve';

// Reading a step as an engineer reads code: what is there side by side, nothing empty in the way,
// the kernel that ran beside the answer, conductor notes in words, headers that stay put, copy.

const OP = 'aikg_logs/Task_i49c7ohg/Square_matrix_multiplication_';
const stepUrl = (served: Served, task: string, step: number) => `${served.url.split('#')[0]}#/step?op=${encodeURIComponent(OP)}&task=${task}&step=${step}`;

test.describe('reading a step (era B sample, edited: an empty reasoning file and a long traceback line)', () => {
  let served: Served;
  let root: Awaited<ReturnType<typeof tempRoot>>;
  test.beforeAll(async () => {
    root = await tempRoot('aikg_v1_2026-01');
    const op = join(root.dir, OP);
    await truncate(join(op, 'I1_0_1_S04_Square_matrix_multiplication__coder_reasoning.txt'), 0);
    await appendFile(
      join(op, 'I1_0_1_S03_Square_matrix_multiplication__verifier_error_log.txt'),
      `RuntimeError: ${'shape mismatch in the K loop; '.repeat(20)}\n`,
    );
    served = await serve(root.dir);
  });
  test.afterAll(async () => {
    await served.close();
    await root.remove();
  });

  test("a verifier's step: its error log as the one pane, wrapped, linked, not shown twice; the conductor's decision in words", async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(stepUrl(served, '1_0_1', 3));
    const view = page.getByRole('article', { name: 'step view' });
    const pane = view.getByRole('region', { name: 'error log pane' });
    await expect(pane).toContainText('AssertionError');
    // No empty prompt / reasoning / result columns, and the log is not repeated below.
    await expect(view.getByRole('region', { name: /^(prompt|reasoning|result) pane$/ })).toHaveCount(0);
    await expect(view.getByLabel('verifier error log')).toHaveCount(1);
    // The long line wraps: nothing is cut at the right edge.
    const log = pane.getByLabel('verifier error log');
    await expect(log).toContainText('shape mismatch in the K loop');
    expect(await log.evaluate((element) => element.scrollWidth <= element.clientWidth + 1)).toBe(true);
    // The traceback line opens the verify script at its line.
    await pane.getByRole('button', { name: /verify_Square_matrix_multiplication_\.py", line 42/ }).click();
    await expect(page).toHaveURL(/#\/file\?path=.*verify_Square_matrix_multiplication_\.py&line=42$/);
    await page.goBack();
    const note = view.getByLabel('conductor decision_decision');
    await expect(note).toContainText('decisionnext: coder');
    await expect(note).toContainText('suggestion修正 K 维边界 mask');
    await note.getByText('as written').click();
    await expect(note.locator('pre')).toHaveText('{"decision": "coder", "suggestion": "修正 K 维边界 mask"}');
    expect(problems).toEqual([]);
  });

  test("a coder's step: prompt and reasoning as plain text, the answer as Python, the verified kernel beside it; empty files are strips; any pane maximised and restored", async ({
    page,
  }) => {
    const problems = watchConsole(page);
    await page.goto(stepUrl(served, '1_0_1', 4));
    const view = page.getByRole('article', { name: 'step view' });
    await expect(view.getByTestId('editor-prompt')).toHaveAttribute('data-language', 'plaintext');
    await expect(view.getByTestId('editor-result')).toHaveAttribute('data-language', 'python');
    await expect(view.getByRole('region', { name: 'verified kernel pane' })).toContainText('import triton');
    // The empty reasoning file is a strip that says so, not a column.
    const strip = view.getByRole('button', { name: 'show reasoning' });
    await expect(strip).toHaveText('reasoning · empty');
    await expect(view.getByRole('region', { name: 'reasoning pane' })).toHaveCount(0);
    await page.screenshot({ path: screenshotPath('step-panes.png') });
    await strip.click();
    await expect(view.getByRole('region', { name: 'reasoning pane' })).toContainText('Empty file (0 bytes)');
    await view.getByRole('button', { name: 'hide reasoning' }).click();
    await expect(strip).toBeVisible();
    // Maximised: the result over the whole width, the others strips; Escape restores.
    const result = view.getByRole('region', { name: 'result pane' });
    const before = (await result.boundingBox())!.width;
    await view.getByRole('button', { name: 'maximise result' }).click();
    await expect(view.getByRole('button', { name: 'show prompt' })).toBeVisible();
    await expect(view.getByRole('button', { name: 'show verified kernel' })).toBeVisible();
    await expect.poll(async () => (await result.boundingBox())!.width).toBeGreaterThan(before * 2);
    await page.keyboard.press('Escape');
    await expect(view.getByRole('region', { name: 'verified kernel pane' })).toBeVisible();
    await expect(view.getByRole('region', { name: 'prompt pane' })).toBeVisible();
    expect(problems).toEqual([]);
  });

  test('the step header keeps its place from step to step: one line, the buttons where they were', async ({ page }) => {
    await page.setViewportSize({ width: 1100, height: 700 });
    const placeOf = async (task: string, step: number) => {
      await page.goto(stepUrl(served, task, step));
      const header = page.getByRole('article', { name: 'step view' }).locator('header.step-header');
      await expect(header.getByRole('heading')).toContainText(`task ${task}`);
      const diff = (await header.getByRole('button', { name: 'Diff with previous attempt' }).boundingBox())!;
      return { height: (await header.boundingBox())!.height, diffX: Math.round(diff.x), diffY: Math.round(diff.y) };
    };
    const first = await placeOf('1_0_0', 3); // a verifier's step, no attempt buttons enabled
    for (const [task, step] of [
      ['1_0_0', 4],
      ['1_0_1', 2],
      ['1_1_0', 1],
    ] as const)
      expect(await placeOf(task, step)).toEqual(first);
  });

  test('copy: a pane’s path and text, and a link that reopens the view (y)', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(stepUrl(served, '1_0_0', 4));
    const view = page.getByRole('article', { name: 'step view' });
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await view.getByRole('button', { name: 'copy result path' }).click();
    await expect.poll(clipboard).toBe(`${OP}/I1_0_0_S04_Square_matrix_multiplication__coder_result.txt`);
    await expect(view.getByRole('button', { name: 'copy result path' })).toContainText('copied');
    await view.getByRole('button', { name: 'copy result text' }).click();
    await expect.poll(clipboard).toBe(await readFile(join(root.dir, OP, 'I1_0_0_S04_Square_matrix_multiplication__coder_result.txt'), 'utf8'));
    // The link: this view's address, without the session token; opened, the same step.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('y');
    await expect.poll(clipboard).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#\/step\?op=.*&task=1_0_0&step=4$/);
    const link = await clipboard();
    expect(link).not.toContain('token');
    const other = await context.newPage();
    await other.goto(link);
    await expect(other.getByRole('article', { name: 'step view' }).getByRole('heading')).toHaveText(/task 1_0_0 › S04$/);
  });

  test("the editors' icons are the bundled codicon font: the find widget's buttons are not empty boxes", async ({ page }) => {
    await page.goto(stepUrl(served, '1_0_0', 4));
    const editor = page.getByTestId('editor-result');
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+f');
    const widget = editor.locator('.find-widget');
    await expect(widget).toBeVisible();
    await expect.poll(() => codiconLoaded(page)).toBe(true);
    await widget.screenshot({ path: 'test-results/find-widget.png' });
  });
});

/** Whether the codicon font face was loaded (it is fetched only once an icon needs it). */
function codiconLoaded(page: Page): Promise<boolean> {
  return page.evaluate(() => [...document.fonts].some((face) => face.family.replaceAll('"', '') === 'codicon' && face.status === 'loaded'));
}

test.describe('verify folders as the writers fill them now (br_agents sample)', () => {
  let served: Served;
  let root: Awaited<ReturnType<typeof tempRoot>>;
  test.beforeAll(async () => {
    root = await tempRoot('akg_agents_br_2026-07');
    // A checker that found errors, as FORMATS.md §4.1 says it writes them (the sample's checks all passed).
    await writeFile(
      join(root.dir, 'akg_agents_logs/Task_rf4e1e2y/akg_agents_softmax/Iteration_Init_Task2_Step01_akg_agents_softmax_code_checker_result.txt'),
      JSON.stringify({
        passed: false,
        error_count: 6,
        errors: [
          {
            line: 14,
            error_type: 'forbidden_torch_op',
            detail: 'forward() 中调用了 torch.softmax',
            suggestion: 'compute the row max, exp and sum in the kernel',
            code_snippet: 'return torch.softmax(x, dim=-1)',
            fix_strategy: 'rewrite_forward',
          },
        ],
      }),
    );
    served = await serve(root.dir);
  });
  test.afterAll(async () => {
    await served.close();
    await root.remove();
  });
  const at = (op: string, task: string, step: number) =>
    `${served.url.split('#')[0]}#/step?op=${encodeURIComponent(`akg_agents_logs/${op}`)}&task=${task}&step=${step}`;

  test('each case of each verify: passed or not, why, and the times; a multi-case failure fails the attempt', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(at('Task_rf4e1e2y/akg_agents_softmax', '_Gen1_Task3', 1));
    const view = page.getByRole('article', { name: 'step view' });
    await expect(view.locator('header.step-header')).toContainText('failed');
    const single = view.getByRole('region', { name: 'verification in Iteration_Gen1_Task3_Step1_verify' });
    await expect(single).toContainText('passed, 1 of 1 cases passed');
    const multi = view.getByRole('region', { name: 'verification in Iteration_Gen1_Task3_multicase_Step1_verify' });
    await expect(multi).toContainText('failed, 3 of 4 cases passed');
    const failedCase = multi.getByRole('table', { name: 'cases of Iteration_Gen1_Task3_multicase_Step1_verify' }).getByRole('row').nth(4);
    await expect(failedCase).toContainText('shape=(8, 257)');
    await expect(failedCase).toContainText('kernel_miss');
    await expect(failedCase).toContainText('compare: 验证失败');
    // The second attempt (kernel_gen Step04) is the one that ran in Step3_verify, and passed.
    await page.getByRole('button', { name: 'attempt ▶' }).click();
    await expect(view.getByRole('heading', { level: 1 })).toHaveText(/task _Gen1_Task3 › S04$/);
    await expect(view.getByRole('region', { name: 'verification in Iteration_Gen1_Task3_multicase_Step3_verify' })).toContainText(
      'passed, 4 of 4 cases passed',
    );
    expect(problems).toEqual([]);
  });

  test("a code checker's result is its error list: line, kind, detail, the code and the fix", async ({ page }) => {
    await page.goto(`${at('Task_rf4e1e2y/akg_agents_softmax', '_Init_Task2', 1)}&agent=code_checker`);
    const check = page.getByRole('region', { name: 'result pane' }).getByLabel('code check');
    await expect(check).toContainText('failed · 6 errors (5 more not listed: the checker writes the first 5)');
    await expect(check.getByRole('listitem')).toHaveCount(1);
    await expect(check).toContainText('forbidden_torch_op at line 14: forward() 中调用了 torch.softmax');
    await expect(check).toContainText('return torch.softmax(x, dim=-1)');
    await expect(check).toContainText('Suggestion: compute the row max, exp and sum in the kernel');
  });

  test('profiled times per case beside the framework’s, and why there is no roofline', async ({ page }) => {
    await page.goto(at('Task_zwl53xio/akg_agents_gelu', '0', 1));
    const verify = page.getByRole('region', { name: 'verification in Iteration0_Step1_verify' });
    await expect(verify).toContainText('profiled: framework 378.82 µs');
    await expect(verify).toContainText('kernel 3.05 ms');
    const cases = verify.getByRole('table', { name: 'profiled cases' }).getByRole('row');
    await expect(cases).toHaveCount(3);
    await expect(cases.nth(1)).toContainText('0.12×');
    await expect(verify).toContainText('roofline: skipped — backend=cpu 当前不支持 roofline');
    // A passing verify's log is its output, not an error.
    await expect(page.getByRole('article', { name: 'step view' })).toContainText('Verifier output');
  });
});
