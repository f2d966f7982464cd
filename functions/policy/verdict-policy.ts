/** What the policy does with a message for one mailbox. */
export const POLICY_ACTIONS = ['accept', 'quarantine', 'reject'] as const;
/**
 * `accept`: upload. `quarantine`: upload nothing now, keep it for an admin's `npm run release`.
 * `reject`: upload nothing, ever (SES has already accepted the mail: nothing bounces, and the raw
 * mail stays stored as evidence for as long as the bucket keeps it).
 */
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

/** SES's verdicts, by the name the report uses. */
export const VERDICT_NAMES = ['spam', 'virus', 'spf', 'dkim', 'dmarc'] as const;
/** One of SES's verdicts. */
export type VerdictName = (typeof VERDICT_NAMES)[number];

/** The statuses a rule can be set for; `PASS` is always accepted. */
export const RULE_STATUSES = ['FAIL', 'GRAY', 'PROCESSING_FAILED'] as const;
/** A verdict status with a rule. */
export type RuleStatus = (typeof RULE_STATUSES)[number];

/** The action for each verdict and status. */
export type VerdictRules = Readonly<Record<VerdictName, Readonly<Record<RuleStatus, PolicyAction>>>>;

/**
 * The defaults, and why. DMARC is the verdict that ties the header `From:` to a domain that
 * vouched for the message; SPF and DKIM are its inputs and are not judged on their own.
 */
export const DEFAULT_VERDICT_RULES: VerdictRules = {
  // SES's spam filter is right far more often than not, but a false positive is an invoice an admin
  // can still release. GRAY (not sure) and PROCESSING_FAILED (not scanned) say nothing against it.
  spam: { FAIL: 'quarantine', GRAY: 'accept', PROCESSING_FAILED: 'accept' },
  // A virus is never uploaded (FAIL accepts only quarantine or reject, and is never released).
  // Attachments SES could not scan wait for an admin, who may release them after a look.
  virus: { FAIL: 'quarantine', GRAY: 'quarantine', PROCESSING_FAILED: 'quarantine' },
  // Auto-forwarding (the usual set-up: a client forwards supplier mail from their own mailbox)
  // sends from the forwarder's servers, so SPF fails; the supplier's DKIM signature survives and
  // DMARC still passes on it. Judging SPF alone would quarantine every forwarded invoice.
  spf: { FAIL: 'accept', GRAY: 'accept', PROCESSING_FAILED: 'accept' },
  // One broken signature among several is common (mailing lists, footers); DMARC decides.
  dkim: { FAIL: 'accept', GRAY: 'accept', PROCESSING_FAILED: 'accept' },
  // FAIL: the domain in `From:` says it did not send this, the mark of a spoofed invoice. GRAY: the
  // domain publishes no DMARC policy (many small suppliers), so nothing can be said; an allowed
  // sender still needs PASS (see sender-allow-list.ts).
  dmarc: { FAIL: 'quarantine', GRAY: 'accept', PROCESSING_FAILED: 'accept' },
};

/** Verdict rules as written in the config: any verdict or status may be left out. */
export type VerdictRulesConfig = {
  readonly [name in VerdictName]?: { readonly [status in RuleStatus]?: PolicyAction };
};

/** The rules with every gap filled: the first layer that sets a rule wins, then the defaults. */
export function resolveVerdictRules(...layers: readonly (VerdictRulesConfig | undefined)[]): VerdictRules {
  const rules = {} as Record<VerdictName, Record<RuleStatus, PolicyAction>>;
  for (const name of VERDICT_NAMES) {
    rules[name] = { ...DEFAULT_VERDICT_RULES[name] };
    for (const status of RULE_STATUSES) {
      const set = layers.map((layer) => layer?.[name]?.[status]).find((action) => action !== undefined);
      if (set !== undefined) rules[name][status] = set;
    }
  }
  return rules;
}
