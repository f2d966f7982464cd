import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const runtime = new Set(Object.keys(manifest.dependencies));
const development = new Set(Object.keys(manifest.devDependencies));

/** Licenses that need no note; anything else must be named in docs/development.md. */
const PERMISSIVE = /^(MIT|MIT-0|Apache-2\.0|ISC|BSD-2-Clause|BSD-3-Clause|0BSD)$/;

/** An import of a package: its name (`@scope/name` or `name`), and whether only types are taken. */
interface PackageImport {
  readonly file: string;
  readonly name: string;
  readonly typeOnly: boolean;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory())
      return entry.name === 'node_modules' || entry.name === 'fixtures' ? [] : sourceFiles(path);
    return /\.(ts|js|mjs|cjs)$/.test(entry.name) ? [path] : [];
  });
}

/** The package a specifier names, or undefined for relative paths and Node's own modules. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:'))
    return undefined;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? '');
  return builtinModules.includes(name) ? undefined : name;
}

/** Static imports and exports, `import()` and `require()`, with the specifier in quotes. */
function importsOf(file: string): PackageImport[] {
  const text = readFileSync(file, 'utf8');
  const found: PackageImport[] = [];
  const statement =
    /^\s*(import|export)(\s+type)?\b[^;]*?\bfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]/gm;
  for (const match of text.matchAll(statement)) {
    const name = packageOf(match[3] ?? match[4] ?? '');
    if (name !== undefined) found.push({ file, name, typeOnly: match[2] !== undefined });
  }
  for (const match of text.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    const name = packageOf(match[1] ?? '');
    if (name !== undefined) found.push({ file, name, typeOnly: false });
  }
  return found;
}

/** Whether a type-only import is covered: the package itself or its `@types/` package. */
function typesDeclared(name: string): boolean {
  const typesName = `@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`;
  return runtime.has(name) || development.has(name) || development.has(typesName);
}

/** Code that never runs in a Lambda: the local inbox (`npm start`) and the operator CLI run after `npm ci`. */
const TOOL_CODE = /^functions\/(local|cli)\//;

const functionImports = sourceFiles(join(ROOT, 'functions')).flatMap(importsOf);
const runtimeImports = functionImports.filter((found) => !TOOL_CODE.test(relative(ROOT, found.file)));
const toolImports = [
  ...functionImports.filter((found) => TOOL_CODE.test(relative(ROOT, found.file))),
  ...['infra', 'scripts', 'bin', 'test'].flatMap((dir) => sourceFiles(join(ROOT, dir))).flatMap(importsOf),
];

describe('the packages the code imports', () => {
  it('finds imports to check (the scan itself works)', () => {
    expect(runtimeImports.map((found) => found.name)).toEqual(
      expect.arrayContaining(['zod', 'mailparser', 'libheif-js', 'heic-decode', '@middy/core']),
    );
  });

  it('declares every package the Lambda code imports as a dependency', () => {
    const undeclared = runtimeImports
      .filter((found) => (found.typeOnly ? !typesDeclared(found.name) : !runtime.has(found.name)))
      .map((found) => `${found.name} (${relative(ROOT, found.file)})`);
    expect(undeclared).toEqual([]);
  });

  it('declares every package the local inbox, CLI, stack, scripts and tests import', () => {
    const undeclared = toolImports
      .filter((found) =>
        found.typeOnly
          ? !typesDeclared(found.name)
          : !runtime.has(found.name) && !development.has(found.name),
      )
      .map((found) => `${found.name} (${relative(ROOT, found.file)})`);
    expect(undeclared).toEqual([]);
  });

  it('names every dependency without a permissive license in docs/development.md', () => {
    const development = readFileSync(join(ROOT, 'docs', 'development.md'), 'utf8');
    const unnoted = [...runtime].filter((name) => {
      const { license } = JSON.parse(
        readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8'),
      ) as {
        license?: string;
      };
      const permissive = (license ?? '')
        .replace(/[()]/g, '')
        .split(' OR ')
        .some((choice) => PERMISSIVE.test(choice.trim()));
      return !permissive && !development.includes(`\`${name}\``);
    });
    expect(unnoted).toEqual([]);
  });
});
