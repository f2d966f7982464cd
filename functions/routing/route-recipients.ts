import { normaliseCompanyNumber } from '../config/company-number';
import type { FunctionConfig } from '../config/function-config';
import type { UnlistedSenderAction } from '../policy/sender-allow-list';
import { resolveVerdictRules, type VerdictRulesConfig } from '../policy/verdict-policy';
import { ARCHIVE_ALIASES, TRAY_ALIASES } from './convention-aliases';
import { type BoundPolicy, type Mailbox, ownPolicy } from './mailbox';
import { mergeRoutes } from './merge-routes';

const CONVENTION_ADDRESS = /^([a-z]+)-(\d{9,10})$/;

/** Where one envelope recipient goes: a mailbox, or why it goes nowhere. */
export type RecipientRoute =
  | { readonly recipient: string; readonly mailbox: Mailbox }
  | { readonly recipient: string; readonly mailbox?: undefined; readonly reason: string };

/** The routing decision for a whole message. */
export interface RoutingResult {
  /** One entry per envelope recipient, in order. */
  readonly routes: readonly RecipientRoute[];
  /** The distinct mailboxes to deliver to (two addresses for the same tray deliver once, bound by both policies). */
  readonly mailboxes: readonly Mailbox[];
}

/** Resolves envelope recipients (never `To:`/`Cc:` headers) to mailboxes. */
export class MailboxRouter {
  private readonly listed = new Map<string, Mailbox>();
  /** The listed mailboxes' policies by company number: what binds the company's convention addresses. */
  private readonly companyPolicies = new Map<string, BoundPolicy[]>();

  constructor(private readonly config: FunctionConfig) {
    for (const entry of config.mailboxes) {
      const local = entry.address.split('@')[0] ?? entry.address;
      this.listed.set(local, {
        address: `${local}@${config.domain}`,
        companyNumber: entry.companyNumber,
        invoiceType: entry.invoiceType ?? config.defaults.invoiceType,
        ...(entry.name === undefined ? {} : { name: entry.name }),
        ...(entry.archive === undefined ? {} : { archive: entry.archive }),
        ...optionalSenders(entry.allowedSenders ?? config.defaults.allowedSenders),
        preferInvoiceXml: entry.preferInvoiceXml ?? config.defaults.preferInvoiceXml,
        bodyToPdf: entry.bodyToPdf ?? config.defaults.bodyToPdf,
        feedback: entry.feedback ?? config.defaults.feedback,
        language: entry.language ?? config.defaults.language,
        invoiceRepeats: entry.invoiceRepeats ?? config.defaults.invoiceRepeats,
        ...policySettings(
          entry.allowedSenders ?? config.defaults.allowedSenders,
          entry.unlistedSender ?? config.defaults.unlistedSender,
          entry.verdicts,
          config.defaults.verdicts,
        ),
        source: 'listed',
      });
    }
    for (const mailbox of this.listed.values()) {
      const policies = this.companyPolicies.get(mailbox.companyNumber) ?? [];
      policies.push(ownPolicy(mailbox));
      this.companyPolicies.set(mailbox.companyNumber, policies);
    }
  }

  /** The domain this deployment receives mail for. */
  get domain(): string {
    return this.config.domain;
  }

  /** Routes every envelope recipient of one message. */
  route(recipients: readonly string[]): RoutingResult {
    const routes = recipients.map((recipient) => this.routeOne(recipient));
    return { routes, mailboxes: mergeRoutes(routes.flatMap((route) => route.mailbox ?? [])) };
  }

  /** Routes one address, matching case-insensitively and ignoring a `+tag`. */
  routeOne(recipient: string): RecipientRoute {
    const address = recipient.trim().toLowerCase();
    const at = address.lastIndexOf('@');
    if (at <= 0) return { recipient, reason: 'not an email address' };
    const domain = address.slice(at + 1);
    if (domain !== this.config.domain) {
      return { recipient, reason: `not addressed to ${this.config.domain}` };
    }
    const local = address.slice(0, at).replace(/\+.*$/, '');
    const listed = this.listed.get(local);
    if (listed !== undefined) return { recipient, mailbox: listed };
    const convention = this.conventionMailbox(local);
    if (typeof convention === 'string') return { recipient, reason: convention };
    return { recipient, mailbox: convention };
  }

  private conventionMailbox(local: string): Mailbox | string {
    const unknown = `no mailbox is configured for ${local}@${this.config.domain}`;
    const match = CONVENTION_ADDRESS.exec(local);
    if (!this.config.conventionAddresses || match === null) return unknown;
    const alias = match[1] ?? '';
    // Own keys only: `constructor-0123456749` must not find Object.prototype's.
    const invoiceType = Object.hasOwn(TRAY_ALIASES, alias) ? TRAY_ALIASES[alias] : undefined;
    // Archive addresses exist only when the config names the category they upload to.
    const archive = ARCHIVE_ALIASES.includes(alias) ? this.config.defaults.archive : undefined;
    if (invoiceType === undefined && archive === undefined) return unknown;
    const companyNumber = normaliseCompanyNumber(match[2] ?? '');
    if (companyNumber === undefined) {
      return `${match[2]} in ${local}@${this.config.domain} is not a valid Belgian company number`;
    }
    // Company numbers are public: without this, anyone could go around a listed mailbox's allow-list.
    const companyPolicies = this.companyPolicies.get(companyNumber);
    if (companyPolicies !== undefined && this.config.conventionForListedCompanies === 'refuse') {
      const listed = companyPolicies.map((policy) => policy.address).join(', ');
      return `company ${companyNumber} takes mail only at its listed mailboxes (${listed}); convention addresses are refused for it (conventionForListedCompanies)`;
    }
    return {
      address: `${local}@${this.config.domain}`,
      companyNumber,
      invoiceType: invoiceType ?? this.config.defaults.invoiceType,
      ...(archive === undefined ? {} : { archive }),
      ...optionalSenders(this.config.defaults.allowedSenders),
      preferInvoiceXml: this.config.defaults.preferInvoiceXml,
      bodyToPdf: this.config.defaults.bodyToPdf,
      feedback: this.config.defaults.feedback,
      language: this.config.defaults.language,
      invoiceRepeats: this.config.defaults.invoiceRepeats,
      ...policySettings(
        this.config.defaults.allowedSenders,
        this.config.defaults.unlistedSender,
        this.config.defaults.verdicts,
      ),
      source: 'convention',
      ...(companyPolicies === undefined ? {} : { policies: companyPolicies }),
    };
  }
}

function optionalSenders(senders: readonly string[] | undefined): { allowedSenders?: readonly string[] } {
  return senders === undefined ? {} : { allowedSenders: senders };
}

/**
 * A mailbox's policy settings, left out where they change nothing (absent means the defaults):
 * verdict rules only when the config sets some, the unlisted-sender action only with a list.
 */
function policySettings(
  allowedSenders: readonly string[] | undefined,
  unlistedSender: UnlistedSenderAction,
  ...verdicts: readonly (VerdictRulesConfig | undefined)[]
): Pick<Mailbox, 'verdicts' | 'unlistedSender'> {
  return {
    ...(verdicts.some((layer) => layer !== undefined) ? { verdicts: resolveVerdictRules(...verdicts) } : {}),
    ...(allowedSenders === undefined ? {} : { unlistedSender }),
  };
}
