import type { QueryClient } from '@tanstack/react-query';
import { create } from 'zustand';
import type { Api } from '../lib/api';
import { indexSlice, type IndexSlice } from './indexSlice';
import { navSlice, type NavSlice } from './navSlice';

/** The address bar, as the store writes it (the page's history, or a stand-in in tests). */
export interface AddressBar {
  /** The current `#/…` part. */
  read(): string;
  push(hash: string): void;
  replace(hash: string): void;
}

export interface StoreDeps {
  readonly api: Api;
  /** Where answers of the host are cached; the store makes them stale as deltas arrive. */
  readonly queries: QueryClient;
  readonly address: AddressBar;
  readonly now: () => number;
}

/** What the user chose and the live tree; what is asked of the host lives in lib/hostData.ts. */
export type Store = IndexSlice & NavSlice;

/** One store of slices (as the Inspect viewer builds its own): the app's in store.ts, a test's with stand-ins. */
export function createStore(deps: StoreDeps) {
  return create<Store>()((...a) => ({ ...indexSlice(deps)(...a), ...navSlice(deps)(...a) }));
}
