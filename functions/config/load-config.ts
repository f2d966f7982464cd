import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { ConfigError } from '../shared/errors';
import { type Config, configSchema } from './config-schema';

/** Validates an already-parsed config object; throws a `ConfigError` naming every bad field. */
export function parseConfig(raw: unknown, source = 'config'): Config {
  const result = configSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${describeIssue(issue, raw)}`);
  throw new ConfigError(`Invalid ${source}:\n${lines.join('\n')}`, { cause: result.error });
}

/** Reads and validates the admin's JSON config file. */
export function loadConfigFile(path: string): Config {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${path}`, { cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`Config file ${path} is not valid JSON: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return parseConfig(raw, `config file ${path}`);
}

/** `mailboxes[2] (acme).companyNumber: "BE 12" is not a valid ...` */
function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  let path = '';
  let node: unknown = raw;
  for (const segment of issue.path) {
    path += typeof segment === 'number' ? `[${segment}]` : `${path === '' ? '' : '.'}${String(segment)}`;
    node =
      isRecord(node) || Array.isArray(node) ? (node as Record<PropertyKey, unknown>)[segment] : undefined;
    // Name the mailbox by its address, so an admin with 2,000 of them finds it at once.
    if (typeof segment === 'number' && isRecord(node) && typeof node.address === 'string') {
      path += ` (${node.address})`;
    }
  }
  return `${path === '' ? '(root)' : path}: ${issue.message}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
