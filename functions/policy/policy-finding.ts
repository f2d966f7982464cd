import type { PolicyAction } from './verdict-policy';

/** One thing the policy noticed about a message, and what it asks for. */
export interface PolicyFinding {
  readonly action: PolicyAction;
  /** Why, in words an admin understands. */
  readonly reason: string;
  /** False for what no admin may release (a virus); absent means it may be. */
  readonly releasable?: false;
}
