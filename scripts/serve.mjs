// `npm start`: serves the built app on localhost (a secure context, needed for WebGPU). vite.config.ts gives
// every response the headers of scripts/security-headers.mjs: the Content-Security-Policy (which must be a
// header to cover the Web Workers), cross-origin isolation (threads for the WASM backend) and nosniff.
import { preview } from 'vite';

const port = Number(process.env.PORT ?? 4173);
const server = await preview({ preview: { port, strictPort: false, host: '127.0.0.1', open: false } });
const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
console.log(`\nRetention Lab is running at ${url.replace('127.0.0.1', 'localhost')}  (Ctrl+C to stop)\n`);
