// Lint: TypeScript rules plus the import layering of STYLE.md, one block per top-level folder.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'http', 'net', 'url', 'util', 'crypto', 'stream', 'events'];

/** `no-restricted-imports`: what a folder may not import (patterns), plus exact module names (paths). */
function forbid(groups, paths = []) {
  return ['error', { patterns: groups.map(({ group, message }) => ({ group, message })), paths }];
}

/**
 * The file system, for main/ and app/: every read under an opened root goes through main/gate.ts.
 * The few files that touch the disk for other reasons are listed in GATE_EXCEPTIONS, each with why.
 */
const FS_MODULES = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises'].map((name) => ({
  name,
  allowTypeImports: true,
  message:
    'files under an opened root are reached only through main/files/gate.ts (RootGate): it confines, and opens regular files only (DESIGN.md "Security").',
}));
const GATE_EXCEPTIONS = [
  'main/files/gate.ts', // the gate itself
  'main/index/walk.ts', // lists names (readdir) for the index; reads no content
  'main/workers/walk.ts', // the same listing, on the walk's thread
  'main/workers/workerFile.ts', // finds the workers' built files
  'main/workers/eventIndex.ts', // reads (readSync) through a descriptor the gate opened and checked; opens nothing
  'main/demo.ts', // writes the demo run: the agent's side, not a reader of an opened root
  'app/cli.ts', // writes --out (refused inside an opened root) and makes the demo's temp folder
  'app/bundle.ts', // writes the bundle into --out (refused inside the opened root) and copies the page's build; the run is read through the gate
  'app/paths.ts', // finds the renderer build and the Electron binary
  'app/electron/main.ts', // the recent-folders list in Electron's userData
  'app/electron/window.ts', // the window's size and place in Electron's userData
];
const MAIN_GROUPS = [
  { group: ['**/app/**', '**/renderer/**'], message: 'main/ imports only shared/, node and chokidar.' },
  { group: ['**/testing/**'], message: 'production code never imports shared/testing.' },
];
const APP_GROUPS = [{ group: ['**/renderer/**'], message: 'app/ serves the renderer build, never its code.' }];
const ONLY_APP_ELECTRON = { name: 'electron', message: 'only app/electron imports electron.' };

/**
 * Allow-lists of packages (relative imports are ruled by the groups beside them): anything not
 * named here is refused, so a new dependency of shared/ or the renderer is a decision, not a slip.
 */
const allowOnly = (packages, message) => ({ group: ['*', '!.*', '!./**', '!../**', ...packages.map((name) => `!${name}`)], message });
const SHARED_PACKAGES = ['valibot', 'json5'];
const RENDERER_PACKAGES = [
  'react',
  'react/*',
  'react-dom',
  'react-dom/*',
  'zustand',
  'zustand/**',
  '@tanstack',
  '@tanstack/react-query',
  'valibot',
  'monaco-editor',
  'monaco-editor/**',
  // Markdown files of a run (AutoResearch plans and reports) as pages; README says why these.
  'react-markdown',
  'remark-gfm',
];

const SHARED_GROUPS = [
  allowOnly(SHARED_PACKAGES, `shared/ is pure and imports only these packages: ${SHARED_PACKAGES.join(', ')}.`),
  { group: ['**/main/**', '**/app/**', '**/renderer/**'], message: 'shared/ imports nothing outside shared/.' },
  { group: ['node:*'], message: 'shared/ is pure: no Node APIs.' },
  { group: ['**/testing/**'], message: 'production code never imports shared/testing.' },
];
const SHARED_PATHS = [...nodeBuiltins, 'electron', 'react', 'chokidar'].map((name) => ({ name, message: 'shared/ is pure: no Node, DOM or UI modules.' }));

