// The supergraph is composed once from the two subgraph codebases (the department contract counts once,
// however many departments run it) and committed; `npm run compose` rewrites it, a test fails when stale.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'graphql';
import { composeServices } from '@theguild/federation-composition';
import { departmentSdl } from '../subgraphs/department/schema';
import { jointSdl } from '../subgraphs/joint-inspection/schema';

// Placeholders: the gateway overrides both locations from config (department is routed per instance).
export const DEPARTMENT_SUBGRAPH = 'department';
export const JOINT_SUBGRAPH = 'joint-inspection';

export const SUPERGRAPH_FILE = resolve(__dirname, '../../gateway/supergraph.graphql');
export const CONTRACT_FILE = resolve(__dirname, '../../gateway/department.contract.graphql');

export async function composeSupergraph(): Promise<{ supergraph: string; contract: string }> {
  const contract = await departmentSdl();
  const joint = await jointSdl();
  const result = composeServices([
    { name: DEPARTMENT_SUBGRAPH, typeDefs: parse(contract), url: 'http://department.sharded/graphql' },
    { name: JOINT_SUBGRAPH, typeDefs: parse(joint), url: 'http://joint-inspection/graphql' },
  ]);
  if (result.errors?.length) {
    throw new Error(`supergraph composition failed:\n${result.errors.map((e) => `  - ${e.message}`).join('\n')}`);
  }
  return { supergraph: result.supergraphSdl!, contract };
}

export function readCommitted(): { supergraph: string; contract: string } {
  return { supergraph: readFileSync(SUPERGRAPH_FILE, 'utf8'), contract: readFileSync(CONTRACT_FILE, 'utf8') };
}
