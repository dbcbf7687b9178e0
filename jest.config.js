// Tests run on tsc's output: type-graphql needs real decorator metadata, which tsc emits and most transpilers drop.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/dist/test'],
  testMatch: ['**/*.test.js'],
  testTimeout: 60000,
  maxWorkers: 1,
};
