/**
 * The code in an LLM's answer. A coder's `result` is the raw answer in eras B and C (prose and
 * Markdown fences around the kernel) and the parsed code plus a `'''description'''` block in era A
 * (FORMATS.md §1.1): what is worth comparing between attempts is the code.
 */

const FENCE = /^(`{3,}|~{3,})[ \t]*([\w+#.-]*)[^\n]*\n([\s\S]*?)^\1[ \t]*$/gm;

/** Languages a kernel is written in; a fence in another (json, text, bash) is not the kernel. */
const CODE_LANGUAGES = new Set(['', 'python', 'py', 'python3', 'cpp', 'c++', 'c', 'cuda', 'cu', 'triton', 'ascendc', 'mindspore']);

/** The code of an answer: its longest fenced code block, else the text without era A's closing description; the text itself when neither. */
export function extractCode(text: string): { readonly code: string; readonly isExtracted: boolean } {
  let best: string | null = null;
  for (const match of text.matchAll(FENCE)) {
    const [, , language = '', body = ''] = match;
    if (!CODE_LANGUAGES.has(language.toLowerCase())) continue;
    if (best === null || body.length > best.length) best = body;
  }
  if (best !== null) return { code: best, isExtracted: true };
  const description = /\n\s*'''[\s\S]*'''\s*$/.exec(text);
  if (description && description.index > 0) return { code: `${text.slice(0, description.index).trimEnd()}\n`, isExtracted: true };
  return { code: text, isExtracted: false };
}

const MONACO_LANGUAGE: Readonly<Record<string, string>> = {
  '': 'python',
  python: 'python',
  py: 'python',
  python3: 'python',
  triton: 'python',
  mindspore: 'python',
  cpp: 'cpp',
  'c++': 'cpp',
  c: 'cpp',
  cuda: 'cpp',
  cu: 'cpp',
  ascendc: 'cpp',
};

/**
 * The language to show an answer's code in: its longest code fence's (a `cpp` fence: C++), else
 * `fallback` (a coder's answer without a fence is its code: era A writes parsed code).
 */
export function answerLanguage(text: string, fallback: string): string {
  let best: { language: string; length: number } | null = null;
  for (const match of text.matchAll(FENCE)) {
    const [, , language = '', body = ''] = match;
    const id = MONACO_LANGUAGE[language.toLowerCase()];
    if (id !== undefined && (best === null || body.length > best.length)) best = { language: id, length: body.length };
  }
  return best?.language ?? fallback;
}
