/**
 * Registers the service worker (public URL `sw.js`, next to the page; generated at build by
 * scripts/serviceWorker.ts) so that a second visit works offline. Built app only: the dev
 * server serves files that change on every edit.
 */
export function registerServiceWorker(after: Promise<unknown> = Promise.resolve()): void {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const register = (): void => {
    navigator.serviceWorker.register(new URL('sw.js', document.baseURI)).catch(() => {
      // No offline copy (private mode, a host that refuses it): the app works as before.
    });
  };
  const loaded = new Promise<void>((resolve) => {
    if (document.readyState === 'complete') resolve();
    else window.addEventListener('load', () => resolve(), { once: true });
  });
  void Promise.all([loaded, after]).then(register);
}
