import { findAmount, findInvoiceWord, findOrderWord } from '../../functions/render/body-invoice-words';
import { NO_INVOICE_FOUND, shouldRenderBody } from '../../functions/render/should-render-body';

describe('recognising invoice words and amounts', () => {
  it.each([
    ['Uw factuur van november', 'factuur'],
    ['Factuurnummer 2026-118', 'factuur'],
    ['Votre facture Proximus', 'facture'],
    ['Reçu de paiement n° 42', 'reçu de paiement'],
    ['Your receipt from Example SaaS', 'receipt'],
    ['Invoices for March', 'invoice'],
    ['Ihre Rechnung vom 20.11.2026', 'rechnung'],
    ['Quittung für Ihren Einkauf', 'quittung'],
    ['Bestellbestätigung Nr. 123', 'bestellbestätigung'],
    ['Ontvangstbewijs van uw betaling', 'ontvangstbewijs'],
  ])('finds an invoice word in "%s" (%s, as the list spells it)', (text, word) => {
    expect(findInvoiceWord(text)).toBe(word);
  });

  it('ignores words that only contain an invoice word inside them', () => {
    expect(findInvoiceWord('De Berechnung is klaar')).toBeUndefined();
    expect(findInvoiceWord('Nous avons bien reçu votre message')).toBeUndefined();
  });

  it('counts order words separately from invoice words', () => {
    expect(findInvoiceWord('Uw bestelling is onderweg')).toBeUndefined();
    expect(findOrderWord('Uw bestelling is onderweg')).toBe('bestelling');
    expect(findOrderWord('Votre commande 1234')).toBe('commande');
  });

  it.each([
    ['Totaal: € 7,50', '€ 7,50'],
    ['Total 1.234,56 EUR', '1.234,56 EUR'],
    ['Amount due: $19.99', '$19.99'],
    ['Betrag EUR 12', 'EUR 12'],
    ['prijs 12,50€ incl. btw', '12,50€'],
    ['Summe 1 234,00\u00a0€', '1 234,00 €'],
  ])('finds the amount in "%s"', (text, amount) => {
    expect(findAmount(text)).toBe(amount);
  });

  it('finds no amount in dates, reference numbers or words like EUROPE', () => {
    expect(findAmount('Factuur 2026-118 van 20.11.2026, EUROPE 12')).toBeUndefined();
  });
});

describe('the body-to-PDF policy', () => {
  const receipt = { subject: 'Uw parkeerticket', text: 'Ontvangstbewijs. Totaal betaald: € 7,50' };
  const newsletter = { subject: 'De lente komt eraan', text: 'Nieuwe stadsfietsen vanaf € 499. Bestel nu!' };

  it('auto renders a body naming a receipt beside an amount', () => {
    expect(shouldRenderBody('auto', receipt)).toEqual({
      render: true,
      reason: 'the subject mentions "parkeerticket" and the message an amount (€ 7,50)',
    });
  });

  it('auto renders an order confirmation whose subject names the order', () => {
    const order = { subject: 'Your order #1234', text: 'Thanks for shopping. Total $42.00' };
    expect(shouldRenderBody('auto', order).render).toBe(true);
  });

  it('auto leaves a newsletter with prices alone', () => {
    expect(shouldRenderBody('auto', newsletter)).toEqual({ render: false, reason: NO_INVOICE_FOUND });
  });

  it('auto leaves a question about an invoice alone: no amount', () => {
    const question = { subject: 'Vraag over factuur 2026-010', text: 'Is factuur 2026-010 al betaald?' };
    expect(shouldRenderBody('auto', question).render).toBe(false);
  });

  it('always renders, never does not', () => {
    expect(shouldRenderBody('always', newsletter).render).toBe(true);
    expect(shouldRenderBody('never', receipt)).toEqual({
      render: false,
      reason: 'the mailbox does not turn message bodies into PDFs (bodyToPdf: never)',
    });
  });
});
