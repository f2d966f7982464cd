import { z } from 'zod';
import { POLICY_ACTIONS, type VerdictRulesConfig } from '../policy/verdict-policy';

const actionSchema = z.enum(POLICY_ACTIONS);

/** Actions per status; leave one out to inherit it. */
const statusRulesSchema = z
  .object({
    FAIL: actionSchema.optional(),
    GRAY: actionSchema.optional(),
    PROCESSING_FAILED: actionSchema.optional(),
  })
  .strict();

/** Per-verdict rules as the admin writes them, e.g. `{ "dmarc": { "FAIL": "reject" } }`. */
export const verdictRulesSchema: z.ZodType<VerdictRulesConfig> = z
  .object({
    spam: statusRulesSchema.optional(),
    virus: statusRulesSchema
      .extend({
        FAIL: z
          .enum(['quarantine', 'reject'], {
            error: 'a message with a virus is never uploaded: expected "quarantine" or "reject"',
          })
          .optional(),
      })
      .strict()
      .optional(),
    spf: statusRulesSchema.optional(),
    dkim: statusRulesSchema.optional(),
    dmarc: statusRulesSchema.optional(),
  })
  .strict();
