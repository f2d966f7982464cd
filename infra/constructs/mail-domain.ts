import { CfnOutput, Duration, Fn } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { inboundSmtpHost } from '../ses-regions';

/** Priority of the single MX record; any value works when it is the only one. */
const MX_PRIORITY = 10;

/** A Route 53 public hosted zone, given by id and name: no lookup, so synth needs no credentials. */
export interface HostedZoneRef {
  readonly id: string;
  /** The zone's domain: the mail domain itself or a parent of it. */
  readonly name: string;
}

/** Options for the receiving domain. */
export interface MailDomainProps {
  readonly domain: string;
  /** The region SES receives in, for the MX record. */
  readonly region: string;
  /** Where to create the DNS records. @default none: the records are printed as stack outputs */
  readonly hostedZone?: HostedZoneRef;
  /** Use the identity another stage of the account created: no identity, no DNS records here. */
  readonly existingIdentity?: boolean;
}

/**
 * The SES domain identity (Easy DKIM, which also verifies the domain) and the DNS records that make
 * mail for the domain reach SES: three DKIM CNAMEs and the MX.
 */
export class MailDomain extends Construct {
  public readonly identity: ses.IEmailIdentity;
  /** The MX record's value, `10 inbound-smtp.<region>.amazonaws.com`. */
  public readonly mxValue: string;

  constructor(scope: Construct, id: string, props: MailDomainProps) {
    super(scope, id);
    this.mxValue = `${MX_PRIORITY} ${inboundSmtpHost(props.region)}`;
    if (props.existingIdentity === true) {
      // The stage that created the identity owns it and its DNS records; replies only need its ARN.
      this.identity = ses.EmailIdentity.fromEmailIdentityName(this, 'Identity', props.domain);
      return;
    }
    // Identity.domain, not Identity.publicHostedZone: the mail domain may be a subdomain of the zone.
    const identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.domain),
      dkimIdentity: ses.DkimIdentity.easyDkim(ses.EasyDkimSigningKeyLength.RSA_2048_BIT),
    });
    this.identity = identity;
    const dkim = [
      { name: identity.dkimDnsTokenName1, value: identity.dkimDnsTokenValue1 },
      { name: identity.dkimDnsTokenName2, value: identity.dkimDnsTokenValue2 },
      { name: identity.dkimDnsTokenName3, value: identity.dkimDnsTokenValue3 },
    ];

    if (props.hostedZone === undefined) {
      new CfnOutput(this, 'MxRecord', {
        description: 'Create this MX record at your DNS provider',
        value: `${props.domain} MX ${this.mxValue}`,
      });
      dkim.forEach((record, index) => {
        new CfnOutput(this, `DkimRecord${index + 1}`, {
          description: 'Create this DKIM CNAME record at your DNS provider',
          value: Fn.join(' ', [record.name, 'CNAME', record.value]),
        });
      });
      return;
    }

    const zone = route53.PublicHostedZone.fromPublicHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: props.hostedZone.id,
      zoneName: props.hostedZone.name,
    });
    new route53.MxRecord(this, 'Mx', {
      zone,
      recordName: `${props.domain}.`,
      values: [{ priority: MX_PRIORITY, hostName: inboundSmtpHost(props.region) }],
      ttl: Duration.hours(1),
    });
    // The token names SES returns are already fully qualified; CnameRecord would append the zone again.
    dkim.forEach((record, index) => {
      new route53.CfnRecordSet(this, `Dkim${index + 1}`, {
        hostedZoneId: zone.hostedZoneId,
        name: record.name,
        type: 'CNAME',
        resourceRecords: [record.value],
        ttl: '1800',
      });
    });
  }
}
