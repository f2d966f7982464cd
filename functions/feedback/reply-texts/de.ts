import { MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_MESSAGE } from '../../shared/limits';
import type { ReplyTexts } from '../reply-texts';

const MB = MAX_DOCUMENT_BYTES / (1024 * 1024);

/** Replies in German (addressing the reader as "Sie"). */
export const de: ReplyTexts = {
  subjectPrefix: {
    received: 'Erhalten',
    partly: 'Teilweise zugestellt',
    'not-delivered': 'Nicht zugestellt',
    'on-hold': 'Zurückgehalten',
  },
  subjectLine: (prefix, original) => `${prefix}: ${original}`,
  noSubject: '(kein Betreff)',
  greeting: 'Guten Tag,',
  intro: (situation, subject, address) => {
    const received = `Wir haben Ihre Nachricht „${subject}“ erhalten`;
    switch (situation) {
      case 'delivered':
        return `${received} und die folgenden Dokumente an Clearfacts übermittelt.`;
      case 'partly-delivered':
        return `${received}. Einige ihrer Dokumente wurden an Clearfacts übermittelt, andere nicht.`;
      case 'not-delivered':
        return `${received}, konnten sie aber nicht an Clearfacts übermitteln.`;
      case 'no-documents':
        return (
          `${received}, darin aber kein Dokument zum Übermitteln gefunden: weder PDF noch JPEG ` +
          'noch XML-E-Rechnung.'
        );
      case 'unknown-address':
        return `${received}, aber ${address} ist keine bekannte Adresse. Es wurde nichts übermittelt.`;
      case 'held':
        return (
          `${received}. Diese Adresse nimmt nur Dokumente von Absendern an, die das Buchhaltungsbüro ` +
          'freigegeben hat. Ihre Nachricht wird daher zurückgehalten, bis das Büro sie geprüft hat.'
        );
      case 'sender-refused':
        return (
          `${received}, aber diese Adresse nimmt nur Dokumente von Absendern an, die das ` +
          'Buchhaltungsbüro freigegeben hat. Es wurde nichts übermittelt.'
        );
    }
  },
  documentsHeading: 'Dokumente',
  fate: (fate, pages) => {
    switch (fate) {
      case 'delivered':
        return pages === undefined
          ? 'übermittelt'
          : `übermittelt (${pages} ${pages === 1 ? 'Seite' : 'Seiten'})`;
      case 'already-received':
        return 'bereits früher erhalten; nicht doppelt übermittelt';
      case 'possible-duplicate':
        return 'übermittelt und für Ihr Steuerbüro als mögliches Duplikat markiert: dieselbe Rechnung ist bereits früher eingegangen';
      case 'possible-repeat':
        return 'übermittelt und für Ihr Steuerbüro als mögliche Wiederholung markiert: ein früherer Versuch blieb ohne Antwort von Clearfacts, daher kann es dort doppelt vorliegen';
      case 'password-protected':
        return 'nicht übermittelt: mit einem Passwort geschützt';
      case 'too-large':
        return `nicht übermittelt: größer als ${MB} MB`;
      case 'too-many':
        return `nicht übermittelt: mehr als ${MAX_DOCUMENTS_PER_MESSAGE} Dokumente in einer Nachricht`;
      case 'damaged':
        return 'nicht übermittelt: die Datei ist beschädigt oder unvollständig';
      case 'unsupported':
        return 'nicht übermittelt: ein Dateityp, den Clearfacts nicht annimmt';
      case 'refused':
        return 'nicht übermittelt: von Clearfacts abgelehnt';
    }
  },
  adviceHeading: 'Was Sie tun können',
  advice: {
    'password-protected':
      'Entfernen Sie das Passwort und senden Sie das Dokument erneut, zum Beispiel indem Sie es in eine neue PDF-Datei drucken.',
    'too-large': `Senden Sie Dateien von höchstens ${MB} MB: Scannen Sie mit geringerer Auflösung oder teilen Sie das Dokument auf.`,
    'too-many': `Senden Sie höchstens ${MAX_DOCUMENTS_PER_MESSAGE} Dokumente pro Nachricht, und die übrigen in einer neuen Nachricht.`,
    damaged: 'Prüfen Sie, ob sich die Datei öffnen lässt, und senden Sie sie dann erneut.',
    unsupported: 'Senden Sie Rechnungen als PDF, als JPEG oder als XML-E-Rechnung (UBL, Peppol).',
    'no-documents':
      'Hängen Sie die Rechnung als PDF, JPEG oder XML-E-Rechnung an und senden Sie die Nachricht erneut.',
    'unknown-address':
      'Prüfen Sie die Adresse, die Ihnen Ihr Buchhaltungsbüro gegeben hat, und senden Sie die Nachricht erneut an diese Adresse.',
    held: 'Bitten Sie Ihr Buchhaltungsbüro, die Nachricht zu prüfen und Ihre Adresse zu den freigegebenen Absendern hinzuzufügen.',
    'sender-refused':
      'Bitten Sie Ihr Buchhaltungsbüro, Ihre Adresse zu den freigegebenen Absendern hinzuzufügen, und senden Sie die Nachricht dann erneut.',
    contact: 'Bitte wenden Sie sich an Ihr Buchhaltungsbüro: Dort ist zu sehen, was schiefgegangen ist.',
  },
  footer: (reference) =>
    'Diese Nachricht wurde automatisch versendet; Antworten darauf werden nicht gelesen. ' +
    `Referenz für Ihr Buchhaltungsbüro: ${reference}`,
};
