/// <reference lib="dom" />
/**
 * The sandboxed preload (built to one CommonJS file): exposes the contract as `window.tracelens`,
 * one method per call (each its own IPC channel, checked in main), plus pushes and folder drops.
 * Nothing else of Node or Electron reaches the page.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { type Bridge, CALL_NAMES } from '../../shared/contract';
import { IPC_CHANNELS } from './channels';

// One method per call; Object.fromEntries cannot know its keys are exactly the call names.
const calls = Object.fromEntries(CALL_NAMES.map((name) => [name, (args: unknown) => ipcRenderer.invoke(IPC_CHANNELS.call(name), args)])) as Bridge['calls'];

const bridge = {
  calls,
  onPush: (listener: (name: string, data: unknown) => void) => {
    const handler = (_event: unknown, name: string, data: unknown) => listener(name, data);
    ipcRenderer.on(IPC_CHANNELS.push, handler);
    return () => ipcRenderer.off(IPC_CHANNELS.push, handler);
  },
  /** A folder dropped on the window: main checks it is a folder and opens it. */
  openDropped: (file: Blob) => ipcRenderer.invoke(IPC_CHANNELS.openDropped, webUtils.getPathForFile(file as File)), // the page drops Files
  /** An http(s) link the user chose to open; main checks it again. */
  openExternal: (url: string) => ipcRenderer.invoke(IPC_CHANNELS.openExternal, url),
} satisfies Bridge;

contextBridge.exposeInMainWorld('tracelens', bridge);

ipcRenderer.on(IPC_CHANNELS.navigate, (_event, hash: unknown) => {
  if (typeof hash === 'string' && hash.startsWith('#/')) window.location.hash = hash;
});
