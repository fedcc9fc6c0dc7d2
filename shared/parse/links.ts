/**
 * Which links found in log text may be opened, and only after the user says so: http(s), no
 * credentials in them, of a sane length. Logs are written by an LLM; a link is a suggestion.
 */
export type LinkVerdict = { readonly ok: true; readonly url: string } | { readonly ok: false; readonly reason: string };

export function externalLink(text: string): LinkVerdict {
  if (text.length > 2048) return { ok: false, reason: 'the link is too long' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'not a link' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { ok: false, reason: `TraceLens opens only http and https links from logs, not ${url.protocol}` };
  if (url.username || url.password) return { ok: false, reason: 'the link carries a user name or password' };
  return { ok: true, url: url.href };
}
