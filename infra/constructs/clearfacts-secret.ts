import { RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Options for the secret holding the Clearfacts token. */
export interface ClearfactsSecretProps {
  /** Use this existing secret instead of creating one. @default a new secret named `<stack>/clearfacts-token` */
  readonly existingSecretName?: string;
  /**
   * The customer managed KMS key an existing secret is encrypted with: the roles may use this key
   * (and no other) for the secret. @default the secret uses Secrets Manager's AWS managed key
   */
  readonly kmsKeyArn?: string;
  /**
   * What the secret holds: a personal access token is only ever read; OpenID Connect credentials
   * are written back when refreshed. @default `pat`
   */
  readonly auth?: ClearfactsAuth;
}

/** What the Clearfacts secret holds: a personal access token, or OpenID Connect credentials. */
export type ClearfactsAuth = 'pat' | 'oidc';

/**
 * The Clearfacts token's only home. A created secret starts as `{"token": ""}`, which the function
 * reports as "holds no token" until an admin puts the real one in (see the README); CloudFormation
 * never writes that placeholder again, so later deploys keep the token.
 */
export class ClearfactsSecret extends Construct {
  public readonly secret: secretsmanager.ISecret;
  /** What the function passes to GetSecretValue: the name of an existing secret, else the ARN. */
  public readonly secretId: string;
  /** The name admins use with `aws secretsmanager put-secret-value`. */
  public readonly secretName: string;
  /** What the secret holds (decides whether the functions may write it). */
  public readonly auth: ClearfactsAuth;
  private readonly kmsKeyArn: string | undefined;

  constructor(scope: Construct, id: string, props: ClearfactsSecretProps = {}) {
    super(scope, id);
    this.auth = props.auth ?? 'pat';
    this.kmsKeyArn = props.kmsKeyArn;
    if (props.existingSecretName !== undefined) {
      this.secret = secretsmanager.Secret.fromSecretNameV2(this, 'Secret', props.existingSecretName);
      this.secretId = props.existingSecretName;
      this.secretName = props.existingSecretName;
      return;
    }
    const secretName = `${Stack.of(this).stackName}/clearfacts-token`;
    const secret = new secretsmanager.Secret(this, 'Secret', {
      secretName,
      description: 'Clearfacts credentials of the mail ingest function: a token, or OpenID Connect tokens',
      secretObjectValue: { token: SecretValue.unsafePlainText('') },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A Clearfacts personal access token is made by a person in the Clearfacts web app; no API can rotate it.',
    });
    this.secret = secret;
    this.secretId = secret.secretArn;
    this.secretName = secretName;
  }

  /**
   * Lets `grantee` read the secret (GetSecretValue, the only read the token store makes) and
   * nothing else in Secrets Manager; with a customer managed key, decrypt with that key only.
   */
  grantRead(grantee: iam.IGrantable): iam.Grant {
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['secretsmanager:GetSecretValue'],
      resourceArns: [this.secretArnPattern()],
    });
    this.grantKey(grantee, ['kms:Decrypt']);
    return grant;
  }

  /**
   * Lets `grantee` store refreshed OpenID Connect tokens in this secret: a new version, made
   * current only if the one it started from still is (see "OpenID Connect" in the README).
   * A personal access token is only ever read, so for one this grants nothing.
   */
  grantStoreRefreshedTokens(grantee: iam.IGrantable): iam.Grant {
    if (this.auth !== 'oidc') return iam.Grant.drop(grantee, 'a personal access token is never written');
    const grant = iam.Grant.addToPrincipal({
      grantee,
      actions: ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
      resourceArns: [this.secretArnPattern()],
    });
    // PutSecretValue encrypts the new version with the secret's key.
    this.grantKey(grantee, ['kms:Encrypt', 'kms:GenerateDataKey']);
    return grant;
  }

  /** The secret's ARN; a secret imported by name has a partial ARN: the real one ends in six random characters. */
  private secretArnPattern(): string {
    return this.secret.secretFullArn ?? `${this.secret.secretArn}-??????`;
  }

  /**
   * Lets `grantee` use the secret's customer managed key, only through Secrets Manager in this
   * region (the `kms:ViaService` condition, as the Secrets Manager user guide's "Secret encryption
   * and decryption" page shows for a role reading a secret with a customer managed key).
   */
  private grantKey(grantee: iam.IGrantable, actions: string[]): void {
    if (this.kmsKeyArn === undefined) return;
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions,
        resources: [this.kmsKeyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` },
        },
      }),
    );
  }
}
