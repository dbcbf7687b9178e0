// Persisted-operations allow-list: a manifest `{ "<sha256 of the query text>": "<query text>" }`. Clients may send
// the hash alone (extensions.persistedQuery.sha256Hash, served by the Hive runtime) or the full text; in
// allow-list-only mode a text whose hash is not listed is refused, so the web app works unchanged once its
// queries are in the manifest (`npm run persisted-manifest`).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLError } from 'graphql';
import type { GatewayPlugin } from '@graphql-hive/gateway-runtime';
import type { Identity } from '../shared/identity';

export type Manifest = Record<string, string>;

export const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

export function loadManifest(file: string): Manifest {
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  for (const [hash, query] of Object.entries(manifest))
    if (sha256Hex(query) !== hash) throw new Error(`持久化查询清单 ${file}：${hash.slice(0, 12)}… 与查询文本的 SHA-256 不符`);
  return manifest;
}

/** The query texts of the web app (template literals without interpolation assigned to UPPER_CASE constants). */
export function manifestFromSource(source: string): Manifest {
  const manifest: Manifest = {};
  // Named constants (const OVERVIEW = `…`) and literal operations passed inline ('mutation(…) { … }').
  for (const m of source.matchAll(/const [A-Z_]+ = `((?:[^`$]|\$(?!\{))+)`/g)) manifest[sha256Hex(m[1]!)] = m[1]!;
  for (const m of source.matchAll(/'((?:query|mutation)\b[^'\\]*|\{ [^'\\]*\})'/g)) manifest[sha256Hex(m[1]!)] = m[1]!;
  return manifest;
}

/** The allow-list of every operation in the web app's modules (web/**\/*.js). */
export function webManifest(webDir: string): Manifest {
  const files = readdirSync(webDir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
  return Object.assign({}, ...files.map((f) => manifestFromSource(readFileSync(join(webDir, f), 'utf8'))));
}

export function persistedOnlyPlugin(opts: { manifest: Manifest; identityOf: (request: Request) => Promise<Identity | undefined> }): GatewayPlugin {
  return {
    async onParams({ request, params }) {
      if (!params.query || opts.manifest[sha256Hex(params.query)] !== undefined) return;
      // The joint-inspection service builds its queries at run time.
      if ((await opts.identityOf(request))?.role === 'SERVICE') return;
      throw new GraphQLError('此网关只接受已登记的查询（持久化查询白名单）', { extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: 400 } } });
    },
  };
}
