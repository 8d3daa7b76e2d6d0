/**
 * A tiny local "developer's site" for leak tests: an HTML page, a service worker that fetches
 * whatever URL the page posts to it, and a sink that answers 204.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Site {
  url: string;
  close(): Promise<void>;
}

export async function startSite(): Promise<Site> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      // A misconfigured page: its referrer policy sends the full URL to other origins.
      res.end('<!doctype html><html><head><meta name="referrer" content="unsafe-url"><title>Shop</title></head><body><h1>Shop</h1></body></html>');
      return;
    }
    if (path === '/sw.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(
        "self.addEventListener('install', () => self.skipWaiting());\n" +
          "self.addEventListener('activate', (e) => e.waitUntil(self.clients.claim()));\n" +
          "self.addEventListener('message', (e) => e.waitUntil(fetch(e.data).then(() => e.source.postMessage('done'), () => e.source.postMessage('done'))));\n",
      );
      return;
    }
    res.writeHead(204, { 'access-control-allow-origin': '*' });
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A realistic access token of the given user (random hex). */
export function fakeAccessToken(userId = '123456789', prefix = 'APP_USR'): string {
  const hex = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${prefix}-1234567890123456-112312-${hex}-${userId}`;
}
