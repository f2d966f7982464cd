import type { PolicyFinding } from './policy-finding';
import {
  RULE_STATUSES,
  type RuleStatus,
  VERDICT_NAMES,
  type VerdictName,
  type VerdictRules,
} from './verdict-policy';

/** Each verdict and status in words, for the report. */
const MEANINGS: Readonly<Record<VerdictName, Readonly<Record<RuleStatus, string>>>> = {
  spam: {
    FAIL: 'SES judged the message to be spam',
    GRAY: 'SES could not tell whether the message is spam',
    PROCESSING_FAILED: 'SES could not scan the message for spam',
  },
  virus: {
    FAIL: 'SES found a virus in the message; it is never uploaded, not even on release',
    GRAY: 'SES could not tell whether the message carries a virus',
    PROCESSING_FAILED: 'SES could not scan the message for viruses',
  },
  spf: {
    FAIL: "the sending server may not send for the envelope sender's domain (usual for forwarded mail)",
    GRAY: "the envelope sender's domain publishes no SPF policy",
    PROCESSING_FAILED: 'SPF could not be checked',
  },
  dkim: {
    FAIL: "the message's DKIM signature does not verify",
    GRAY: 'the message is not DKIM-signed',
    PROCESSING_FAILED: 'DKIM could not be checked',
  },
  dmarc: {
    FAIL: 'the domain of the From: address did not authenticate the message, so the sender may be forged',
    GRAY: 'the domain of the From: address publishes no DMARC policy',
    PROCESSING_FAILED: 'DMARC could not be checked',
  },
};

/**
 * What SES's verdicts ask for under the mailbox's rules: one finding per verdict that did not
 * pass (an accepted one too, as a note). A verdict that is missing or `DISABLED` (not scanned,
 * e.g. a message ingested from a file) has no rule and is noted only.
 */
export function judgeVerdicts(
  verdicts: Readonly<Record<string, string>>,
  rules: VerdictRules,
): PolicyFinding[] {
  const findings: PolicyFinding[] = [];
  for (const name of VERDICT_NAMES) {
    const status = verdicts[name]?.toUpperCase();
    if (status === undefined || status === 'PASS') continue;
    const label = `${name === 'spam' || name === 'virus' ? `${name} verdict` : name.toUpperCase()} ${status}`;
    if (!isRuleStatus(status)) {
      findings.push({ action: 'accept', reason: `${label}: not checked by SES` });
      continue;
    }
    const action = rules[name][status];
    const reason = `${MEANINGS[name][status]} (${label})`;
    // Whatever a config says, a virus FAIL is never uploaded and never released.
    if (name === 'virus' && status === 'FAIL') {
      findings.push({ action: action === 'reject' ? 'reject' : 'quarantine', reason, releasable: false });
    } else {
      findings.push({ action, reason });
    }
  }
  return findings;
}

function isRuleStatus(status: string): status is RuleStatus {
  return (RULE_STATUSES as readonly string[]).includes(status);
}
