// Faults we control, on loopback: a TCP proxy that can be cut (refuse + drop every connection) and restored on the
// same port, optionally watching the client's bytes (MySQL sends SQL text in the clear); and an HTTP proxy that
// can swallow answers, so a request is processed upstream while its caller never hears back.
import { createServer as createTcpServer, connect, type Server as TcpServer, type Socket } from 'node:net';
import { createServer as createHttpServer, request as httpRequest, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export class TcpProxy {
  private server: TcpServer | undefined;
  private sockets = new Set<Socket>();
  port = 0;
  /** Called with each chunk the client sends; return false to freeze (the chunk and everything after are held back). */
  watch: ((chunk: Buffer) => boolean) | undefined;
  private frozen = false;

  constructor(private upstreamPort: number, private upstreamHost = '127.0.0.1') {}

  async start(): Promise<this> {
    const server = createTcpServer((client) => {
      const upstream = connect(this.upstreamPort, this.upstreamHost);
      this.sockets.add(client).add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('data', (chunk) => {
        if (this.frozen) return;
        if (this.watch && !this.watch(chunk)) {
          this.frozen = true;
          return;
        }
        upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        if (!this.frozen) client.write(chunk);
      });
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    await new Promise<void>((r, reject) => server.once('error', reject).listen(this.port, '127.0.0.1', () => r()));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** The database "goes away": open connections drop, new ones are refused. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((r) => server.close(() => r()));
  }

  /** Lets traffic flow again after a watch froze it (connections that were frozen stay frozen until they close). */
  unfreeze(): void {
    this.frozen = false;
    this.watch = undefined;
  }

  async restore(): Promise<void> {
    this.frozen = false;
    this.watch = undefined;
    if (!this.server) await this.start();
  }

  close = () => this.cut();
}

/** HTTP proxy in front of a subgraph: counts requests; `swallow(n)` lets the next n reach upstream but drops their answers. */
export class HttpProxy {
  private server: HttpServer | undefined;
  requests = 0;
  private swallowing = 0;
  url = '';
  onRequest: ((n: number) => void) | undefined;
  /** Upstream answers received so far (forwarded or swallowed), in the order they end. */
  finished = 0;
  onFinished: ((n: number) => void) | undefined;

  /** Where requests go; may be re-pointed (a restarted process on a new port). */
  constructor(public upstream: string) {}

  async start(): Promise<this> {
    const server = createHttpServer((req, res) => {
      const up = new URL(this.upstream);
      const n = ++this.requests;
      this.onRequest?.(n);
      const swallow = this.swallowing > 0 && this.swallowing-- > 0;
      const fwd = httpRequest({ host: up.hostname, port: up.port, path: req.url, method: req.method, headers: req.headers }, (upRes) => {
        upRes.on('end', () => this.onFinished?.(++this.finished));
        if (swallow) {
          upRes.resume();
          upRes.on('end', () => res.socket?.destroy());
          return;
        }
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      });
      fwd.on('error', () => res.socket?.destroy());
      req.pipe(fwd);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${new URL(this.upstream).pathname}`;
    this.server = server;
    return this;
  }

  swallow(n: number) {
    this.swallowing = n;
  }

  async close() {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
