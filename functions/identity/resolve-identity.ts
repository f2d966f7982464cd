import type { InvoiceType } from '../config/config-schema';
import type { IdentityResult } from './invoice-identity';
import type { TextFacts } from './text-identity';
import { belgianVatNumber } from './vat-number';

/** The administration a document goes to: whose tray tells who the supplier is. */
export interface IdentityContext {
  readonly companyNumber: string;
  readonly invoiceType: InvoiceType;
}

/**
 * Tells the supplier's VAT number apart from the customer's. On a purchase invoice the
 * administration is the customer, so the supplier is the one other VAT number printed; on a
 * sale, the administration is the supplier and its own VAT number must be printed. Anything
 * else (no other number, or two) leaves the document unidentified.
 */
export function resolveTextIdentity(facts: TextFacts, context: IdentityContext): IdentityResult {
  const own = belgianVatNumber(context.companyNumber);
  const { vatNumbers, ...fields } = facts;
  if (context.invoiceType === 'SALE') {
    if (!vatNumbers.includes(own))
      return { identified: false, reason: `the company's own VAT number ${own} is not on it` };
    return { identified: true, identity: { supplier: own, ...fields } };
  }
  const others = vatNumbers.filter((vat) => vat !== own);
  if (others.length === 0) return { identified: false, reason: 'no valid supplier VAT number is on it' };
  if (others.length > 1) {
    return {
      identified: false,
      reason: `several VAT numbers (${others.join(', ')}): which is the supplier's is not certain`,
    };
  }
  return { identified: true, identity: { supplier: others[0] ?? '', ...fields } };
}
