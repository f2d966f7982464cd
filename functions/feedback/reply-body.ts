import type { ReplyLanguage } from './feedback-settings';
import type { ReplySummary } from './reply-summary';
import { adviceFor, subjectKindOf, textsFor } from './reply-texts';

/**
 * What the reply quotes from the message (its subject, file names, the address written to) is cut
 * to this many characters: enough to recognise, too little to carry someone else's text.
 */
export const MAX_QUOTED_CHARS = 120;

/** A reply's words, before they become a MIME message. */
export interface ReplyContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** What the reply is written from. */
export interface ReplyFacts {
  readonly summary: ReplySummary;
  readonly language: ReplyLanguage;
  /** The original subject, as sent. */
  readonly originalSubject?: string;
  /** SES's id of the message: an accounting office finds the report by it. */
  readonly reference: string;
}

/** Writes the reply in plain text and in simple HTML, everything taken from the message escaped. */
export function writeReply(facts: ReplyFacts): ReplyContent {
  const texts = textsFor(facts.language);
  const { summary } = facts;
  const original = quote(facts.originalSubject ?? '') || texts.noSubject;
  const intro = texts.intro(summary.situation, original, quote(summary.address ?? ''));
  const documents = summary.documents.map((document) => ({
    name: quote(document.name),
    fate: texts.fate(document.fate, document.pages),
  }));
  const advice = adviceFor(summary).map((key) => texts.advice[key]);
  const footer = texts.footer(facts.reference);

  const text = [
    texts.greeting,
    '',
    intro,
    ...(documents.length === 0
      ? []
      : ['', texts.documentsHeading, ...documents.map(({ name, fate }) => `- ${name}: ${fate}`)]),
    ...(advice.length === 0 ? [] : ['', texts.adviceHeading, ...advice.map((line) => `- ${line}`)]),
    '',
    '-- ',
    footer,
    '',
  ].join('\n');

  const heading = (words: string): string =>
    `<p style="margin:16px 0 4px"><strong>${escapeHtml(words)}</strong></p>`;
  const list = (items: readonly string[]): string =>
    `<ul style="margin:0;padding-left:20px">${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${facts.language}"><head><meta charset="utf-8"></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#222">',
    `<p>${escapeHtml(texts.greeting)}</p>`,
    `<p>${escapeHtml(intro)}</p>`,
    ...(documents.length === 0
      ? []
      : [
          heading(texts.documentsHeading),
          list(
            documents.map(({ name, fate }) => `<strong>${escapeHtml(name)}</strong>: ${escapeHtml(fate)}`),
          ),
        ]),
    ...(advice.length === 0 ? [] : [heading(texts.adviceHeading), list(advice.map(escapeHtml))]),
    `<p style="margin-top:24px;color:#666;font-size:12px">${escapeHtml(footer)}</p>`,
    '</body></html>',
    '',
  ].join('\n');

  const prefix = texts.subjectPrefix[subjectKindOf(summary.situation)];
  return { subject: texts.subjectLine(prefix, original), text, html };
}

/**
 * A value from the message on one line, without control or text-direction characters (which could
 * make `invoice\u202Efdp.exe` look like `invoiceexe.pdf`), cut to `MAX_QUOTED_CHARS`.
 */
export function quote(value: string): string {
  const line = value
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed.
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // By code point, so a cut never splits a character in two.
  const characters = [...line];
  return characters.length <= MAX_QUOTED_CHARS
    ? line
    : `${characters.slice(0, MAX_QUOTED_CHARS - 1).join('')}…`;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
