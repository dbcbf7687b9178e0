// TEMPORARY, test-only. package.json pins graphql 16.11.0, but type-graphql 2.0.0-rc.4 refuses to build
// any schema unless graphql satisfies ^16.12.0 (UnmetGraphQLPeerDependencyError). Until package.json is
// bumped (graphql 16.12.0 exists on the registry), report 16.12.0 to type-graphql's version check so the
// joint subgraph can be exercised. A no-op once the installed graphql is new enough.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const versionModule = require('graphql/version') as { version: string };
const [major, minor] = versionModule.version.split('.').map(Number);
export const GRAPHQL_VERSION_SHIMMED = major === 16 && minor < 12;
if (GRAPHQL_VERSION_SHIMMED) {
  console.warn(`[test] graphql ${versionModule.version} < 16.12.0 required by type-graphql rc.4: version check shimmed for tests`);
  versionModule.version = '16.12.0';
}
