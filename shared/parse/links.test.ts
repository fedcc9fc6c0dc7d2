import { describe, expect, it } from 'vitest';
import { externalLink } from './links';

describe('externalLink', () => {
  it('allows http and https', () => {
    expect(externalLink('https://triton-lang.org/main/index.html')).toEqual({ ok: true, url: 'https://triton-lang.org/main/index.html' });
    expect(externalLink('http://example.com')).toMatchObject({ ok: true });
  });
  it.each([
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/html,<script>1</script>',
    'vscode://x',
    'ftp://host/x',
    'https://user:pw@example.com/',
    'not a url',
    `https://x.com/${'a'.repeat(3000)}`,
  ])('refuses %s', (url) => {
    expect(externalLink(url)).toMatchObject({ ok: false });
  });
});
