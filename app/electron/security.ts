/**
 * Electron's security checklist as data (no `electron` import, so it is testable without the
 * binary): the window's web preferences, what the window may navigate to, which IPC senders count.
 */
export const WEB_PREFERENCES = {
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
} as const;

/** The BrowserWindow options of every TraceLens window: the checklist above, the preload, hidden until ready. */
export function windowOptions(title: string, preload: string, bounds: { x: number; y: number; width: number; height: number } | null) {
  return {
    title: `TraceLens — ${title}`,
    width: bounds?.width ?? 1400,
    height: bounds?.height ?? 900,
    ...(bounds ? { x: bounds.x, y: bounds.y } : {}),
    show: false,
    webPreferences: { ...WEB_PREFERENCES, preload },
  };
}

/** The renderer's origin: the privileged app:// scheme that serves only the built renderer. */
export const APP_ORIGIN = 'app://tracelens/';

/** Navigation stays inside the app; everything else is refused. */
export function isAppUrl(url: string | undefined): boolean {
  if (typeof url !== 'string') return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'app:' && parsed.host === 'tracelens';
  } catch {
    return false;
  }
}
