import { en } from 'zod/locales';
import { config } from 'zod/mini';

/**
 * The function checks what it reads at run time (its environment, SES notifications, the secret)
 * with `zod/mini`, zod's tree-shakable build: the bundle then carries only the checks it uses, not
 * the classic build's 0.45 MB (issue #19). The config's schema runs at synth; the CLI and the local
 * inbox keep classic zod. Importing this module gives mini classic zod's English messages (mini has
 * none by default). Import it for its effect; import `* as z from 'zod/mini'` beside it, never a
 * re-exported namespace, which esbuild would keep whole.
 */
config(en());
