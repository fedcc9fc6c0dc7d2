import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../server/server';
import { isAppUrl, windowOptions } from './security';

describe("Electron's security checklist", () => {
  it('opens every window isolated and sandboxed, with no Node anywhere and only the preload', () => {
    // What window.ts hands to new BrowserWindow(…), for a first window and a remembered one.
    for (const bounds of [null, { x: 10, y: 20, width: 800, height: 600 }]) {
      const options = windowOptions('run', '/app/preload.cjs', bounds);
      expect(options.webPreferences).toEqual({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        experimentalFeatures: false,
        spellcheck: false,
        preload: '/app/preload.cjs',
      });
      expect(options).toMatchObject({ title: 'TraceLens — run', show: false, width: bounds?.width ?? 1400 });
    }
  });

  it('lets the window navigate only inside the app and trusts only its own frames', () => {
    expect(isAppUrl('app://tracelens/index.html#/step?op=x')).toBe(true);
    for (const url of [
      'https://example.com',
      'file:///etc/passwd',
      'app://evil/index.html',
      'app://tracelens.evil.com/',
      'javascript:alert(1)',
      'data:text/html,x',
      '',
      undefined,
    ]) {
      expect(isAppUrl(url)).toBe(false);
    }
  });

  it('serves the UI under a CSP with no remote code, no inline script and no eval', () => {
    const directives = Object.fromEntries(
      CONTENT_SECURITY_POLICY.split(';')
        .map((part) => part.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});
