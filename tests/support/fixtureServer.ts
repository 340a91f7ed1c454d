import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface FixtureServer {
  url: (pathname: string) => string;
  /** Routes by exact path (query ignored); unknown paths get 404. */
  routes: Map<string, Route>;
  /** Requests received, as "METHOD /path", for assertions. */
  requests: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders }>;
  close: () => Promise<void>;
}

/** A real HTTP server on 127.0.0.1 (or another loopback address) with an ephemeral port, closed by the test that starts it. */
export async function startFixtureServer(
  routes: Record<string, Route> = {},
  host = '127.0.0.1',
): Promise<FixtureServer> {
  const table = new Map(Object.entries(routes));
  const requests: FixtureServer['requests'] = [];
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push({ method: req.method ?? 'GET', path: pathname, headers: req.headers });
    const route = table.get(pathname);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    Promise.resolve(route(req, res)).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(err));
    });
  });
  const sockets = new Set<import('node:net').Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (pathname) => `http://${host}:${port}${pathname}`,
    routes: table,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export function send(body: string | Buffer, contentType: string, headers: Record<string, string> = {}): Route {
  return (_req, res) => {
    res.writeHead(200, { 'content-type': contentType, ...headers }).end(body);
  };
}
