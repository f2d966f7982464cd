import { z } from 'zod';
import {
  DEFAULT_FEEDBACK_MODE,
  DEFAULT_REPLIES_PER_HOUR,
  DEFAULT_REPLY_LANGUAGE,
  FEEDBACK_MODES,
  REPLY_LANGUAGES,
} from '../feedback/feedback-settings';
import { companyNumberProblem, normaliseCompanyNumber } from './company-number';
import { secureUrlSchema } from './secure-url-schema';
import { verdictRulesSchema } from './verdict-rules-schema';

/** When a sender hears back (functions/feedback/feedback-settings.ts). */
const feedbackModeSchema = z.enum(FEEDBACK_MODES);
/** The languages replies are written in. */
const replyLanguageSchema = z.enum(REPLY_LANGUAGES);

/** The function reads this default too, without the schema: it lives with the feedback settings. */
export { DEFAULT_REPLIES_PER_HOUR };

/** The public Clearfacts GraphQL endpoint. */
export const DEFAULT_CLEARFACTS_API_URL = 'https://api.clearfacts.be/graphql';
/** The public Clearfacts OpenID Connect issuer (an accountant may have its own login domain). */
export const DEFAULT_CLEARFACTS_LOGIN_URL = 'https://login.clearfacts.be';

/**
 * Clearfacts' inbox trays, the values of `uploadFile`'s `InvoiceTypeArgument`. The upload page of
 * Clearfacts' developer docs (https://developer.clearfacts.be/#mutation-upload-file) shows
 * `PURCHASE`; `SALE` and `VARIOUS` (miscellaneous documents) are the enum's other values in the
 * published schema (https://assets-prod.cdn.clearfacts.be/doc/mutation.doc.html) as integrators quote it.
 */
export const invoiceTypeSchema = z.enum(['PURCHASE', 'SALE', 'VARIOUS']);
/** `PURCHASE` (supplier invoices, the common case), `SALE` or `VARIOUS`. */
export type InvoiceType = z.infer<typeof invoiceTypeSchema>;

/**
 * Where an archive mailbox puts documents: Clearfacts' various or permanent archive, in the category
 * of that name (resolved to its id per company with `archiveCategories`). Clearfacts' developer docs:
 * https://developer.clearfacts.be/#mutation-upload-archive-file (type `VariousType`: VARIOUS or PERMANENT).
 */
export const archiveTargetSchema = z
  .object({
    /** The various (`VARIOUS`) or the permanent (`PERMANENT`) archive. */
    type: z.enum(['VARIOUS', 'PERMANENT']),
    /** The category's name as Clearfacts shows it, e.g. `Contracten`. */
    category: z.string().trim().min(1),
  })
  .strict();
/** An archive target from the config. */
export type ArchiveTarget = z.infer<typeof archiveTargetSchema>;

