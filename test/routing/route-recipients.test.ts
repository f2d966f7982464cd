import { parseConfig } from '../../functions/config/load-config';
import { MailboxRouter } from '../../functions/routing/route-recipients';

const config = parseConfig({
  domain: 'invoices.example.com',
  mailboxes: [
    { address: 'acme', companyNumber: 'BE 0123.456.749', name: 'Acme NV' },
    { address: 'acme-sales', companyNumber: '0123456749', invoiceType: 'SALE' },
    { address: 'peeters', companyNumber: '0203201340', allowedSenders: ['*@supplier.example.be'] },
  ],
});
const router = new MailboxRouter(config);

describe('routing envelope recipients', () => {
  it('routes a listed address with its settings', () => {
    const route = router.routeOne('acme@invoices.example.com');
    expect(route.mailbox).toEqual({
      address: 'acme@invoices.example.com',
      companyNumber: '0123456749',
      invoiceType: 'PURCHASE',
      name: 'Acme NV',
      preferInvoiceXml: true,
      bodyToPdf: 'auto',
      feedback: 'problems',
      language: 'en',
      invoiceRepeats: 'flag',
      source: 'listed',
    });
  });

  it('carries each mailbox its policy for repeated invoices, defaulting to flag', () => {
    const custom = new MailboxRouter(
      parseConfig({
        domain: 'invoices.example.com',
        defaults: { invoiceRepeats: 'off' },
        mailboxes: [{ address: 'careful', companyNumber: '0123456749', invoiceRepeats: 'hold' }],
      }),
    );
    expect(custom.routeOne('careful@invoices.example.com').mailbox?.invoiceRepeats).toBe('hold');
    expect(custom.routeOne('purchase-0123456749@invoices.example.com').mailbox?.invoiceRepeats).toBe('off');
    expect(router.routeOne('purchase-0123456749@invoices.example.com').mailbox?.invoiceRepeats).toBe('flag');
  });

  it('carries each mailbox its body-to-PDF policy, defaulting to auto', () => {
    const custom = new MailboxRouter(
      parseConfig({
        domain: 'invoices.example.com',
        defaults: { bodyToPdf: 'never' },
        mailboxes: [{ address: 'shop', companyNumber: '0123456749', bodyToPdf: 'always' }],
      }),
    );
    expect(custom.routeOne('shop@invoices.example.com').mailbox?.bodyToPdf).toBe('always');
    expect(custom.routeOne('aankoop-0123456749@invoices.example.com').mailbox?.bodyToPdf).toBe('never');
    expect(router.routeOne('purchase-0123456749@invoices.example.com').mailbox?.bodyToPdf).toBe('auto');
  });

  it('matches case-insensitively and ignores a +tag', () => {
    expect(router.routeOne('ACME+March@Invoices.Example.com').mailbox?.address).toBe(
      'acme@invoices.example.com',
    );
  });

  it.each([
    ['purchase-0123456749', 'PURCHASE'],
    ['aankoop-0123456749', 'PURCHASE'],
    ['achat-0123456749', 'PURCHASE'],
    ['sale-0123456749', 'SALE'],
    ['verkoop-0123456749', 'SALE'],
    ['vente-0123456749', 'SALE'],
    ['various-0123456749', 'VARIOUS'],
    ['divers-0123456749', 'VARIOUS'],
    ['diversen-0123456749', 'VARIOUS'],
  ])('routes the convention address %s to the %s tray', (local, invoiceType) => {
    const route = router.routeOne(`${local}@invoices.example.com`);
    expect(route.mailbox).toMatchObject({ companyNumber: '0123456749', invoiceType, source: 'convention' });
  });

  it('takes VARIOUS as a listed mailbox tray too', () => {
    const various = new MailboxRouter(
      parseConfig({
        domain: 'invoices.example.com',
        mailboxes: [{ address: 'acme-misc', companyNumber: '0123456749', invoiceType: 'VARIOUS' }],
      }),
    );
    expect(various.routeOne('acme-misc@invoices.example.com').mailbox?.invoiceType).toBe('VARIOUS');
    expect(() =>
      parseConfig({
        domain: 'invoices.example.com',
        mailboxes: [{ address: 'acme-misc', companyNumber: '0123456749', invoiceType: 'OTHER' }],
      }),
    ).toThrow(/invoiceType/);
  });

  it('does not take an Object property name (constructor-) for a tray', () => {
    expect(router.routeOne('constructor-0123456749@invoices.example.com').mailbox).toBeUndefined();
  });

  describe('archive mailboxes', () => {
    const archiving = new MailboxRouter(
      parseConfig({
        domain: 'invoices.example.com',
        defaults: { archive: { type: 'PERMANENT', category: 'Huurovereenkomst' } },
        mailboxes: [
          { address: 'acme', companyNumber: '0123456749' },
          {
            address: 'acme-docs',
            companyNumber: '0123456749',
            archive: { type: 'VARIOUS', category: ' Contracten ' },
          },
        ],
      }),
    );

    it('routes a listed archive mailbox with its target, and the convention ones with the default', () => {
      expect(archiving.routeOne('acme-docs@invoices.example.com').mailbox?.archive).toEqual({
        type: 'VARIOUS',
        category: 'Contracten',
      });
      for (const prefix of ['archive', 'archief', 'archives']) {
        expect(archiving.routeOne(`${prefix}-0203201340@invoices.example.com`).mailbox).toMatchObject({
          companyNumber: '0203201340',
          archive: { type: 'PERMANENT', category: 'Huurovereenkomst' },
          source: 'convention',
        });
      }
      expect(archiving.routeOne('purchase-0203201340@invoices.example.com').mailbox?.archive).toBeUndefined();
    });

    it('keeps the archive apart from the inbox tray and from another archive category', () => {
      const result = archiving.route([
        'acme@invoices.example.com',
        'acme-docs@invoices.example.com',
        'archive-0123456749@invoices.example.com',
        'archief-0123456749@invoices.example.com',
      ]);
      expect(result.mailboxes.map((mailbox) => mailbox.address)).toEqual([
        'acme@invoices.example.com',
        'acme-docs@invoices.example.com',
        'archive-0123456749@invoices.example.com',
      ]);
    });

    it('has no archive convention addresses without a default archive category', () => {
      expect(router.routeOne('archive-0123456749@invoices.example.com').mailbox).toBeUndefined();
    });

    it('refuses a mailbox that names both an inbox tray and an archive, and an empty category', () => {
      const entry = { address: 'x', companyNumber: '0123456749' };
      expect(() =>
        parseConfig({
          domain: 'invoices.example.com',
          mailboxes: [{ ...entry, invoiceType: 'SALE', archive: { type: 'VARIOUS', category: 'Other' } }],
        }),
      ).toThrow(/inbox tray \(invoiceType\) or to the archive/);
      expect(() =>
        parseConfig({
          domain: 'invoices.example.com',
          mailboxes: [{ ...entry, archive: { type: 'VARIOUS', category: ' ' } }],
        }),
      ).toThrow(/category/);
      expect(() =>
        parseConfig({
          domain: 'invoices.example.com',
          mailboxes: [{ ...entry, archive: { type: 'SALE', category: 'Other' } }],
        }),
      ).toThrow(/type/);
    });
  });

  it('accepts a nine-digit company number in a convention address', () => {
    expect(router.routeOne('purchase-203201340@invoices.example.com').mailbox?.companyNumber).toBe(
      '0203201340',
    );
  });

  it('refuses a convention address whose company number fails the check', () => {
    expect(router.routeOne('purchase-0123456748@invoices.example.com')).toEqual({
      recipient: 'purchase-0123456748@invoices.example.com',
      reason: '0123456748 in purchase-0123456748@invoices.example.com is not a valid Belgian company number',
    });
  });

  it('reports an unknown recipient and routes nothing for it', () => {
    const result = router.route(['nobody@invoices.example.com', 'acme@elsewhere.example']);
    expect(result.mailboxes).toEqual([]);
    expect(result.routes).toEqual([
      {
        recipient: 'nobody@invoices.example.com',
        reason: 'no mailbox is configured for nobody@invoices.example.com',
      },
      { recipient: 'acme@elsewhere.example', reason: 'not addressed to invoices.example.com' },
    ]);
  });

  it('delivers a message for two mailboxes to each', () => {
    const result = router.route(['acme@invoices.example.com', 'peeters@invoices.example.com']);
    expect(result.mailboxes.map((mailbox) => mailbox.companyNumber)).toEqual(['0123456749', '0203201340']);
    expect(result.mailboxes[1]?.allowedSenders).toEqual(['*@supplier.example.be']);
  });

  it('delivers once when two addresses lead to the same administration and tray', () => {
    const result = router.route(['acme@invoices.example.com', 'purchase-0123456749@invoices.example.com']);
    expect(result.mailboxes).toHaveLength(1);
    expect(result.mailboxes[0]?.source).toBe('listed');
  });

  it('keeps the purchase and sale trays of one company apart', () => {
    const result = router.route(['acme@invoices.example.com', 'acme-sales@invoices.example.com']);
    expect(result.mailboxes.map((mailbox) => mailbox.invoiceType)).toEqual(['PURCHASE', 'SALE']);
  });

  it('turns convention addresses off when the config says so', () => {
    const strict = new MailboxRouter({ ...config, conventionAddresses: false });
    expect(strict.routeOne('purchase-0123456749@invoices.example.com').mailbox).toBeUndefined();
  });

  it('routes among 2,000 mailboxes without a linear scan per recipient', () => {
    const mailboxes = Array.from({ length: 2000 }, (_, index) => ({
      address: `client-${index}`,
      companyNumber: '0123456749',
    }));
    const large = new MailboxRouter(parseConfig({ domain: 'invoices.example.com', mailboxes }));
    expect(large.routeOne('client-1999@invoices.example.com').mailbox?.address).toBe(
      'client-1999@invoices.example.com',
    );
  });
});
