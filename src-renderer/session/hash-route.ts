/**
 * Mirrors the route in the URL hash (`#/thread/<id>`), so a reload keeps the open thread and the
 * browser's back button leaves it. The query string (which carries the token) is never touched.
 */
import { useAppStore, type Route } from '../stores/app-store';

export function parseHash(hash: string): Route {
  const match = /^#\/thread\/(.+)$/.exec(hash);
  return match?.[1] ? { view: 'thread', threadId: decodeURIComponent(match[1]) } : { view: 'dashboard' };
}

export function routeHash(route: Route): string {
  return route.view === 'thread' ? `#/thread/${encodeURIComponent(route.threadId)}` : '#/';
}

export function startHashRouting(): () => void {
  const fromHash = () => {
    const route = parseHash(window.location.hash);
    if (routeHash(route) !== routeHash(useAppStore.getState().route)) useAppStore.getState().navigate(route);
  };
  fromHash();
  window.addEventListener('hashchange', fromHash);
  const unsubscribe = useAppStore.subscribe((state, previous) => {
    if (state.route === previous.route) return;
    const hash = routeHash(state.route);
    if (hash !== (window.location.hash || '#/')) window.location.hash = hash;
  });
  return () => {
    window.removeEventListener('hashchange', fromHash);
    unsubscribe();
  };
}
