import { join } from 'node:path';
import { type Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** How every function's code is bundled (esbuild), apart from the paths and the command hooks. */
export const PROJECT_BUNDLING: BundlingOptions = {
  // The esbuild in node_modules, never Docker: `npm ci` is all a machine needs to synth.
  forceDockerBundling: false,
  target: 'node22',
  // CommonJS: mailparser and its dependencies are CommonJS and `require` Node built-ins,
  // which an ESM bundle could only do through a createRequire banner; nothing here needs
  // top-level await, ESM's one advantage for these functions (@sparticuz/chromium's ESM is
  // bundled in as CommonJS too).
  format: OutputFormat.CJS,
  // Prefer each package's ESM entry, which esbuild tree-shakes better, even in a CJS bundle.
  mainFields: ['module', 'main'],
  minify: true,
  // Read only when a stack is formatted (functions/shared/lazy-source-maps.ts), not with Node's
  // `--enable-source-maps`, which parses the whole map on every cold start.
  sourceMap: true,
  // Line mappings only; the sources live in git, and the zip stays small.
  sourcesContent: false,
};

/** What differs between the project's functions. */
export interface ProjectFunctionProps {
  /** The repository root (entry, lock file, tsconfig, node_modules). */
  readonly projectRoot: string;
  /** The handler's file, relative to `functions/`. */
  readonly entry: string;
  /** The function's description. */
  readonly description: string;
  /** The role's description: what the function may do. */
  readonly roleDescription: string;
  /** @default arm64 */
  readonly architecture?: lambda.Architecture;
  readonly memorySize: number;
  readonly timeout: Duration;
  /** How long the function's logs are kept. @default three months */
  readonly logRetention?: logs.RetentionDays;
  /** The function's environment variables. @default none */
  readonly environment?: Record<string, string>;
  /** Bundling options over `PROJECT_BUNDLING`. @default none */
  readonly bundling?: BundlingOptions;
  /** Shell commands run after bundling, given the bundle's directory. @default none */
  readonly afterBundling?: (outputDir: string) => string[];
  /** Why the Node.js 22 runtime is not the newest (cdk-nag AwsSolutions-L1). */
  readonly runtimeReason: string;
}

/** The function with its own role and log group. */
export interface ProjectFunction {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
}

/**
 * A `NodejsFunction` with the project's defaults: Node.js 22, a retained log group (JSON logs),
 * a role that may write those logs and nothing else yet, and the shared bundling (with a source map
 * that the code reads itself, only to format a stack: no `--enable-source-maps`).
 * Its children (`Logs`, `Role`, `Function`) go directly in `scope`, so logical ids stay put.
 */
export function createProjectFunction(scope: Construct, props: ProjectFunctionProps): ProjectFunction {
  const { projectRoot } = props;
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // Our own role: log access to this log group only, no AWS managed policy.
  const role = new iam.Role(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: props.roleDescription,
  });
  logGroup.grantWrite(role);

  const afterBundling = props.afterBundling ?? (() => []);
  const fn = new NodejsFunction(scope, 'Function', {
    entry: join(projectRoot, 'functions', props.entry),
    handler: 'handler',
    projectRoot,
    depsLockFilePath: join(projectRoot, 'package-lock.json'),
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: props.architecture ?? lambda.Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    role,
    logGroup,
    loggingFormat: lambda.LoggingFormat.JSON,
    description: props.description,
    ...(props.environment === undefined ? {} : { environment: props.environment }),
    bundling: {
      ...PROJECT_BUNDLING,
      ...props.bundling,
      tsconfig: join(projectRoot, 'tsconfig.json'),
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (_inputDir: string, outputDir: string) => afterBundling(outputDir),
      },
    },
  });
  Validations.of(fn).acknowledge({ id: 'AwsSolutions-L1', reason: props.runtimeReason });
  return { function: fn, role, logGroup };
}
