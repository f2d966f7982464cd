/**
 * Hosts that may be called over plain `http://`: only this machine (stand-ins, the local sandbox).
 * Anything else carries the Clearfacts token across a network, so it must be `https://`.
 */
const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a URL is not acceptable for a Clearfacts endpoint, or undefined when it is. */
export function insecureUrlReason(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'expected a URL like https://api.clearfacts.be/graphql';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return undefined;
  if (url.protocol === 'http:') {
    return `expected https:// (http:// only for 127.0.0.1 or localhost): the token would cross the network in clear to ${url.hostname}`;
  }
  return `expected an https:// URL, not ${url.protocol}`;
}
