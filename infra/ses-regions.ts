/**
 * The AWS regions where SES receives email (each has an `inbound-smtp.<region>.amazonaws.com` endpoint).
 *
 * Source: AWS General Reference, "Amazon Simple Email Service endpoints and quotas", table "Email
 * receiving endpoints" (https://docs.aws.amazon.com/general/latest/gr/ses.html), read 2026-11-27.
 * Sending works in more regions than receiving: a region missing here may still send mail. When AWS
 * adds a receiving region, add it here; this is the only list in the project.
 */
export const SES_EMAIL_RECEIVING_REGIONS: readonly string[] = [
  'us-east-1', // US East (N. Virginia)
  'us-east-2', // US East (Ohio)
  'us-west-1', // US West (N. California)
  'us-west-2', // US West (Oregon)
  'ca-central-1', // Canada (Central)
  'sa-east-1', // South America (São Paulo)
  'eu-west-1', // Europe (Ireland)
  'eu-west-2', // Europe (London)
  'eu-west-3', // Europe (Paris)
  'eu-central-1', // Europe (Frankfurt)
  'eu-north-1', // Europe (Stockholm)
  'ap-south-1', // Asia Pacific (Mumbai)
  'ap-northeast-1', // Asia Pacific (Tokyo)
  'ap-northeast-2', // Asia Pacific (Seoul)
  'ap-southeast-1', // Asia Pacific (Singapore)
  'ap-southeast-2', // Asia Pacific (Sydney)
];

/** Whether SES receives email in `region`. */
export function receivesEmail(region: string): boolean {
  return SES_EMAIL_RECEIVING_REGIONS.includes(region);
}

/** The host an MX record points at for SES receiving in `region`. */
export function inboundSmtpHost(region: string): string {
  return `inbound-smtp.${region}.amazonaws.com`;
}
