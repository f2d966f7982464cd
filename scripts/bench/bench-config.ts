import { parseConfig } from '../../functions/config/load-config';

/** The address the corpus is sent from: a supplier the mailbox accepts. */
export const BENCH_SENDER = 'Supplier BV <billing@supplier.example.be>';

/** The mailbox every benchmark message is delivered to. */
export const BENCH_RECIPIENT = 'acme@invoices.example.com';

/** The bucket SES would write to; raw mail and reports live there, as in AWS. */
export const BENCH_BUCKET = 'bench-mail';

/** The key prefix SES writes raw mail under (the config's default `rawMailPrefix`). */
export const BENCH_PREFIX = 'inbound/';

/** The admin's config for the benchmark: one mailbox, everything else the documented defaults. */
export const BENCH_CONFIG_JSON = {
  domain: 'invoices.example.com',
  mailboxes: [{ address: 'acme', name: 'Acme NV', companyNumber: '0123456749' }],
};

/** The validated config, with every default filled in (maxConcurrency, retention...). */
export const BENCH_CONFIG = parseConfig(BENCH_CONFIG_JSON, 'bench config');