/** A Belgian enterprise number as people type it, normalised to ten digits. */
export const companyNumberSchema = z.string().transform((value, ctx) => {
  const normalised = normaliseCompanyNumber(value);
  if (normalised === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not a valid Belgian company number: ${companyNumberProblem(value)} (ten digits starting with 0 or 1, the last two a mod-97 check, e.g. BE 0123.456.749)`,
    });
    return z.NEVER;
  }
  return normalised;
});

/**
 * What to do with a message that holds no uploadable document: render its body to a PDF
 * (`always`), never, or only when it reads like an invoice or receipt (`auto`, see
 * `functions/render/body-invoice-words.ts`).
 */
export const bodyToPdfSchema = z.enum(['auto', 'always', 'never']);
/** A mailbox's body-to-PDF policy. */
export type BodyToPdfPolicy = z.infer<typeof bodyToPdfSchema>;

/** An allowed sender: an exact address or `*@domain`. */
const senderPatternSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\*|[^@\s*]+)@[^@\s*]+\.[^@\s*]+$/, 'expected an email address or *@domain');

/**
 * What happens to a document whose invoice identity (functions/identity/) reached the same tray
 * before in other bytes: `flag` uploads it marked as a possible duplicate, `hold` quarantines the
 * message for review, `off` does not look.
 */
export const invoiceRepeatsSchema = z.enum(['flag', 'hold', 'off']);

/** A mailbox's policy for a repeated invoice. */
export type InvoiceRepeatPolicy = z.infer<typeof invoiceRepeatsSchema>;

/** What happens to mail from a sender not on `allowedSenders` (see functions/policy/). */
const unlistedSenderSchema = z.enum(['quarantine', 'reject']);

/** Settings a mailbox may set, falling back to the config's `defaults`. */
const mailboxSettingsShape = {
  /** Which Clearfacts tray documents go to. */
  invoiceType: invoiceTypeSchema.optional(),
  /** Header `From:` addresses allowed to send (exact or `*@domain`); absent means anyone. */
  allowedSenders: z.array(senderPatternSchema).optional(),
  /** Upload only the invoice XML when the same invoice also came as a PDF (the XML carries it). */
  preferInvoiceXml: z.boolean().optional(),
  /** Render the body of a message without attachments to a PDF: `auto`, `always` or `never`. */
  bodyToPdf: bodyToPdfSchema.optional(),
  /** Per SES verdict and status, `accept`, `quarantine` or `reject`, over the documented defaults. */
  verdicts: verdictRulesSchema.optional(),
  /** Mail from a sender not on `allowedSenders`: `quarantine` (the default) or `reject`. */
  unlistedSender: unlistedSenderSchema.optional(),
  /** Replies to the sender (functions/feedback/): `acknowledge`, `problems` or `off`. */
  feedback: feedbackModeSchema.optional(),
  /** The language of those replies: `en`, `nl`, `fr` or `de`. */
  language: replyLanguageSchema.optional(),
  /** The same invoice again in other bytes: `flag`, `hold` or `off`. */
  invoiceRepeats: invoiceRepeatsSchema.optional(),
};

/** One dedicated address, delivering to one Clearfacts administration. */
export const mailboxSchema = z
  .object({
    /** The local part (`acme`) or the full address on the configured domain. */
    address: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9._-]+(@[a-z0-9.-]+)?$/, 'expected a local part like "acme" or "acme@<domain>"'),
    /** The administration's Belgian company number. */
    companyNumber: companyNumberSchema,
    /** A label for logs and reports, for example the company's name. */
    name: z.string().trim().min(1).optional(),
    /** Upload to the archive (`uploadArchiveFile`) instead of an inbox tray. */
    archive: archiveTargetSchema.optional(),
    ...mailboxSettingsShape,
  })
  .strict()
  .refine((mailbox) => mailbox.archive === undefined || mailbox.invoiceType === undefined, {
    message: 'a mailbox delivers to an inbox tray (invoiceType) or to the archive (archive), not both',
    path: ['archive'],
  });

/** The retention periods CloudWatch Logs accepts, in days. */
const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** A KMS key ARN (a key id or a multi-Region key id), not an alias. */
const KMS_KEY_ARN =
  /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Deployment options: read by the CDK app at synth (`infra/`), ignored by the function. */
export const deploymentSchema = z
  .object({
    /** The AWS region; absent: the CLI's (`CDK_DEFAULT_REGION`). Synth checks that it receives email. */
    region: z
      .string()
      .trim()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'expected an AWS region like eu-west-1')
      .optional(),
    /** The 12-digit AWS account; absent: the CLI's (`CDK_DEFAULT_ACCOUNT`), else an account-agnostic template. */
    account: z
      .string()
      .regex(/^\d{12}$/, 'expected a 12-digit AWS account id')
      .optional(),
    /** A Route 53 public hosted zone for the domain or a parent; absent: the DNS records are printed instead. */
    hostedZone: z
      .object({
        id: z
          .string()
          .trim()
          .regex(/^Z[A-Z0-9]{1,32}$/, 'expected a hosted zone id like Z0123456789ABCDEFGHIJ'),
        name: z.string().trim().toLowerCase().min(1),
      })
      .strict()
      .optional(),
    /**
     * How the stack's receipt rule takes part in SES receiving, which has one active rule set per
     * account and region (docs/deploying.md): `own` creates a rule set and activates it only when no
     * other set with rules is active; `join` adds the rule to the active set (first, or after the rule
     * `after`); `none` creates the rule set and leaves activating it to the admin.
     */
    ruleSet: z
      .discriminatedUnion('mode', [
        z.object({ mode: z.literal('own') }).strict(),
        z
          .object({
            mode: z.literal('join'),
            /** The active set's rule to place ours after; absent: ours comes first. */
            after: z
              .string()
              .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'expected a receipt rule name')
              .optional(),
          })
          .strict(),
        z.object({ mode: z.literal('none') }).strict(),
      ])
      .default({ mode: 'own' }),
    /**
     * Whether this stack creates the SES identity of the domain (`create`) or uses the one another
     * stage of the same account created (`existing`: no identity, no DNS records; its rule set is
     * then `none`, since two stacks receiving one domain would each deliver every invoice). Required
     * with `-c stage=…` (infra/domain-identity.ts); absent otherwise: `create`.
     */
    domainIdentity: z.enum(['create', 'existing']).optional(),
    /** Who receives alarm emails (AWS first sends a confirmation link); absent: no subscription. */
    alarmEmail: z.email().optional(),
    /** How long the bucket keeps things, in days. */
    retention: z
      .object({
        /** 400: a full fiscal year plus its closing months, so "where is my invoice?" can be traced at year end. */
        rawMailDays: z.int().min(1).default(400),
        /** Reports describe the raw mail, so by default they live as long. */
        reportsDays: z.int().min(1).default(400),
      })
      .strict()
      .prefault({}),
    /** Most concurrent function runs, so a month-end burst stays gentle on Clearfacts (2 is Lambda's floor). */
    maxConcurrency: z.int().min(2).max(1000).default(5),
    /** Use this existing Secrets Manager secret for the Clearfacts token instead of creating one. */
    existingSecretName: z.string().trim().min(1).optional(),
    /**
     * The customer managed KMS key the existing secret is encrypted with, as a key ARN (IAM does
     * not match key use against an alias ARN): the functions may decrypt with this key only.
     */
    secretKmsKeyArn: z
      .string()
      .trim()
      .regex(KMS_KEY_ARN, 'expected a KMS key ARN, like arn:aws:kms:eu-west-1:111122223333:key/<key id>')
      .optional(),
    /**
     * What the secret holds: `pat` (a personal access token, only ever read) or `oidc` (OpenID
     * Connect credentials the functions refresh and write back, so they may write the secret).
     */
    clearfactsAuth: z.enum(['pat', 'oidc']).default('pat'),
    /** The key prefix SES writes raw mail under. */
    rawMailPrefix: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*\/$/, 'expected a key prefix ending in "/", like inbound/')
      .default('inbound/'),
    /** Function log retention; 90 because logs name senders and recipients, and reports outlive them. */
    logRetentionDays: z
      .int()
      .refine((days) => LOG_RETENTION_DAYS.includes(days), {
        message: `expected one of CloudWatch's periods: ${LOG_RETENTION_DAYS.join(', ')}`,
      })
      .default(90),
  })
  .strict()
  .refine(
    (deployment) => deployment.secretKmsKeyArn === undefined || deployment.existingSecretName !== undefined,
    {
      // The secret the stack creates uses Secrets Manager's AWS managed key.
      message: 'secretKmsKeyArn describes an existing secret: set existingSecretName too',
      path: ['secretKmsKeyArn'],
    },
  );

