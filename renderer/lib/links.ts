import { externalLink } from '../../shared/parse/links';

/** Opens a link found in a log: http(s) only, and only once the user has said yes. */
export function openExternalLink(text: string): void {
  const verdict = externalLink(text);
  if (!verdict.ok) {
    window.alert(`TraceLens did not open this link: ${verdict.reason}.\n\n${text.slice(0, 300)}`);
    return;
  }
  if (!window.confirm(`Open this link from the log in your browser?\n\n${verdict.url}`)) return;
  if (window.tracelens?.openExternal) void window.tracelens.openExternal(verdict.url);
  else window.open(verdict.url, '_blank', 'noopener,noreferrer');
}

/**
 * A link that reopens the current view: `tracelens://open#/…` in the desktop app, the page's own
 * address in browser mode (the session token is not in it: the server keeps it in a cookie, so a
 * link works in the browser that opened the server, and is no key for anyone else).
 */
export function viewLink(): string {
  return window.tracelens ? `tracelens://open${window.location.hash}` : `${window.location.origin}${window.location.pathname}${window.location.hash}`;
}

/** Puts text on the clipboard; false when the page may not (no permission, no focus). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
