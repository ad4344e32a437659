// Registers the generated service worker (vite-plugin-pwa, see vite.config.ts) in production builds
// only: under `npm run dev` and in the browser tests no service worker exists or is registered.
// It is served from this origin (/sw.js), which the Content-Security-Policy in index.html allows.
export const SERVICE_WORKER_URL = '/sw.js';

/** Built apps only. MODE, not PROD: the end-to-end tests build inside Vitest, where NODE_ENV (and so PROD) is "test". */
export function serviceWorkerEnabled(): boolean {
  return import.meta.env.MODE === 'production' && typeof navigator !== 'undefined' && 'serviceWorker' in navigator;
}

/** Registers after the page has loaded, so precaching never competes with the first paint. */
export async function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (!serviceWorkerEnabled()) return null;
  if (document.readyState !== 'complete') await new Promise((resolve) => window.addEventListener('load', resolve, { once: true }));
  return navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: '/' });
}