/** What the renderer may not import; `extra` adds rules for a part of it. */
function rendererImports(extra, packages = RENDERER_PACKAGES) {
  return forbid(
    [
      ...extra,
      allowOnly(packages, `the renderer imports only these packages: ${packages.join(', ')}.`),
      {
        group: ['**/main/**', '**/app/**', '!./app/**'],
        message: 'the renderer talks to the core only through lib/api.ts (renderer/main.tsx alone imports the shell).',
      },
      { group: ['node:*'], message: 'the renderer runs in a browser: no Node APIs.' },
      { group: ['**/shared/testing/**'], message: 'production code never imports shared/testing.' },
    ],
    [...nodeBuiltins, 'electron', 'chokidar'].map((name) => ({ name, message: 'the renderer runs in a browser.' })),
  );
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-results/', '.bench/', 'playwright-report/'] },
  js.configs.recommended,
  { files: ['**/*.js', '**/*.mjs'], languageOptions: { globals: globals.node } },
  ...tseslint.configs.recommended,
  // Rules that need the types: a switch over a union names every case (or has a default), and no
  // promise is dropped unseen (write `void` where dropping one is meant).
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { project: ['./tsconfig.node.json', './tsconfig.web.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Named exports only (STYLE.md).' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts', 'shared/testing/**'],
    rules: { 'no-restricted-imports': forbid(SHARED_GROUPS, SHARED_PATHS) },
  },
  // Test helpers (generators of runs for property tests) may use fast-check too; production code never imports them.
  {
    files: ['shared/testing/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [
          allowOnly([...SHARED_PACKAGES, 'fast-check'], `shared/testing imports only these packages: ${[...SHARED_PACKAGES, 'fast-check'].join(', ')}.`),
          ...SHARED_GROUPS.slice(1, 3),
        ],
        SHARED_PATHS,
      ),
    },
  },
  // Inside shared/, the direction model ← parse ← analysis: the model knows no parser, a parser
  // no analysis, and neither the contract (which may use them all).
  {
    files: ['shared/model/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [
          ...SHARED_GROUPS,
          {
            group: ['../parse/**', '../analysis/**', '../contract', '../testing/**'],
            message: 'shared/model/ imports only shared/model/ (model ← parse ← analysis).',
          },
        ],
        SHARED_PATHS,
      ),
    },
  },
  {
    files: ['shared/parse/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [
          ...SHARED_GROUPS,
          { group: ['../analysis/**', '../contract'], message: 'shared/parse/ imports shared/model/ and other parsers only (model ← parse ← analysis).' },
        ],
        SHARED_PATHS,
      ),
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/**/*.test.ts', ...GATE_EXCEPTIONS],
    rules: { 'no-restricted-imports': forbid(MAIN_GROUPS, [ONLY_APP_ELECTRON, ...FS_MODULES]) },
  },
  {
    files: GATE_EXCEPTIONS.filter((file) => file.startsWith('main/')),
    rules: { 'no-restricted-imports': forbid(MAIN_GROUPS, [ONLY_APP_ELECTRON]) },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'no-restricted-imports': rendererImports([]),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/editor/**'],
    rules: {
      'no-restricted-imports': rendererImports([{ group: ['monaco-editor', 'monaco-editor/*'], message: 'all Monaco code lives in renderer/editor/.' }]),
    },
  },
  {
    // The renderer's unit tests run in Node but keep to the renderer's world, plus the test tools.
    files: ['renderer/**/*.test.{ts,tsx}'],
    rules: {
      'no-restricted-imports': rendererImports(
        [{ group: ['monaco-editor', 'monaco-editor/*'], message: 'all Monaco code lives in renderer/editor/.' }],
        [...RENDERER_PACKAGES, 'vitest', 'fast-check'],
      ),
    },
  },
  {
    files: ['app/**/*.ts'],
    ignores: ['app/electron/**', 'app/**/*.test.ts', ...GATE_EXCEPTIONS],
    rules: { 'no-restricted-imports': forbid(APP_GROUPS, [ONLY_APP_ELECTRON, ...FS_MODULES]) },
  },
  {
    files: ['app/electron/**/*.ts'],
    ignores: ['app/**/*.test.ts', ...GATE_EXCEPTIONS],
    rules: { 'no-restricted-imports': forbid(APP_GROUPS, FS_MODULES) },
  },
  {
    files: GATE_EXCEPTIONS.filter((file) => file.startsWith('app/') && !file.startsWith('app/electron/')),
    rules: { 'no-restricted-imports': forbid(APP_GROUPS, [ONLY_APP_ELECTRON]) },
  },
  {
    files: GATE_EXCEPTIONS.filter((file) => file.startsWith('app/electron/')),
    rules: { 'no-restricted-imports': forbid(APP_GROUPS) },
  },
);
