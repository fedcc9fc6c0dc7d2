/**
 * The Electron host: windows, menus, dialogs, argv, single instance, the app:// scheme. Thin by
 * design: everything it shows comes from the same core and renderer as browser mode.
 */
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell, type MenuItemConstructorOptions } from 'electron';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore, type Core } from '../../main/core';
import { TraceIndex } from '../../main/index/traceIndex';
import { writeDemo } from '../../main/demo';
import { describeFsError, RootGate } from '../../main/files/gate';
import { IPC_CHANNELS } from './channels';
import { registerHandlers, serveAppRequest } from './ipc';
import { APP_ORIGIN } from './security';
import { createWindow } from './window';

const RENDERER = fileURLToPath(new URL('../renderer/', import.meta.url));

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

interface Opened {
  readonly win: BrowserWindow;
  readonly index: TraceIndex;
  readonly core: Core;
}

const opened = new Map<number, Opened>();

const recentFile = () => join(app.getPath('userData'), 'recent.json');
function recent(): string[] {
  try {
    const list: unknown = JSON.parse(readFileSync(recentFile(), 'utf8'));
    return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string').slice(0, 10) : [];
  } catch {
    return [];
  }
}
function remember(dir: string): void {
  try {
    writeFileSync(recentFile(), JSON.stringify([dir, ...recent().filter((item) => item !== dir)].slice(0, 10)));
  } catch {
    // A recent list that cannot be written is only a smaller convenience.
  }
  app.addRecentDocument(dir);
  buildMenu();
}

async function openRoot(dir: string, hash = ''): Promise<void> {
  let index: TraceIndex;
  try {
    // Followed once the window has its first numbers (the core says when): see TraceIndexOptions.watch.
    index = await TraceIndex.open(dir, { watch: 'on-follow' });
  } catch (error) {
    dialog.showErrorBox('TraceLens', `Cannot open ${dir}: ${describeFsError(error)}`);
    return;
  }
  const core = createCore(index);
  const win = createWindow(basename(dir));
  const id = win.webContents.id;
  opened.set(id, { win, index, core });
  const offPush = core.onPush((name, data) => {
    if (!win.isDestroyed()) win.webContents.send(IPC_CHANNELS.push, name, data);
  });
  win.on('closed', () => {
    offPush();
    opened.delete(id);
    void index.close();
  });
  remember(dir);
  await win.loadURL(`${APP_ORIGIN}index.html${hash}`);
}

async function openDemo(): Promise<void> {
  const dir = join(app.getPath('temp'), `tracelens-demo-${Date.now()}`);
  void writeDemo(dir, { tickMs: 400 });
  await openRoot(dir);
}

async function chooseFolder(): Promise<void> {
  const result = await dialog.showOpenDialog({ title: 'Open a trace folder', properties: ['openDirectory'] });
  if (!result.canceled && result.filePaths[0]) await openRoot(result.filePaths[0]);
}

function buildMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Open Folder…', accelerator: 'CmdOrCtrl+O', click: () => void chooseFolder() },
        {
          label: 'Open Recent',
          submenu: recent().length > 0 ? recent().map((dir) => ({ label: dir, click: () => void openRoot(dir) })) : [{ label: 'None yet', enabled: false }],
        },
        { label: 'Open Demo Run', click: () => void openDemo() },
        { type: 'separator' },
        { role: 'close' },
        { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        // The page's own views, by their addresses (the page checks the address as it checks a link).
        { label: 'Overview', click: () => showView('#/') },
        { label: 'Compare Runs', click: () => showView('#/compare?baseline=') },
        { label: 'Autopsy', click: () => showView('#/autopsy') },
        { type: 'separator' },
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

/** Shows a view of the focused window by its address. */
function showView(hash: string): void {
  BrowserWindow.getFocusedWindow()?.webContents.send(IPC_CHANNELS.navigate, hash);
}

/** `tracelens://…#/step?…` opens that view; a plain folder argument opens that folder. */
async function handleArgs(argv: readonly string[], cwd: string): Promise<void> {
  const link = argv.find((arg) => arg.startsWith('tracelens://'));
  if (link) {
    const hash = new URL(link).hash;
    const target = [...opened.values()][0]?.win;
    if (target && hash) target.webContents.send(IPC_CHANNELS.navigate, hash);
    return;
  }
  const dir = argv.slice(1).find((arg) => !arg.startsWith('-') && !arg.endsWith('.js') && arg !== '.');
  if (dir) await openRoot(resolve(cwd, dir));
  else if (opened.size === 0) await openDemo();
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, cwd) => void handleArgs(argv, cwd));
  app.setAsDefaultProtocolClient('tracelens');
  app.on('open-url', (event, url) => {
    event.preventDefault();
    void handleArgs([url], process.cwd());
  });

  void app.whenReady().then(async () => {
    session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
    const renderer = await RootGate.open(RENDERER);
    protocol.handle('app', (request) => serveAppRequest(renderer, request.url));
    registerHandlers(ipcMain, opened, { openExternal: (url) => shell.openExternal(url), openFolder: (path) => openRoot(path) });
    buildMenu();
    await handleArgs(process.argv, process.cwd());
  });
  app.on('window-all-closed', () => app.quit());
}
