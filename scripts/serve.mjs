// `npm start`: serves the built app on localhost (a secure context, needed for WebGPU) with the
// cross-origin-isolation headers that let the WASM backend use threads.
import { preview } from 'vite';

const port = Number(process.env.PORT ?? 4173);
const server = await preview({ preview: { port, strictPort: false, host: '127.0.0.1', open: false } });
const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
console.log(`\nRetention Lab is running at ${url.replace('127.0.0.1', 'localhost')}  (Ctrl+C to stop)\n`);
