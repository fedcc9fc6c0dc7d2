import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../server/server';
import { isAppUrl, WEB_PREFERENCES } from './security';

describe("Electron's security checklist", () => {
  it('isolates and sandboxes the renderer, with no Node anywhere', () => {
    expect(WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false });
  });

  it('lets the window navigate only inside the app and trusts only its own frames', () => {
    expect(isAppUrl('app://tracelens/index.html#/step?op=x')).toBe(true);
    for (const url of ['https://example.com', 'file:///etc/passwd', 'app://evil/index.html', 'app://tracelens.evil.com/', 'javascript:alert(1)', 'data:text/html,x', '', undefined]) {
      expect(isAppUrl(url)).toBe(false);
    }
  });

  it('serves the UI under a CSP with no remote code, no inline script and no eval', () => {
    const directives = Object.fromEntries(CONTENT_SECURITY_POLICY.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});
