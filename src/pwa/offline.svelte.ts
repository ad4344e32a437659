// Whether the app can start without a network (a service worker controls the page, so every file is
// served from its cache) and whether the device is online now. The UI shows one of three words.
import { registerServiceWorker, serviceWorkerEnabled } from './register';

export type OfflineState = 'offline' | 'offline-ready' | 'online';

export class OfflineStatus {
  online = $state(typeof navigator === 'undefined' ? true : navigator.onLine);
  /** A service worker serves this page (the whole app is cached). */
  controlled = $state(typeof navigator !== 'undefined' && !!navigator.serviceWorker?.controller);
  /** Why the service worker could not be installed, if it could not. */
  problem = $state<string | null>(null);
  readonly enabled = serviceWorkerEnabled();

  state: OfflineState = $derived(!this.online ? 'offline' : this.controlled ? 'offline-ready' : 'online');
  label = $derived(this.state === 'offline' ? 'Offline' : this.state === 'offline-ready' ? 'Offline ready' : 'Online');
  detail = $derived(
    this.state === 'offline'
      ? this.controlled
        ? 'No network: the app runs from its offline copy, with your data in this browser.'
        : 'No network. The app has no offline copy yet, so a reload would fail.'
      : this.state === 'offline-ready'
        ? 'The whole app is stored in this browser: it will start and work without a network.'
        : this.problem
          ? `The app could not be stored for offline use: ${this.problem}`
          : this.enabled
            ? 'Storing the app for offline use…'
            : 'Offline use is available in the built app (npm start), not in development.',
  );

  /** Listens for network and service-worker changes, and registers the service worker; returns a stop function. */
  start(): () => void {
    const update = () => {
      this.online = navigator.onLine;
      this.controlled = !!navigator.serviceWorker?.controller;
    };
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    navigator.serviceWorker?.addEventListener('controllerchange', update);
    registerServiceWorker().then(
      () => update(),
      (e: unknown) => (this.problem = e instanceof Error ? e.message : String(e)),
    );
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
      navigator.serviceWorker?.removeEventListener('controllerchange', update);
    };
  }
}
