/**
 * All Monaco set-up (STACK.md): the slim editor entry plus only the features and languages
 * TraceLens shows, the editor worker bundled locally (never a CDN), themes.
 */
import * as monaco from 'monaco-editor/editor';
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/diffEditor/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/languages/definitions/markdown/register';
import 'monaco-editor/languages/definitions/cpp/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';

self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

export function currentTheme(): 'vs' | 'vs-dark' {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'vs-dark' : 'vs';
}

/** Big files stay responsive: no tokenizing past this, no diff computation past the time limit. */
export const EDITOR_LIMITS = { maxTokenizationLineLength: 5000, maxComputationTime: 3000, maxFileSize: 50 } as const;

export { monaco };
