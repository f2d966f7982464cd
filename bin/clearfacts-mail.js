#!/usr/bin/env node
// The operator CLI as an installed command (`npm link`, then `clearfacts-mail doctor`).
// tsx's require hook runs the TypeScript sources directly, so there is no build step.
require('tsx/cjs');
const { main } = require('../functions/cli/cli.ts');

main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
});
