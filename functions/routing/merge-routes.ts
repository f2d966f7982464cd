import { deliveryKey, type Mailbox, policiesOf } from './mailbox';

/**
 * The distinct deliveries of one message: routes to the same company and tray deliver once, and
 * that delivery is bound by every one of their policies, so the strictest decides, not the first.
 */
export function mergeRoutes(mailboxes: readonly Mailbox[]): Mailbox[] {
  const byKey = new Map<string, Mailbox>();
  for (const mailbox of mailboxes) {
    const key = deliveryKey(mailbox);
    const first = byKey.get(key);
    if (first === undefined) {
      byKey.set(key, mailbox);
      continue;
    }
    const known = policiesOf(first);
    const added = policiesOf(mailbox).filter(
      (policy) => !known.some((seen) => seen.address === policy.address),
    );
    if (added.length > 0) byKey.set(key, { ...first, policies: [...known, ...added] });
  }
  return [...byKey.values()];
}
