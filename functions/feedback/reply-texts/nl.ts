import { MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_MESSAGE } from '../../shared/limits';
import type { ReplyTexts } from '../reply-texts';

const MB = MAX_DOCUMENT_BYTES / (1024 * 1024);

/** Replies in Dutch (Belgian usage, addressing the reader as "u"). */
export const nl: ReplyTexts = {
  subjectPrefix: {
    received: 'Ontvangen',
    partly: 'Gedeeltelijk afgeleverd',
    'not-delivered': 'Niet afgeleverd',
    'on-hold': 'In de wacht',
  },
  subjectLine: (prefix, original) => `${prefix}: ${original}`,
  noSubject: '(geen onderwerp)',
  greeting: 'Goeddag,',
  intro: (situation, subject, address) => {
    const received = `We hebben uw bericht "${subject}" ontvangen`;
    switch (situation) {
      case 'delivered':
        return `${received} en de onderstaande documenten afgeleverd in Clearfacts.`;
      case 'partly-delivered':
        return `${received}. Sommige documenten zijn afgeleverd in Clearfacts, andere niet.`;
      case 'not-delivered':
        return `${received}, maar konden het niet afleveren in Clearfacts.`;
      case 'no-documents':
        return `${received}, maar vonden er geen document in om af te leveren: geen PDF, JPEG of XML-e-factuur.`;
      case 'unknown-address':
        return `${received}, maar ${address} is geen bekend adres. Er is niets afgeleverd.`;
      case 'held':
        return (
          `${received}. Dit adres aanvaardt alleen documenten van afzenders die het boekhoudkantoor ` +
          'heeft goedgekeurd. Uw bericht wacht daarom tot het kantoor het heeft nagekeken.'
        );
      case 'sender-refused':
        return (
          `${received}, maar dit adres aanvaardt alleen documenten van afzenders die het ` +
          'boekhoudkantoor heeft goedgekeurd. Er is niets afgeleverd.'
        );
    }
  },
  documentsHeading: 'Documenten',
  fate: (fate, pages) => {
    switch (fate) {
      case 'delivered':
        return pages === undefined
          ? 'afgeleverd'
          : `afgeleverd (${pages} ${pages === 1 ? 'pagina' : "pagina's"})`;
      case 'already-received':
        return 'al eerder ontvangen; niet dubbel afgeleverd';
      case 'possible-duplicate':
        return 'afgeleverd, en voor uw boekhouder gemarkeerd als mogelijk dubbel: dezelfde factuur kwam al eerder binnen';
      case 'possible-repeat':
        return 'afgeleverd, en voor uw boekhouder gemarkeerd als mogelijke herhaling: een eerdere poging kreeg geen antwoord van Clearfacts, dus het kan er twee keer staan';
      case 'password-protected':
        return 'niet afgeleverd: beveiligd met een wachtwoord';
      case 'too-large':
        return `niet afgeleverd: groter dan ${MB} MB`;
      case 'too-many':
        return `niet afgeleverd: meer dan ${MAX_DOCUMENTS_PER_MESSAGE} documenten in één bericht`;
      case 'damaged':
        return 'niet afgeleverd: het bestand is beschadigd of onvolledig';
      case 'unsupported':
        return 'niet afgeleverd: een bestandstype dat Clearfacts niet aanvaardt';
      case 'refused':
        return 'niet afgeleverd: Clearfacts heeft het geweigerd';
    }
  },
  adviceHeading: 'Wat u kunt doen',
  advice: {
    'password-protected':
      'Verwijder het wachtwoord en stuur het document opnieuw, bijvoorbeeld door het af te drukken naar een nieuwe PDF.',
    'too-large': `Stuur bestanden van hoogstens ${MB} MB: scan met een lagere resolutie of splits het document.`,
    'too-many': `Stuur hoogstens ${MAX_DOCUMENTS_PER_MESSAGE} documenten per bericht, en de andere in een nieuw bericht.`,
    damaged: 'Controleer of het bestand opent en stuur het dan opnieuw.',
    unsupported: 'Stuur facturen als PDF, als JPEG of als XML-e-factuur (UBL, Peppol).',
    'no-documents': 'Voeg de factuur toe als PDF, JPEG of XML-e-factuur en stuur het bericht opnieuw.',
    'unknown-address':
      'Controleer het adres dat uw boekhoudkantoor u gaf en stuur het bericht opnieuw naar dat adres.',
    held: 'Vraag uw boekhoudkantoor om het bericht na te kijken en uw adres toe te voegen aan de goedgekeurde afzenders.',
    'sender-refused':
      'Vraag uw boekhoudkantoor om uw adres toe te voegen aan de goedgekeurde afzenders en stuur het bericht dan opnieuw.',
    contact: 'Neem contact op met uw boekhoudkantoor: daar kan men zien wat er misliep.',
  },
  footer: (reference) =>
    'Dit bericht werd automatisch verstuurd; antwoorden erop worden niet gelezen. ' +
    `Referentie voor uw boekhoudkantoor: ${reference}`,
};
