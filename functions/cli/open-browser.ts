import { spawn } from 'node:child_process';

/** The command that opens a URL in the default browser, per platform. */
function openerFor(platform: NodeJS.Platform, url: string): [string, string[]] {
  if (platform === 'darwin') return ['open', [url]];
  // `start` is a cmd built-in; the empty title keeps it from taking the URL as the window title.
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]];
  return ['xdg-open', [url]];
}

/**
 * Opens the URL in the browser when the platform can; never fails (a server without a browser is
 * common): the caller always prints the URL too, so it can be opened by hand.
 */
export function openInBrowser(url: string): void {
  const [command, args] = openerFor(process.platform, url);
  try {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener: the printed URL is the way.
  }
}
