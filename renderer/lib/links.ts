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
