/**
 * All Monaco set-up (STACK.md): the slim editor entry plus only the features and languages
 * TraceLens shows, the editor worker bundled locally (never a CDN), themes.
 */
import * as monaco from 'monaco-editor/editor';
// The icons of the find widget and the diff gutter use the codicon font the page loads (main.tsx).
import 'monaco-editor/features/find/register';
import 'monaco-editor/features/diffEditor/register';
import 'monaco-editor/features/folding/register';
import 'monaco-editor/features/bracketMatching/register';
import 'monaco-editor/features/clipboard/register';
import 'monaco-editor/features/wordHighlighter/register';
import 'monaco-editor/features/links/register';
import 'monaco-editor/languages/definitions/python/register';
import 'monaco-editor/languages/definitions/markdown/register';
import 'monaco-editor/languages/definitions/cpp/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { openExternalLink } from '../lib/links';

self.MonacoEnvironment = {
  getWorker: () => new EditorWorker(),
};

// Links in log text: found by one plain rule in every language (Monaco's own provider waits for
// its worker service, which only a diff starts), and never opened by themselves: the opener asks
// first and allows only http(s).
const LINK = /\b(?:https?|file|ftp):\/\/[^\s<>"'`)\]]+/g;
monaco.languages.registerLinkProvider('*', {
  provideLinks(model) {
    const links: monaco.languages.ILink[] = [];
    const lines = model.getLineCount();
    for (let line = 1; line <= lines && links.length < 1000; line++) {
      const text = model.getLineContent(line);
      for (const match of text.matchAll(LINK)) {
        const url = match[0].replace(/[.,;:]+$/, '');
        links.push({ range: new monaco.Range(line, match.index + 1, line, match.index + 1 + url.length), url });
      }
    }
    return { links };
  },
});
monaco.editor.registerLinkOpener({
  open(resource) {
    openExternalLink(resource.toString(true));
    return true;
  },
});

export function currentTheme(): 'vs' | 'vs-dark' {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'vs-dark' : 'vs';
}

/** Big files stay responsive: no tokenizing past this, no diff computation past the time limit. */
export const EDITOR_LIMITS = { maxTokenizationLineLength: 5000, maxComputationTime: 3000, maxFileSize: 50 } as const;

export { monaco };
