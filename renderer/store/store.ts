import { api } from '../lib/api';
import { queryClient } from '../lib/hostData';
import { createStore } from './createStore';

export type { Store } from './createStore';

/** The page's address bar: the user's choices make history entries, following replaces the address. */
const pageAddress = {
  read: () => window.location.hash,
  push: (hash: string) => history.pushState(null, '', hash),
  replace: (hash: string) => history.replaceState(null, '', hash),
};

/** The app's one store, on the host it runs in. */
export const useStore = createStore({ api, queries: queryClient, address: pageAddress, now: () => performance.now() });
