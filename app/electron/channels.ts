/**
 * Every IPC channel between the Electron main process and the window, named once (the preload,
 * main and the handlers' checks use these). No imports: the sandboxed preload bundles it.
 */
export const IPC_CHANNELS = {
  /** One channel per contract call: `tracelens:tree.snapshot`, … */
  call: (name: string): string => `tracelens:${name}`,
  /** main → window: pushed messages of the contract. */
  push: 'tracelens:push',
  /** main → window: a tracelens:// link to show. */
  navigate: 'tracelens:navigate',
  /** window → main: an http(s) link the user chose to open. */
  openExternal: 'tracelens:open-external',
  /** window → main: a folder dropped on the window. */
  openDropped: 'tracelens:open-dropped',
} as const;
