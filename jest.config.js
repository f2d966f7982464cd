/** Jest runs TypeScript through SWC (fast, no type check: `npm run typecheck` does that). */
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)sx?$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // middy, pdf.js (.mjs files), PKI.js and asn1js (with their helpers) ship ESM only; SWC turns them into CommonJS for Jest.
  transformIgnorePatterns: [
    '/node_modules/(?!(?:@middy|pdfjs-dist|pkijs|asn1js|@peculiar|bytestreamjs|@noble)/)',
  ],
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // Unpacks the browser for the body-to-PDF tests once, before the workers start.
  globalSetup: '<rootDir>/test/global-setup.ts',
  // Removes the run's own temp folder, which the setup made (and named in TMPDIR for the workers).
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  testTimeout: 30000,
};
