// `npm run persisted-manifest [-- out.json]`: the allow-list of the web app's queries for PERSISTED_OPERATIONS_FILE.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { webManifest } from '../gateway/persisted';

const manifest = webManifest(resolve(__dirname, '../../web'));
const json = `${JSON.stringify(manifest, null, 2)}\n`;
const out = process.argv[2];
if (out) {
  writeFileSync(out, json);
  console.log(`[persisted] ${Object.keys(manifest).length} operations → ${out}`);
} else process.stdout.write(json);
