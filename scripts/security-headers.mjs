// The HTTP headers every response of the app carries (`npm start`, `vite preview`, `npm run dev`; the same
// values are written out for static hosts in public/_headers and README's nginx snippet, and an e2e test
// checks they agree). A <meta> policy does not reach Web Workers, so the policy must be a header: a
// worker's policy is the one on its script's response, and blob: workers inherit their creator's.
//
// script-src allows blob: only because tfjs-backend-wasm starts its pthreads as blob: workers that
// importScripts() a blob: copy of its own factory. Chromium lets that through without it, but 'self' does
// not match blob: in the CSP spec, so stricter browsers would block tfjs's threads. It opens no way out:
// blob: URLs can only be minted by code already running on this origin, and connect-src 'self' still
// keeps every request on this origin.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "img-src 'self' data: blob:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Cross-origin isolation lets the WASM backend and the k-means kernel use threads (SharedArrayBuffer).
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  ...ISOLATION_HEADERS,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};
