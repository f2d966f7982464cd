import { readFileSync } from 'node:fs';
import { ConfigError } from '../shared/errors';
import type { Config } from './config-schema';

/** The config as the function reads it: everything but the deployment options. */
export type FunctionConfig = Omit<Config, 'deployment'>;

/**
 * Reads the config file the stack ships beside the function (infra/function-config-file.ts). It
 * was validated and normalised by the config schema at `cdk synth`, so the function parses JSON
 * and checks nothing again: that keeps the schema library out of the Lambda bundle (issue #19).
 * A file anyone else writes must come from `functionConfigJson` too (the bench does).
 */
export function readFunctionConfig(path: string): FunctionConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the function's config file ${path}`, { cause: error });
  }
  try {
    return JSON.parse(text) as FunctionConfig;
  } catch (error) {
    throw new ConfigError(
      `The function's config file ${path} is not valid JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}
