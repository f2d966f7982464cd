import { MAX_DOCUMENT_BYTES, MAX_DOCUMENTS_PER_MESSAGE } from '../../shared/limits';
import type { ReplyTexts } from '../reply-texts';

const MB = MAX_DOCUMENT_BYTES / (1024 * 1024);

/** Replies in French (addressing the reader as "vous"). */
export const fr: ReplyTexts = {
  subjectPrefix: {
    received: 'Reçu',
    partly: 'Transmis en partie',
    'not-delivered': 'Non transmis',
    'on-hold': 'En attente',
  },
  subjectLine: (prefix, original) => `${prefix} : ${original}`,
  noSubject: '(sans objet)',
  greeting: 'Bonjour,',
  intro: (situation, subject, address) => {
    const received = `Nous avons bien reçu votre message « ${subject} »`;
    switch (situation) {
      case 'delivered':
        return `${received} et transmis les documents ci-dessous à Clearfacts.`;
      case 'partly-delivered':
        return `${received}. Certains de ses documents ont été transmis à Clearfacts, d'autres non.`;
      case 'not-delivered':
        return `${received}, mais n'avons pas pu le transmettre à Clearfacts.`;
      case 'no-documents':
        return (
          `${received}, mais il ne contient aucun document à transmettre : ni PDF, ni JPEG, ` +
          'ni facture électronique XML.'
        );
      case 'unknown-address':
        return `${received}, mais l'adresse ${address} n'est pas connue. Rien n'a été transmis.`;
      case 'held':
        return (
          `${received}. Cette adresse n'accepte que les documents des expéditeurs approuvés par le ` +
          'cabinet comptable : votre message est en attente de sa vérification.'
        );
      case 'sender-refused':
        return (
          `${received}, mais cette adresse n'accepte que les documents des expéditeurs approuvés par ` +
          "le cabinet comptable. Rien n'a été transmis."
        );
    }
  },
  documentsHeading: 'Documents',
  fate: (fate, pages) => {
    switch (fate) {
      case 'delivered':
        return pages === undefined ? 'transmis' : `transmis (${pages} ${pages === 1 ? 'page' : 'pages'})`;
      case 'already-received':
        return 'déjà reçu auparavant ; pas transmis deux fois';
      case 'possible-duplicate':
        return 'transmis, et signalé à votre comptable comme doublon possible : la même facture est déjà arrivée';
      case 'possible-repeat':
        return "transmis, et signalé à votre comptable comme envoi peut-être répété : une tentative précédente n'a pas reçu de réponse de Clearfacts, il peut donc s'y trouver deux fois";
      case 'password-protected':
        return 'non transmis : protégé par un mot de passe';
      case 'too-large':
        return `non transmis : plus de ${MB} Mo`;
      case 'too-many':
        return `non transmis : plus de ${MAX_DOCUMENTS_PER_MESSAGE} documents dans un seul message`;
      case 'damaged':
        return 'non transmis : le fichier est endommagé ou incomplet';
      case 'unsupported':
        return "non transmis : un type de fichier que Clearfacts n'accepte pas";
      case 'refused':
        return 'non transmis : refusé par Clearfacts';
    }
  },
  adviceHeading: 'Ce que vous pouvez faire',
  advice: {
    'password-protected':
      "Retirez le mot de passe et renvoyez le document, par exemple en l'imprimant dans un nouveau PDF.",
    'too-large': `Envoyez des fichiers de ${MB} Mo au maximum : numérisez en plus basse résolution ou divisez le document.`,
    'too-many': `Envoyez au maximum ${MAX_DOCUMENTS_PER_MESSAGE} documents par message, et les autres dans un nouveau message.`,
    damaged: "Vérifiez que le fichier s'ouvre, puis renvoyez-le.",
    unsupported: 'Envoyez les factures en PDF, en JPEG ou en facture électronique XML (UBL, Peppol).',
    'no-documents':
      'Joignez la facture en PDF, en JPEG ou en facture électronique XML et renvoyez le message.',
    'unknown-address':
      "Vérifiez l'adresse que votre cabinet comptable vous a donnée et renvoyez le message à cette adresse.",
    held: "Demandez à votre cabinet comptable de vérifier le message et d'ajouter votre adresse aux expéditeurs approuvés.",
    'sender-refused':
      "Demandez à votre cabinet comptable d'ajouter votre adresse aux expéditeurs approuvés, puis renvoyez le message.",
    contact: "Veuillez contacter votre cabinet comptable : il peut voir ce qui s'est passé.",
  },
  footer: (reference) =>
    'Ce message a été envoyé automatiquement ; les réponses ne sont pas lues. ' +
    `Référence pour votre cabinet comptable : ${reference}`,
};
