import { useEffect, useState } from 'react';
import { copyText } from '../lib/links';

/** Copies what `text` gives when pressed, and says for a moment whether it did. */
export function CopyButton({
  icon,
  label,
  what,
  text,
  title,
  disabled = false,
}: {
  readonly icon: 'copy' | 'file' | 'link';
  readonly label: string;
  readonly what: string;
  readonly text: () => string | null;
  readonly title?: string;
  readonly disabled?: boolean;
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 1500);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      className="copy-button"
      disabled={disabled}
      aria-label={`copy ${what}`}
      title={state === 'failed' ? 'the clipboard refused (the window may not have the focus)' : (title ?? `copy ${what}`)}
      onClick={() => {
        const value = text(); // at the press: what is shown then
        if (value !== null) void copyText(value).then((done) => setState(done ? 'copied' : 'failed'));
      }}
    >
      <span className={`icon icon-${icon}`} aria-hidden="true" />
      <span className="copy-label"> {state === 'copied' ? 'copied' : state === 'failed' ? 'not copied' : label}</span>
    </button>
  );
}
