import { z } from 'zod';
import { normaliseCompanyNumber } from './company-number';

/** The public Clearfacts GraphQL endpoint. */
export const DEFAULT_CLEARFACTS_API_URL = 'https://api.clearfacts.be/graphql';
/** The public Clearfacts OpenID Connect issuer (an accountant may have its own login domain). */
export const DEFAULT_CLEARFACTS_LOGIN_URL = 'https://login.clearfacts.be';

/** Clearfacts' two kinds of inbox tray. */
export const invoiceTypeSchema = z.enum(['PURCHASE', 'SALE']);
/** `PURCHASE` (supplier invoices, the common case) or `SALE`. */
export type InvoiceType = z.infer<typeof invoiceTypeSchema>;

/** A Belgian enterprise number as people type it, normalised to ten digits. */
export const companyNumberSchema = z.string().transform((value, ctx) => {
  const normalised = normaliseCompanyNumber(value);
  if (normalised === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not a valid Belgian company number (ten digits, the last two a mod-97 check, e.g. BE 0123.456.749)`,
    });
    return z.NEVER;
  }
  return normalised;
});

/** An allowed sender: an exact address or `*@domain`. */
const senderPatternSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(\*|[^@\s*]+)@[^@\s*]+\.[^@\s*]+$/, 'expected an email address or *@domain');

/** Settings a mailbox may set, falling back to the config's `defaults`. */
const mailboxSettingsShape = {
  /** Which Clearfacts tray documents go to. */
  invoiceType: invoiceTypeSchema.optional(),
  /** Header `From:` addresses allowed to send (exact or `*@domain`); absent means anyone. */
  allowedSenders: z.array(senderPatternSchema).optional(),
  /** Upload only the invoice XML when the same invoice also came as a PDF (the XML carries it). */
  preferInvoiceXml: z.boolean().optional(),
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
    ...mailboxSettingsShape,
  })
  .strict();

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
    /** Defaults for every mailbox, listed or convention. */
    defaults: z
      .object({
        /** Convention addresses carry their own tray; listed ones default to purchases. */
        invoiceType: invoiceTypeSchema.default('PURCHASE'),
        allowedSenders: mailboxSettingsShape.allowedSenders,
        /** True: Clearfacts reads UBL without OCR, and the XML embeds its own PDF rendering. */
        preferInvoiceXml: z.boolean().default(true),
      })
      .strict()
      .default({ invoiceType: 'PURCHASE', preferInvoiceXml: true }),
    /** The dedicated addresses; at least 2,000 are supported (the map is never an env variable). */
    mailboxes: z.array(mailboxSchema).default([]),
    /** Where the Clearfacts API lives (overridable for white-label accountants and stand-ins). */
    clearfacts: z
      .object({
        apiUrl: z.url().default(DEFAULT_CLEARFACTS_API_URL),
        loginUrl: z.url().default(DEFAULT_CLEARFACTS_LOGIN_URL),
      })
      .strict()
      .default({ apiUrl: DEFAULT_CLEARFACTS_API_URL, loginUrl: DEFAULT_CLEARFACTS_LOGIN_URL }),
  })
  .strict()
  .superRefine((config, ctx) => {
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
/** One validated mailbox entry as written in the config. */
export type MailboxConfig = z.infer<typeof mailboxSchema>;
