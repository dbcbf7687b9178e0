// The floor for (a): the least any Node gateway can do — read the body, send it on to the department with undici,
// write the answer back. No authentication, limits, metrics or routing, so it is a reference, not a target to ship:
// what the fast path adds above it is what our checks cost.
import { createServer, type Server } from 'node:http';
import { Pool } from 'undici';
import { IDENTITY_HEADER, SIGNATURE_HEADER } from '../shared/identity';

export function createFloorProxy(target: string): Server {
  const url = new URL(target);
  const pool = new Pool(url.origin, { connections: 256 });
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      pool
        .request({
          method: 'POST',
          path: url.pathname,
          headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: String(req.headers[IDENTITY_HEADER]), [SIGNATURE_HEADER]: String(req.headers[SIGNATURE_HEADER]) },
          body: Buffer.concat(chunks),
        })
        .then((r) => r.body.text())
        .then(
          (text) => {
            res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
            res.end(text);
          },
          () => {
            res.writeHead(502);
            res.end();
          },
        );
    });
  });
}
