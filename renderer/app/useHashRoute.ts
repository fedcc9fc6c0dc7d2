import { useEffect } from 'react';
import { hashToRoute, routeToHash } from '../store/route';
import { useStore } from '../store/store';

/** The route lives in the store; the address bar mirrors it and can drive it (back, reload, links). */
export function useHashRoute(): void {
  const route = useStore((s) => s.route);
  useEffect(() => {
    const fromHash = () =>
      useStore.getState().navigate(hashToRoute(window.location.hash), { byUser: window.location.hash !== '' && window.location.hash !== '#/' });
    fromHash();
    // The token has done its work once the page is loaded (a cookie carries it now): keep it out of the address bar.
    if (new URLSearchParams(window.location.search).has('token')) history.replaceState(null, '', `${window.location.pathname}${window.location.hash}`);
    window.addEventListener('hashchange', fromHash);
    return () => window.removeEventListener('hashchange', fromHash);
  }, []);
  useEffect(() => {
    const hash = routeToHash(route);
    if (window.location.hash === hash || (route.view === 'home' && window.location.hash === '')) return;
    // The user's choices make history entries; following a live run only updates the address.
    if (useStore.getState().isRouteByUser) history.pushState(null, '', hash);
    else history.replaceState(null, '', hash);
  }, [route]);
}
