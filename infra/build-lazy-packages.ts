import { buildLazyPackages } from './lazy-packages';

/** `node --import tsx infra/build-lazy-packages.ts <projectRoot> <outputDir>`: run by the stack's bundling. */
async function main(): Promise<void> {
  const [projectRoot, outputDir] = process.argv.slice(2);
  if (projectRoot === undefined || outputDir === undefined) {
    throw new Error('usage: build-lazy-packages.ts <projectRoot> <outputDir>');
  }
  await buildLazyPackages(projectRoot, outputDir);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
