import ReactMarkdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * A Markdown file of a run (an AutoResearch plan or report) as a page. react-markdown builds React
 * elements, never HTML strings, and skips raw HTML (a report's inline SVG is not drawn: the file is
 * one click away). Links and images are not followed: this is a log, not a browser.
 */
const COMPONENTS: Components = {
  a: ({ children, href }) => <span title={href}>{children}</span>,
  img: ({ alt, src }) => <span className="muted" title={src}>{`[image${alt ? `: ${alt}` : ''}]`}</span>,
  // A box as written, not a checkbox: AutoResearch plans mark a failed item `[X]`, which GFM would tick as done.
  input: ({ checked }) => <span className="mono">{checked ? '[X]' : '[ ]'}</span>,
};

export function Markdown({ text }: { readonly text: string }) {
  return (
    <div className="markdown">
      <ReactMarkdown remarkPlugins={[remarkGfm]} skipHtml components={COMPONENTS}>
        {text}
      </ReactMarkdown>
    </div>
  );
}
