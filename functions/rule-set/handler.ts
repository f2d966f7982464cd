import '../shared/map-stack-traces';
import { SESClient } from '@aws-sdk/client-ses';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { onRuleSetEvent, type ProviderResult } from './rule-set-event';

// Creating the client reads no credentials and makes no call: loading this module cannot fail.
const ses = new SESClient({});

/** The CDK Provider's onEvent handler for the receipt rule set (infra/constructs/rule-set-activation.ts). */
export const handler = (event: CloudFormationCustomResourceEvent): Promise<ProviderResult> =>
  onRuleSetEvent(event, ses);
