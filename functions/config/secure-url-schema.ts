import { z } from 'zod';
import { insecureUrlReason } from './secure-url';

/** A Clearfacts endpoint in the config: `https://`, or `http://` on loopback. */
export const secureUrlSchema = z.string().superRefine((value, ctx) => {
  const reason = insecureUrlReason(value);
  if (reason !== undefined) ctx.addIssue({ code: 'custom', message: reason });
});
