/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/app'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true } }, module: { type: 'commonjs' } }] },
  // remix-i18next ships ES modules only: compile it like our own code.
  transformIgnorePatterns: ['/node_modules/(?!remix-i18next/)'],
  moduleNameMapper: { '^~/(.*)$': '<rootDir>/app/$1' },
};
