import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { serve, type Served, tempRoot, watchConsole } from './serve';

// What an MM-Agent run made (its Workspace: code, results, charts, LaTeX, Markdown) and how its
// evaluator scored it, on the run's page; a chart opens as an image.

const RUN = 'MMAgent/output/MM-Agent/2025_C_20261203-154441';

test.describe("an MM-Agent run's products and evaluation (2026-01 usage sample)", () => {
  let served: Served;
  let root: Awaited<ReturnType<typeof tempRoot>>;
  test.beforeAll(async () => {
    root = await tempRoot('mm_agent_usage_2026-01');
    // The sample's evaluation failed upstream (FORMATS.md §4.4); one as the evaluator writes it.
    await mkdir(join(root.dir, RUN, 'Memory/evaluation'), { recursive: true });
    await writeFile(
      join(root.dir, RUN, 'Memory/evaluation/evaluation_results.json'),
      JSON.stringify({
        problem_id: '2025_C',
        evaluation_model: 'gpt-4o',
        structural_coherence_evaluation: { analysis_1: { reason: '结构清晰, each task answered in order', score: 8 } },
        solution_completeness_evaluation: { analysis_1: { reason: 'the evaluator stopped' } },
      }),
    );
    served = await serve(root.dir);
  });
  test.afterAll(async () => {
    await served.close();
    await root.remove();
  });

  test('the charts drawn, the files by folder, the scores with their reasons; a chart opens as an image', async ({ page }) => {
    const problems = watchConsole(page);
    await page.goto(`${served.url.split('#')[0]}#/run?path=${encodeURIComponent(RUN)}`);
    const products = page.getByRole('region', { name: 'products of the run' });
    const charts = products.getByLabel('charts', { exact: true }).locator('img');
    await expect(charts).toHaveCount(2);
    await expect.poll(() => charts.evaluateAll((images) => images.map((image) => (image as HTMLImageElement).naturalWidth > 0))).toEqual([true, true]);
    await expect(products.getByRole('region', { name: 'Workspace code' })).toContainText('main1.py');
    await expect(products.getByRole('region', { name: 'Workspace latex' })).toContainText('solution.tex');
    // Listed once: not again among the run's other files.
    await expect(page.getByRole('region', { name: 'run files' })).not.toContainText('main1.py');
    const scores = page.getByRole('region', { name: 'evaluation' });
    await expect(scores).toContainText('Evaluation of 2025_C (by gpt-4o');
    await expect(scores.getByRole('table', { name: 'scores for structural coherence' })).toContainText('8结构清晰, each task answered in order');
    // A score not written is unknown, never 0.
    await expect(scores.getByRole('table', { name: 'scores for solution completeness' })).toContainText('unknown');
    await products
      .getByLabel('charts', { exact: true })
      .getByRole('button', { name: /chart_1\.png/ })
      .click();
    const image = page.locator('img.image-preview');
    await expect(image).toBeVisible();
    expect(await image.evaluate((element) => (element as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });
});
