import { app, BrowserWindow, screen } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isAppUrl, windowOptions } from './security';

interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
  isMaximized?: boolean;
}

const stateFile = () => join(app.getPath('userData'), 'window-state.json');

function savedBounds(): Bounds | null {
  try {
    const bounds = JSON.parse(readFileSync(stateFile(), 'utf8')) as Bounds; // our own file; checked below
    const visible = screen
      .getAllDisplays()
      .some(({ workArea: a }) => bounds.x < a.x + a.width && bounds.x + bounds.width > a.x && bounds.y < a.y + a.height && bounds.y + bounds.height > a.y);
    return visible && bounds.width > 200 && bounds.height > 200 ? bounds : null;
  } catch {
    return null;
  }
}

/** A window with Electron's security checklist applied; its size and place are remembered. */
export function createWindow(title: string): BrowserWindow {
  const bounds = savedBounds();
  const win = new BrowserWindow(windowOptions(title, fileURLToPath(new URL('./preload.cjs', import.meta.url)), bounds));
  if (bounds?.isMaximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    try {
      writeFileSync(stateFile(), JSON.stringify({ ...win.getNormalBounds(), isMaximized: win.isMaximized() }));
    } catch {
      // Not being able to remember the window's size is no reason to stop closing it.
    }
  });
  // Log text is untrusted: it never opens windows (links to the web come later, behind a confirmation).
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  return win;
}
