import type { DocumentFate } from './document-fate';
import type { ReplyLanguage } from './feedback-settings';
import type { ReplySituation, ReplySummary } from './reply-summary';
import { de } from './reply-texts/de';
import { en } from './reply-texts/en';
import { fr } from './reply-texts/fr';
import { nl } from './reply-texts/nl';

/** The word in front of the original subject. */
export type SubjectKind = 'received' | 'partly' | 'not-delivered' | 'on-hold';

/** Something the sender can do, one sentence each. */
export type Advice =
  | 'password-protected'
  | 'too-large'
  | 'too-many'
  | 'damaged'
  | 'unsupported'
  | 'no-documents'
  | 'unknown-address'
  | 'held'
  | 'sender-refused'
  /** Nothing the sender can fix alone: Clearfacts refused a file, or the message could not be read. */
  | 'contact';

/**
 * Every sentence of a reply in one language: plain text only (the HTML escapes all of it), short,
 * addressed politely, and naming the accounting office rather than guessing who the sender is.
 */
export interface ReplyTexts {
  readonly subjectPrefix: Readonly<Record<SubjectKind, string>>;
  /** The reply's subject from the prefix and the original subject (French puts a space before the colon). */
  subjectLine(prefix: string, original: string): string;
  /** Stands in for a missing original subject. */
  readonly noSubject: string;
  readonly greeting: string;
  /** The opening sentence, quoting the original subject; `address` for an unknown address. */
  intro(situation: ReplySituation, subject: string, address: string): string;
  readonly documentsHeading: string;
  /** A document's fate in plain words; `pages` as Clearfacts counted them. */
  fate(fate: DocumentFate, pages: number | undefined): string;
  readonly adviceHeading: string;
  readonly advice: Readonly<Record<Advice, string>>;
  /** The closing lines: sent automatically, not read, and the reference an accounting office can look up. */
  footer(reference: string): string;
}

const TEXTS: Readonly<Record<ReplyLanguage, ReplyTexts>> = { en, nl, fr, de };

/** The texts of one language. */
export function textsFor(language: ReplyLanguage): ReplyTexts {
  return TEXTS[language];
}

/** The subject word for a situation. */
export function subjectKindOf(situation: ReplySituation): SubjectKind {
  if (situation === 'delivered') return 'received';
  if (situation === 'partly-delivered') return 'partly';
  if (situation === 'held') return 'on-hold';
  return 'not-delivered';
}

const FATE_ADVICE: Partial<Readonly<Record<DocumentFate, Advice>>> = {
  'password-protected': 'password-protected',
  'too-large': 'too-large',
  'too-many': 'too-many',
  damaged: 'damaged',
  unsupported: 'unsupported',
  refused: 'contact',
};

const SITUATION_ADVICE: Partial<Readonly<Record<ReplySituation, Advice>>> = {
  'no-documents': 'no-documents',
  'unknown-address': 'unknown-address',
  held: 'held',
  'sender-refused': 'sender-refused',
};

/** What the sender can do, once each, in the order the problems appear; nothing when all went well. */
export function adviceFor(summary: ReplySummary): Advice[] {
  const advice = new Set<Advice>();
  const situation = SITUATION_ADVICE[summary.situation];
  if (situation !== undefined) advice.add(situation);
  for (const document of summary.documents) {
    const fix = FATE_ADVICE[document.fate];
    if (fix !== undefined) advice.add(fix);
  }
  // Not delivered, and no document says why (the message could not be read): only the office can tell.
  if (advice.size === 0 && summary.situation !== 'delivered') advice.add('contact');
  return [...advice];
}
