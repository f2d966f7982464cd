import {
  buildProvenanceComment,
  cleanComment,
  MAX_COMMENT_LENGTH,
} from '../../functions/clearfacts/provenance-comment';

describe('buildProvenanceComment', () => {
  it('names the sender, subject and message id', () => {
    expect(
      buildProvenanceComment({
        from: 'Supplier <billing@supplier.be>',
        subject: 'Invoice 2024-001',
        messageId: '<abc@supplier.be>',
      }),
    ).toBe('From: Supplier <billing@supplier.be>; Subject: Invoice 2024-001; Message: <abc@supplier.be>');
  });

  it('leaves out what the email did not say', () => {
    expect(buildProvenanceComment({ from: 'billing@supplier.be', subject: '  ', messageId: '<id@x>' })).toBe(
      'From: billing@supplier.be; Message: <id@x>',
    );
    expect(buildProvenanceComment({})).toBe('');
  });

  it('removes control characters and bidi overrides, such as a folded subject line', () => {
    expect(buildProvenanceComment({ subject: 'Invoice\r\n\t 42\u0000\u202e fdp.exe' })).toBe(
      'Subject: Invoice 42 fdp.exe',
    );
  });

  it('trims a long subject to the maximum length, ending with an ellipsis', () => {
    const comment = buildProvenanceComment({ subject: 'word '.repeat(400), messageId: '<id@x>' });

    expect(Array.from(comment).length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH);
    expect(comment.startsWith('Subject: word word')).toBe(true);
    expect(comment.endsWith('…')).toBe(true);
  });
});

describe('cleanComment', () => {
  it('keeps a short comment as it is', () => {
    expect(cleanComment('Subject: Factuur €120 — ok ✅')).toBe('Subject: Factuur €120 — ok ✅');
  });

  it('never splits an emoji when trimming', () => {
    const comment = cleanComment('😀'.repeat(MAX_COMMENT_LENGTH + 10));

    expect(Array.from(comment)).toHaveLength(MAX_COMMENT_LENGTH);
    expect(comment).toBe(`${'😀'.repeat(MAX_COMMENT_LENGTH - 1)}…`);
  });
});
