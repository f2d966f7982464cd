import { AwsSolutionsChecks } from 'cdk-nag';
import { synthStack, withDeployment } from './synth-stack';

/** Runs the AwsSolutions pack over a synthesized stack; returns "severity rule: paths" lines. */
function findings(rawConfig?: unknown): { errors: string[]; warnings: string[] } {
  const { app, stack } = rawConfig === undefined ? synthStack() : synthStack(rawConfig);
  const report = new AwsSolutionsChecks(app, { verbose: true }).validateScope(stack);
  const describe = (severity: string): string[] =>
    report.violations
      .filter((violation) => violation.severity === severity)
      .map((violation) => {
        const paths = violation.violatingResources.map(
          (resource) => resource.constructPath ?? resource.resourceLogicalId,
        );
        return `${violation.ruleName}: ${paths.join(', ')}`;
      });
  return { errors: describe('error'), warnings: describe('warning') };
}

describe('cdk-nag AwsSolutions', () => {
  it('finds no errors and no warnings in the default stack', () => {
    expect(findings()).toEqual({ errors: [], warnings: [] });
  });

  it('finds none either with a hosted zone, an existing secret and a joined rule set', () => {
    const options = withDeployment({
      hostedZone: { id: 'Z0123456789ABCDEFGHIJ', name: 'example.com' },
      existingSecretName: 'clearfacts/api-token',
      ruleSet: { mode: 'join' },
      alarmEmail: undefined,
    });
    expect(findings(options)).toEqual({ errors: [], warnings: [] });
  });
});
