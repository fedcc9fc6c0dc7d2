import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectron } from '../app/paths';
import { REPO, SAMPLES } from './serve';

const found = findElectron();
const reason = 'missing' in found ? `skipped: no Electron binary (${found.missing})` : '';
if (reason) process.stdout.write(`electron specs ${reason}\n`);

test.describe('Electron host', () => {
  test.skip(Boolean(reason), reason);

  test('opens a sample, shows the tree and a step, with the security settings applied', async () => {
    const app = await electron.launch({
      executablePath: 'path' in found ? found.path : '',
      args: [join(REPO, 'dist/electron/main.js'), join(SAMPLES, 'aikg_v0_2025-06')],
    });
    try {
      const page = await app.firstWindow();
      await page.getByRole('button', { name: 'task 0', exact: true }).click();
      await page.getByRole('button', { name: 'exp_add_op task 0 step 5 passed' }).click();
      await expect(page.getByTestId('editor-result')).toContainText('import triton');
      // No Node in the page (sandbox, no nodeIntegration), the contract only through the bridge.
      expect(await page.evaluate(() => [typeof (window as { require?: unknown }).require, typeof (window as { process?: unknown }).process])).toEqual([
        'undefined',
        'undefined',
      ]);
      expect(await page.evaluate(() => Object.keys((window as { tracelens?: object }).tracelens ?? {}).sort())).toEqual([
        'calls',
        'onPush',
        'openDropped',
        'openExternal',
      ]);
      // Navigation away from the app and new windows are refused.
      await page.evaluate(() => window.open('https://example.com'));
      expect(app.windows()).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
