import { RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Options for the secret holding the Clearfacts token. */
export interface ClearfactsSecretProps {
  /** Use this existing secret instead of creating one. @default a new secret named `<stack>/clearfacts-token` */
  readonly existingSecretName?: string;
}

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

  constructor(scope: Construct, id: string, props: ClearfactsSecretProps = {}) {
    super(scope, id);
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

  /** Lets `grantee` read the secret, and nothing else in Secrets Manager. */
  grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.secret.grantRead(grantee);
  }

  /**
   * Lets `grantee` store refreshed OpenID Connect tokens in this secret: a new version, made
   * current only if the one it started from still is (see "OpenID Connect" in the README).
   */
  grantStoreRefreshedTokens(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
      // A secret imported by name has a partial ARN: the real one ends in six random characters.
      resourceArns: [this.secret.secretFullArn ?? `${this.secret.secretArn}-??????`],
    });
  }
}
