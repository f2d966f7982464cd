import type { Certificate } from 'pkijs';
import { cleanDisplayText } from '../mail/safe-filename';

/** Short names of the attributes a signer's subject usually holds (RFC 4514 §3, RFC 5280 §4.1.2.4). */
const ATTRIBUTE_NAMES: Readonly<Record<string, string>> = {
  '2.5.4.3': 'CN',
  '2.5.4.4': 'SN',
  '2.5.4.42': 'GN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.97': 'organizationIdentifier',
  '1.2.840.113549.1.9.1': 'E',
};

/** A subject longer than this is cut: it is shown in reports and origins, not parsed by anyone. */
const MAX_SUBJECT_LENGTH = 300;

/**
 * A certificate's subject as people read a distinguished name: `CN=Jan Peeters, O=Acme BV, C=BE`,
 * most specific first as RFC 4514 writes it. Values are cleaned like any sender-chosen text;
 * attributes without a short name show their OID.
 */
export function certificateSubject(certificate: Certificate): string {
  const parts = certificate.subject.typesAndValues.map((attribute) => {
    const value: unknown = (attribute.value.valueBlock as { value?: unknown }).value;
    const text = typeof value === 'string' ? cleanDisplayText(value) : '…';
    return `${ATTRIBUTE_NAMES[attribute.type] ?? attribute.type}=${text}`;
  });
  const subject = parts.reverse().join(', ');
  return subject.length > MAX_SUBJECT_LENGTH ? `${subject.slice(0, MAX_SUBJECT_LENGTH)}…` : subject;
}
