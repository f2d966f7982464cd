/** The AWS error's name (`RuleSetDoesNotExistException`, …), if it has one. */
export function awsErrorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && typeof (error as Error).name === 'string'
    ? (error as Error).name
    : undefined;
}

/** SES's answer when a rule set, or a rule in it, is not there. */
export function isMissing(error: unknown): boolean {
  const name = awsErrorName(error);
  return name === 'RuleSetDoesNotExistException' || name === 'RuleDoesNotExistException';
}
