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

/** What the renderer may not import; `extra` adds rules for a part of it. */
function rendererImports(extra) {
  return forbid(
    [
      ...extra,
      { group: ['**/main/**', '**/app/**', '!./app/**'], message: 'the renderer talks to the core only through lib/api.ts (renderer/main.tsx alone imports the shell).' },
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
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Named exports only (STYLE.md).' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [
          { group: ['**/main/**', '**/app/**', '**/renderer/**'], message: 'shared/ imports nothing outside shared/.' },
          { group: ['node:*'], message: 'shared/ is pure: no Node APIs.' },
          { group: ['**/testing/**'], message: 'production code never imports shared/testing.' },
        ],
        [...nodeBuiltins, 'electron', 'react', 'chokidar'].map((name) => ({ name, message: 'shared/ is pure: no Node, DOM or UI modules.' })),
      ),
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/**/*.test.ts'],
    rules: {
      'no-restricted-imports': forbid(
        [
          { group: ['**/app/**', '**/renderer/**'], message: 'main/ imports only shared/, node and chokidar.' },
          { group: ['**/testing/**', '!**/shared/testing/demoRun'], message: 'main/ uses shared/testing only for the demo writer.' },
        ],
        [{ name: 'electron', message: 'only app/electron imports electron.' }],
      ),
    },
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
    files: ['app/**/*.ts'],
    ignores: ['app/electron/**'],
    rules: {
      'no-restricted-imports': forbid(
        [{ group: ['**/renderer/**'], message: 'app/ serves the renderer build, never its code.' }],
        [{ name: 'electron', message: 'only app/electron imports electron.' }],
      ),
    },
  },
);
