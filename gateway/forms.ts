// GET /forms/task/<id>[?token=…]: the printable 一企一表 as a page, so the joint office can print from a link.
// It asks the gateway's own GraphQL API with the caller's token, so every authorization rule still applies.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayRuntime } from '@graphql-hive/gateway-runtime';
import { escapeHtml } from '../shared/io/report-render';

// The message comes from the API (and may quote what a caller typed): it is escaped, never inserted as markup.
const page = (status: number, title: string, body: string) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;max-width:40em;margin:3em auto"><h1 style="font-size:1.3em">${escapeHtml(title)}</h1><p>${escapeHtml(body)}</p><p><small>HTTP ${status}</small></p></body></html>`;

export async function handleFormRequest(runtime: GatewayRuntime, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const m = /^\/forms\/task\/(\d+)$/.exec(url.pathname);
  if (!m || req.method !== 'GET') return false;
  const token = url.searchParams.get('token') ?? req.headers.authorization?.replace(/^Bearer\s+/i, '');
  const response = await runtime.fetch('http://localhost/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: 'query($id: ID!) { jointFormHtml(taskId: $id) }', variables: { id: m[1] } }),
  });
  const body = (await response.json()) as { data?: { jointFormHtml?: string } | null; errors?: { message: string; extensions?: { code?: string } }[] };
  const html = body.data?.jointFormHtml;
  const code = body.errors?.[0]?.extensions?.code;
  const status = html ? 200 : code === 'NOT_FOUND' ? 404 : code === 'FORBIDDEN' || code === 'UNAUTHENTICATED' || response.status === 401 ? 403 : 502;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html ?? page(status, '无法打开一企一表', body.errors?.[0]?.message ?? '未知错误'));
  return true;
}
