import { MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_MESSAGE } from '../../shared/limits';
import type { ReplyTexts } from '../reply-texts';

const MB = MAX_DOCUMENT_BYTES / (1024 * 1024);

/** Replies in English. */
export const en: ReplyTexts = {
  subjectPrefix: {
    received: 'Received',
    partly: 'Partly delivered',
    'not-delivered': 'Not delivered',
    'on-hold': 'On hold',
  },
  subjectLine: (prefix, original) => `${prefix}: ${original}`,
  noSubject: '(no subject)',
  greeting: 'Hello,',
  intro: (situation, subject, address) => {
    const received = `We received your message "${subject}"`;
    switch (situation) {
      case 'delivered':
        return `${received} and delivered the documents below to Clearfacts.`;
      case 'partly-delivered':
        return `${received}. Some of its documents were delivered to Clearfacts, others were not.`;
      case 'not-delivered':
        return `${received}, but could not deliver it to Clearfacts.`;
      case 'no-documents':
        return `${received}, but found no document in it to deliver: no PDF, JPEG or XML e-invoice.`;
      case 'unknown-address':
        return `${received}, but ${address} is not a known address, so nothing was delivered.`;
      case 'held':
        return (
          `${received}. This address accepts documents only from senders the accounting office has ` +
          'approved, so your message is on hold until they have reviewed it.'
        );
      case 'sender-refused':
        return (
          `${received}, but this address accepts documents only from senders the accounting office ` +
          'has approved, so nothing was delivered.'
        );
    }
  },
  documentsHeading: 'Documents',
  fate: (fate, pages) => {
    switch (fate) {
      case 'delivered':
        return pages === undefined ? 'delivered' : `delivered (${pages} ${pages === 1 ? 'page' : 'pages'})`;
      case 'already-received':
        return 'received earlier already; not delivered twice';
      case 'possible-duplicate':
        return 'delivered, and marked for your accounting office as a possible duplicate: the same invoice arrived earlier';
      case 'possible-repeat':
        return 'delivered, and marked for your accounting office as a possible repeat: an earlier attempt got no answer from Clearfacts, so it may be there twice';
      case 'password-protected':
        return 'not delivered: protected with a password';
      case 'too-large':
        return `not delivered: larger than ${MB} MB`;
      case 'too-many':
        return `not delivered: more than ${MAX_DOCUMENTS_PER_MESSAGE} documents in one message`;
      case 'damaged':
        return 'not delivered: the file is damaged or incomplete';
      case 'unsupported':
        return 'not delivered: a file type Clearfacts does not accept';
      case 'refused':
        return 'not delivered: Clearfacts refused it';
    }
  },
  adviceHeading: 'What you can do',
  advice: {
    'password-protected':
      'Remove the password and send the document again, for example by printing it to a new PDF.',
    'too-large': `Send files of at most ${MB} MB: scan at a lower resolution, or split the document.`,
    'too-many': `Send at most ${MAX_DOCUMENTS_PER_MESSAGE} documents per message, and the others in a new message.`,
    damaged: 'Check that the file opens, then send it again.',
    unsupported: 'Send invoices as PDF, as JPEG or as an XML e-invoice (UBL, Peppol).',
    'no-documents': 'Attach the invoice as a PDF, JPEG or XML e-invoice and send the message again.',
    'unknown-address': 'Check the address your accounting office gave you, and send the message to it again.',
    held: 'Ask your accounting office to review the message, and to add your address to the approved senders.',
    'sender-refused':
      'Ask your accounting office to add your address to the approved senders, then send the message again.',
    contact: 'Please contact your accounting office: they can see what went wrong.',
  },
  footer: (reference) =>
    'This message was sent automatically; replies to it are not read. ' +
    `Reference for your accounting office: ${reference}`,
};
