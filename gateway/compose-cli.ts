import { writeFileSync } from 'node:fs';
import { composeSupergraph, CONTRACT_FILE, SUPERGRAPH_FILE } from './compose';

composeSupergraph()
  .then(({ supergraph, contract }) => {
    writeFileSync(SUPERGRAPH_FILE, supergraph.endsWith('\n') ? supergraph : `${supergraph}\n`);
    writeFileSync(CONTRACT_FILE, contract.endsWith('\n') ? contract : `${contract}\n`);
    console.log(`wrote ${SUPERGRAPH_FILE}\nwrote ${CONTRACT_FILE}`);
  })
  .catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
