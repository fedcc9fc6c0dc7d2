import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';

export const REPO = fileURLToPath(new URL('../', import.meta.url));
export const SAMPLES = join(REPO, 'test/fixtures/samples');

export interface Served {
  /** The URL `tracelens serve` printed, token included. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  close(): Promise<void>;
}

/** Runs the real `tracelens serve <dir>` and waits for the one line with its URL. */
export async function serve(dir: string): Promise<Served> {
  const child: ChildProcess = spawn(process.execPath, [join(REPO, 'bin/tracelens.js'), 'serve', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tracelens serve printed no URL:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`tracelens serve exited (${code}):\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get('token')!,
    close: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** A private copy of a sample (or an empty folder) in a temp dir. */
export async function tempRoot(sample?: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'tracelens-e2e-'));
  if (sample) await cp(join(SAMPLES, sample), dir, { recursive: true });
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Fails the test on any console error or uncaught exception of the page. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  return problems;
}

/** README screenshots: written into docs/ only when asked (UPDATE_SCREENSHOTS=1), else with the test results. */
/** The outline as the host answers it (what a test changes of it). */
export type OutlineAnswer = { ok: true; value: { status: unknown; tree: { runs: Array<{ ops: Array<{ tasks: unknown[] }> }> } } };

/**
 * Makes the page see a folder still being read: each answer of what is read so far says so
 * (`edit` may change it further), and the outline of the whole folder is held back until the
 * returned function is called.
 */
export async function stillReading(page: Page, edit: (answer: OutlineAnswer) => void = () => undefined): Promise<() => void> {
  await page.route(/\/api\/outline\?soFar=1/, async (route) => {
    const answer = (await (await route.fetch()).json()) as OutlineAnswer;
    answer.value.status = { state: 'scanning', message: 'reading the folder… 9 files so far', files: 9 };
    edit(answer);
    await route.fulfill({ json: answer });
  });
  return holdBack(page, /\/api\/outline$/);
}

/** Holds back the page's requests to `url` (the whole tree: `/api/tree`) until the returned function is called. */
export async function holdBack(page: Page, url: RegExp): Promise<() => void> {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(url, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

export function screenshotPath(name: string): string {
  return process.env.UPDATE_SCREENSHOTS === '1' ? join(REPO, 'docs/screenshots', name) : join(REPO, 'test-results/screenshots', name);
}

/** Serves a private copy of a sample for the tests of one describe block. */
export function serveSample(sample: string): () => Served {
  let server: Served | null = null;
  let root: Awaited<ReturnType<typeof tempRoot>> | null = null;
  test.beforeAll(async () => {
    root = await tempRoot(sample);
    server = await serve(root.dir);
  });
  test.afterAll(async () => {
    await server?.close();
    await root?.remove();
  });
  return () => server!;
}

/**
 * What a user does first in the aikg_v1 sample: a passed attempt's step, its diff against the
 * attempt before (d), and a find over every file (/). Each step is checked on screen.
 */
export async function readStepDiffFind(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'task 1_0_0', exact: true }).click();
  await page.getByRole('button', { name: 'Square_matrix_multiplication_ task 1_0_0 step 4 passed' }).click();
  await expect(page.getByTestId('editor-result')).toContainText('import torch');
  await page.keyboard.press('d');
  await expect(page.getByTestId('diff-editor').locator('.line-insert').first()).toBeVisible();
  await page.keyboard.press('/');
  await page.getByLabel('find text').fill('max_abs_diff');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('article', { name: 'find' }).getByRole('status')).toContainText('matches in');
}