/** The admin's configuration file: one file drives both the stack and the function. */
export const configSchema = z
  .object({
    /** The domain that receives mail, e.g. `invoices.example.com`. */
    domain: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'expected a domain name'),
    /** Accept `purchase-<companyNumber>@domain` and its tray aliases without listing them. */
    conventionAddresses: z.boolean().default(true),
    /**
     * A convention address of a company that has listed mailboxes: `strictest` applies the strictest
     * of their sender and verdict policies (every one of them must accept), `refuse` routes it nowhere.
     * `strictest`: mail keeps arriving, and the side door around a listed mailbox's allow-list is shut.
     */
    conventionForListedCompanies: z.enum(['strictest', 'refuse']).default('strictest'),
    /** Defaults for every mailbox, listed or convention. */
    defaults: z
      .object({
        /** Convention addresses carry their own tray; listed ones default to purchases. */
        invoiceType: invoiceTypeSchema.default('PURCHASE'),
        /**
         * The archive the convention addresses `archive-`, `archief-`, `archives-<companyNumber>` upload
         * to; absent: those addresses are not accepted (a category must be named, and exist, per company).
         */
        archive: archiveTargetSchema.optional(),
        allowedSenders: mailboxSettingsShape.allowedSenders,
        /** True: Clearfacts reads UBL without OCR, and the XML embeds its own PDF rendering. */
        preferInvoiceXml: z.boolean().default(true),
        /** `auto`: web shops, subscriptions and parking or fuel receipts often send the invoice as the mail itself. */
        bodyToPdf: bodyToPdfSchema.default('auto'),
        /** Absent: the defaults of functions/policy/verdict-policy.ts, documented there. */
        verdicts: mailboxSettingsShape.verdicts,
        /** `quarantine`: a new supplier's first invoice waits for a look instead of vanishing. */
        unlistedSender: unlistedSenderSchema.default('quarantine'),
        /** `problems`: clients hear when an invoice did not arrive; receipts for everything are opt-in. */
        feedback: feedbackModeSchema.default(DEFAULT_FEEDBACK_MODE),
        /** English, unless a mailbox's clients read Dutch, French or German. */
        language: replyLanguageSchema.default(DEFAULT_REPLY_LANGUAGE),
        /** `flag`: the accountant sees the doubt and decides; nothing is held back from them. */
        invoiceRepeats: invoiceRepeatsSchema.default('flag'),
      })
      .strict()
      .default({
        invoiceType: 'PURCHASE',
        preferInvoiceXml: true,
        bodyToPdf: 'auto',
        unlistedSender: 'quarantine',
        feedback: DEFAULT_FEEDBACK_MODE,
        language: DEFAULT_REPLY_LANGUAGE,
        invoiceRepeats: 'flag',
      }),
    /** The dedicated addresses; at least 2,000 are supported (the map is never an env variable). */
    mailboxes: z.array(mailboxSchema).default([]),
    /** Limits on replies to senders, whoever asks for them (docs/security.md). */
    replies: z
      .object({
        /**
         * Replies sent in any hour, to all senders together. 100: a client forwarding a month of
         * invoices hears about each, while someone rotating addresses to provoke replies (and
         * bounces that hurt the account's SES reputation) gets 100 an hour at most.
         */
        maxPerHour: z.int().min(1).max(10_000).default(DEFAULT_REPLIES_PER_HOUR),
        /**
         * Answer mail that reached no mailbox. `false`: a stranger guessing addresses learns nothing
         * and provokes nothing; set it only when clients need to hear they mistyped the address.
         */
        answerUnroutable: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    /** The address replies to senders come from, on the domain; absent: `noreply@<domain>`. */
    replyFrom: z.email().toLowerCase().optional(),
    /** Where the Clearfacts API lives (overridable for white-label accountants and stand-ins). */
    clearfacts: z
      .object({
        apiUrl: secureUrlSchema.default(DEFAULT_CLEARFACTS_API_URL),
        loginUrl: secureUrlSchema.default(DEFAULT_CLEARFACTS_LOGIN_URL),
      })
      .strict()
      .default({ apiUrl: DEFAULT_CLEARFACTS_API_URL, loginUrl: DEFAULT_CLEARFACTS_LOGIN_URL }),
    /** How the stack is deployed (region, DNS, alarms, retention); the function ignores it. */
    deployment: deploymentSchema.prefault({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    // SES sends only from the verified domain; a mailbox's address would route replies to it back in.
    const replyLocal = config.replyFrom?.split('@')[0];
    if (config.replyFrom !== undefined && !config.replyFrom.endsWith(`@${config.domain}`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['replyFrom'],
        message: `"${config.replyFrom}" is not on the configured domain ${config.domain}`,
      });
    } else if (config.mailboxes.some((mailbox) => mailbox.address.split('@')[0] === replyLocal)) {
      ctx.addIssue({
        code: 'custom',
        path: ['replyFrom'],
        message: `"${config.replyFrom}" is also a mailbox; replies need an address of their own`,
      });
    }
    const seen = new Map<string, number>();
    config.mailboxes.forEach((mailbox, index) => {
      const [local, domain] = mailbox.address.split('@');
      if (domain !== undefined && domain !== config.domain) {
        ctx.addIssue({
          code: 'custom',
          path: ['mailboxes', index, 'address'],
          message: `"${mailbox.address}" is not on the configured domain ${config.domain}`,
        });
      }
      const key = local ?? mailbox.address;
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['mailboxes', index, 'address'],
          message: `duplicate address "${key}" (already used by mailboxes[${first}])`,
        });
      } else {
        seen.set(key, index);
      }
    });
  });

/** The validated configuration, with defaults applied and company numbers normalised. */
export type Config = z.infer<typeof configSchema>;
/** The validated deployment options, with defaults applied. */
export type DeploymentConfig = z.infer<typeof deploymentSchema>;
/** One validated mailbox entry as written in the config. */
export type MailboxConfig = z.infer<typeof mailboxSchema>;
