import { join, resolve } from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CHROMIUM_PACK_DIR } from '../../functions/render/lambda-chromium';
import { FUNCTION_ENV } from '../../functions/shared/stack-contract';
import { createProjectFunction } from './project-function';

/**
 * The function's limit: the renderer's own 30 s (`RENDER_TIME_LIMIT_MS`, Chromium's unpacking and
 * start included) plus room to answer. The ingest function waits for it; its 5 minutes are ample.
 */
export const RENDER_TIMEOUT = Duration.seconds(60);

/**
 * @sparticuz/chromium asks for at least 1,600 MB; 2,048 MB leaves Chromium room for an image-heavy
 * mail and buys a full vCPU (Lambda gives one per 1,769 MB) for the single browser process.
 */
export const RENDER_MEMORY_MB = 2048;

/** Options for the body renderer. */
export interface BodyRendererProps {
  /** How long the function's logs are kept. @default three months */
  readonly logRetention?: logs.RetentionDays;
  /** The repository root (entry, lock file, node_modules). @default two levels above this file */
  readonly projectRoot?: string;
}

/**
 * A separate function that turns a mail body into a PDF with headless Chromium, so the ingest
 * function's bundle and cold start stay as they were. It reaches nothing: its role may only write
 * its own logs, and the pages it prints may load nothing. Chromium is the Lambda build that the npm
 * package @sparticuz/chromium ships, for x86_64 only, hence this function's architecture.
 */
export class BodyRenderer extends Construct {
  public readonly function: NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: BodyRendererProps = {}) {
    super(scope, id);
    const projectRoot = props.projectRoot ?? resolve(__dirname, '..', '..');
    const modules = join(projectRoot, 'node_modules');

    const created = createProjectFunction(this, {
      projectRoot,
      entry: join('render', 'render-handler.ts'),
      description: 'Renders mail bodies to PDF with headless Chromium, offline',
      roleDescription: 'Runs the mail body renderer: writes its own logs, nothing else',
      // The only Chromium build the npm registry carries for Lambda is x86_64.
      architecture: lambda.Architecture.X86_64,
      memorySize: RENDER_MEMORY_MB,
      timeout: RENDER_TIMEOUT,
      ...(props.logRetention === undefined ? {} : { logRetention: props.logRetention }),
      // Playwright reads files of its own package at run time; it has no dependencies, so the
      // installed package is copied beside the bundle as it is. @sparticuz/chromium's code is never
      // loaded here: only its packed files are copied (below); the local browser finder that
      // resolves the package (npm-chromium.ts) is unreachable in Lambda, which passes its own build.
      bundling: { externalModules: ['playwright-core', '@sparticuz/chromium'] },
      afterBundling: (outputDir) => [
        copyDirectory(join(modules, 'playwright-core'), join(outputDir, 'node_modules', 'playwright-core')),
        // The brotli-packed browser, fonts and libraries, unpacked into /tmp on a cold start.
        copyDirectory(join(modules, '@sparticuz', 'chromium', 'bin'), join(outputDir, CHROMIUM_PACK_DIR)),
      ],
      runtimeReason:
        '@sparticuz/chromium 153 supports Node.js 22 (the bundle target); a newer runtime is a deliberate upgrade.',
    });
    this.function = created.function;
    this.role = created.role;
    this.logGroup = created.logGroup;
  }

  /**
   * Lets `consumer` invoke the renderer, this function only (no versions or aliases), and tells it
   * the function's name.
   */
  grantRenderTo(consumer: lambda.Function): void {
    consumer.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.function.functionArn] }),
    );
    consumer.addEnvironment(FUNCTION_ENV.renderFunction, this.function.functionName);
  }
}

/** A shell command copying a directory tree, on the machine running synth. */
function copyDirectory(from: string, to: string): string {
  return process.platform === 'win32'
    ? `xcopy /E /I /Q /Y "${from}" "${to}"`
    : `mkdir -p "${to}" && cp -R "${from}/." "${to}"`;
}
