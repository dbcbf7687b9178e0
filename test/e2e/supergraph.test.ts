import { composeSupergraph, readCommitted } from '../../gateway/compose';

test('the committed supergraph and department contract are up to date (run `npm run compose` if this fails)', async () => {
  const fresh = await composeSupergraph();
  const committed = readCommitted();
  expect(committed.contract.trim()).toBe(fresh.contract.trim());
  expect(committed.supergraph.trim()).toBe(fresh.supergraph.trim());
});

test('the contract names no department: one SDL for every instance', () => {
  const { contract } = readCommitted();
  for (const code of ['SAMR', 'ECO', 'EMERGENCY', 'HEALTH', 'FIRE', 'HOUSING', 'COMMERCE', 'CULTURE']) {
    expect(contract).not.toContain(`"${code}"`);
  }
});
