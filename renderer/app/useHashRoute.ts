import { useEffect } from 'react';
import { hashToRoute } from '../store/route';
import { useStore } from '../store/store';

/**
 * The address bar drives the route (back, forward, reload, a pasted link); the store's navigate
 * writes the address for every other move, so the two never disagree.
 */
export function useHashRoute(): void {
  useEffect(() => {
    const fromHash = () =>
      useStore
        .getState()
        .navigate(hashToRoute(window.location.hash), { byUser: window.location.hash !== '' && window.location.hash !== '#/', fromAddress: true });
    fromHash();
    // The token has done its work once the page is loaded (a cookie carries it now): keep it out of the address bar.
    if (new URLSearchParams(window.location.search).has('token')) history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, []);
}
