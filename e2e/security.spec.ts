import { execFileSync } from 'node:child_process';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { WebSocket } from 'ws';
import { serve, type Served, tempRoot } from './serve';

const PROMPT = `Build the kernel.\n<img src=x onerror="window.__xss = 'img'">\n<script>window.__xss = 'script'</script>\n<b>bold?</b>\nDocs: https://triton-lang.org/main/index.html\nLocal: file:///etc/passwd\n`;

test.describe('hostile content and peers', () => {
  let server: Served;
  let root: Awaited<ReturnType<typeof tempRoot>>;
  let outside: Awaited<ReturnType<typeof tempRoot>>;
  test.beforeAll(async () => {
    root = await tempRoot();
    outside = await tempRoot();
    await writeFile(join(outside.dir, 'secret.txt'), 'top secret');
    const op = join(root.dir, 'Task_x', 'relu');
    await mkdir(op, { recursive: true });
    await writeFile(join(op, 'I0_S01_relu_DoDesigner_prompt.txt'), PROMPT);
    await writeFile(join(op, 'I0_S01_relu_DoDesigner_result.txt'), '<script>window.__xss = "result"</script>');
    await writeFile(join(root.dir, 'Task_x', '<img src=x onerror=window.__xss=1>.txt'), 'a file whose name is markup');
    const evilOp = join(root.dir, 'Task_x', '<svg onload=window.__xss=3>');
    await mkdir(evilOp, { recursive: true });
    await writeFile(join(evilOp, 'I0_S01_<svg onload=window.__xss=3>_DoCoder_result.txt'), 'ok');
    const logs = join(root.dir, 'agent', 'Memory', 'logs');
    await mkdir(logs, { recursive: true });
    await writeFile(
      join(logs, 'execution_tracker_readable.txt'),
      `[2026-01-19T10:20:00] (+0.100s) [ERROR] <img/src=x/onerror=window.__xss=4>: {'stage': '<b onmouseover=window.__xss=5>', 'error': '<script>window.__xss = 6</script>'}\n`,
    );
    await symlink(join(outside.dir, 'secret.txt'), join(op, 'link-out.txt'));
    // Ways out named like records: their content must never reach the page.
    await symlink(join(outside.dir, 'secret.txt'), join(op, 'I2_S01_relu_DoDesigner_result.txt'));
    execFileSync('mkfifo', [join(op, 'I2_S01_relu_DoDesigner_prompt.txt')]);
    await writeFile(join(op, 'I1_S01_relu_DoDesigner_reasoning.txt'), 'thinking about tiles\n'.repeat(300_000));
    await writeFile(join(op, 'I1_S01_relu_DoDesigner_result.txt'), Buffer.from([0x80, 0x02, 0x00, 0x00, 0x10, 0xff]));
    server = await serve(root.dir);
  });
  test.afterAll(async () => {
    await server.close();
    await root.remove();
    await outside.remove();
  });

  test('log text and file names render as text and run nothing', async ({ page }) => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'task 0', exact: true }).nth(1).click();
    await page.getByRole('button', { name: /^relu task 0 step 1/ }).click();
    await expect(page.getByTestId('editor-prompt')).toContainText('<img src=x onerror=');
    await expect(page.getByTestId('editor-prompt')).toContainText('<script>window.__xss');
    await expect(page.getByTestId('editor-result')).toContainText('<script>');
    await expect(page.getByRole('button', { name: 'other file Task_x/<img src=x onerror=window.__xss=1>.txt' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'op <svg onload=window.__xss=3>' })).toBeVisible();
    // Event types, stages and payloads: text on the axis, in the table and in the data tree.
    await page.getByRole('button', { name: 'event log agent/Memory/logs' }).click();
    await page
      .getByRole('table', { name: 'events' })
      .getByRole('row', { name: /onerror/ })
      .click();
    const detail = page.getByRole('complementary', { name: 'selected event' });
    await expect(detail).toContainText('<script>window.__xss = 6</script>');
    await expect(detail.getByRole('heading')).toContainText('<img/src=x/onerror=window.__xss=4>');
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator('main img, main script, main svg[onload], nav img, nav svg').count()).toBe(0);
  });

  test('a link in a log opens only http(s), and only after the user says yes', async ({ page, context }) => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'task 0', exact: true }).nth(1).click();
    await page.getByRole('button', { name: /^relu task 0 step 1/ }).click();
    const prompt = page.getByTestId('editor-prompt');
    const dialogs: Array<{ type: string; message: string }> = [];
    page.on('dialog', (dialog) => {
      dialogs.push({ type: dialog.type(), message: dialog.message() });
      void dialog.dismiss();
    });
    // Ctrl+click as a user does, at the link's place: Monaco redraws a link under a held Ctrl,
    // so an element click would chase a node that keeps being replaced.
    const ctrlClick = async (text: string) => {
      const box = await prompt.locator('.detected-link', { hasText: text }).first().boundingBox();
      expect(box).not.toBeNull();
      await page.keyboard.down('ControlOrMeta');
      await page.mouse.click(box!.x + 4, box!.y + box!.height / 2);
      await page.keyboard.up('ControlOrMeta');
    };
    await ctrlClick('triton-lang.org');
    await expect.poll(() => dialogs.length).toBe(1);
    expect(dialogs[0]).toEqual({ type: 'confirm', message: 'Open this link from the log in your browser?\n\nhttps://triton-lang.org/main/index.html' });
    await ctrlClick('file:///etc/passwd');
    await expect.poll(() => dialogs.length).toBe(2);
    expect(dialogs[1]!.type).toBe('alert');
    expect(dialogs[1]!.message).toContain('TraceLens opens only http and https links from logs, not file:');
    expect(context.pages()).toHaveLength(1); // nothing opened: the user said no
  });

  test('a link out of the folder and a FIFO are shown where they stand, as not read, and never read', async ({ page }) => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'task 2', exact: true }).click();
    await page.getByRole('button', { name: /^relu task 2 step 1/ }).click();
    await expect(page.getByRole('region', { name: 'result pane' })).toContainText(
      'I2_S01_relu_DoDesigner_result.txt: a link to outside the opened folder: not read',
    );
    await expect(page.getByRole('region', { name: 'prompt pane' })).toContainText('I2_S01_relu_DoDesigner_prompt.txt: a FIFO (named pipe): not read');
    // Listed in the tree, with why.
    await expect(page.getByText(/^Not read \(3\)$/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'not read Task_x/relu/link-out.txt: a link to outside the opened folder: not read' })).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('not-read.png') });
    // Find does not read them either.
    await page.keyboard.press('/');
    await page.getByRole('searchbox', { name: 'find text' }).fill('top secret');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status')).toContainText('0 matches');
    await expect(page.locator('body')).not.toContainText('top secret');
  });

  test('a large file is read in part and says so; a binary file is named, not dumped', async ({ page }) => {
    await page.goto(server.url);
    await page.getByRole('button', { name: 'task 1', exact: true }).click();
    await page.getByRole('button', { name: /^relu task 1 step 1/ }).click();
    await expect(page.getByRole('region', { name: 'reasoning pane' })).toContainText('Showing the first 4.0 MB of 6.0 MB: the rest is not loaded.');
    await expect(page.getByTestId('editor-reasoning')).toContainText('thinking about tiles');
    await expect(page.getByRole('region', { name: 'result pane' })).toContainText('Binary file (6 B): not shown.');
  });

  test('no token, no data: HTTP and WebSocket refuse requests without it', async ({ request }) => {
    const bare = await request.get(`${server.origin}/`);
    expect(bare.status()).toBe(401);
    expect(await bare.text()).toContain('open the full URL');
    expect((await request.get(`${server.origin}/index.html?token=wrong`)).status()).toBe(401);
    expect((await request.get(server.url)).status()).toBe(200);
    // A foreign Host header (DNS rebinding) is refused even with the token.
    expect((await request.get(server.url, { headers: { host: 'evil.example:80' } })).status()).toBe(421);
    // The WebSocket, from the right origin: refused without the token, accepted with it.
    const socket = (query: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`${server.origin.replace('http', 'ws')}/api${query}`, { origin: server.origin });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('error', () => resolve('refused'));
      });
    expect(await socket('')).toBe('refused');
    expect(await socket('?token=not-the-token')).toBe('refused');
    expect(await socket(`?token=${server.token}`)).toBe('open');
  });

  test('the WebSocket refuses a missing token and a foreign origin, and the core refuses paths outside the root', async ({ page }) => {
    // Sockets as a stranger opens them: no token, or the token from a page of another origin.
    const socket = (query: string, origin: string) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(`${server.origin.replace('http', 'ws')}/api${query}`, { origin });
        ws.on('open', () => {
          ws.close();
          resolve('open');
        });
        ws.on('error', () => resolve('refused'));
      });
    const port = new URL(server.origin).port;
    expect(await socket('', server.origin)).toBe('refused');
    for (const foreign of [
      'http://evil.example',
      'null',
      `http://127.0.0.1:${Number(port) + 1}`,
      `https://127.0.0.1:${port}`,
      `http://127.0.0.1.evil.example:${port}`,
    ]) {
      expect(await socket(`?token=${server.token}`, foreign), foreign).toBe('refused');
    }
    expect(await socket(`?token=${server.token}`, server.origin)).toBe('open');
    await page.goto(server.url);
    const outcome = await page.evaluate(async (origin) => {
      const open = (url: string) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(url);
          ws.onopen = () => resolve('open');
          ws.onerror = () => resolve('refused');
        });
      // The page has the cookie; a socket with a wrong token in the URL and no cookie is what a stranger has.
      const call = (ws: WebSocket, id: number, args: unknown) =>
        new Promise<unknown>((resolve) => {
          ws.addEventListener('message', (event) => {
            const message = JSON.parse(String(event.data));
            if (message.id === id) resolve(message.result);
          });
          ws.send(JSON.stringify({ id, call: 'file.read', args }));
        });
      const ws = new WebSocket(`${origin.replace('http', 'ws')}/api`);
      await new Promise((resolve) => (ws.onopen = resolve));
      const results = [];
      for (const [i, path] of ['../secret.txt', '/etc/passwd', 'Task_x/relu/link-out.txt', 'Task_x/../../x', 'C:\\Windows\\win.ini'].entries())
        results.push(await call(ws, 100 + i, { path }));
      results.push(await call(ws, 200, { path: 42 }));
      ws.close();
      return { results, wrongPath: await open(`${origin.replace('http', 'ws')}/not-api`) };
    }, server.origin);
    expect(outcome.wrongPath).toBe('refused');
    const codes = outcome.results.map((result) => (result as { ok: boolean; error?: { code: string } }).error?.code);
    expect(codes).toEqual(['outside-root', 'outside-root', 'outside-root', 'outside-root', 'outside-root', 'invalid-argument']);
  });

  test('a WebSocket from another origin or without the token is refused', async ({ browser }) => {
    // A fresh context has no cookie: the stranger's view. about:blank's origin is not the server's.
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('about:blank');
    const base = `${server.origin.replace('http', 'ws')}/api`;
    const states = await page.evaluate(
      (urls) =>
        Promise.all(
          urls.map(
            (url) =>
              new Promise<string>((resolve) => {
                const ws = new WebSocket(url);
                ws.onopen = () => resolve('open');
                ws.onerror = () => resolve('refused');
              }),
          ),
        ),
      [`${base}?token=${server.token}`, base],
    );
    expect(states).toEqual(['refused', 'refused']);
    await context.close();
  });
});
