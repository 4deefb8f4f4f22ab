/**
 * Helpers for cdk-nag acknowledgements, whose ids name a resource the way cdk-nag prints it: intrinsics as
 * `<AWS::Region>` (a Ref) in environment-agnostic stacks, plain values in stacks with a concrete account and
 * region. An acknowledgement written for one form alone would miss the other.
 */
import type { Stack } from 'aws-cdk-lib';

/** `value` (an ARN that may hold tokens) as cdk-nag prints it in a finding id for `stack`. */
export function nagResourceName(stack: Stack, value: string): string {
  const resolved: unknown = stack.resolve(value);
  if (typeof resolved === 'string') return resolved;
  const join = (resolved as { 'Fn::Join'?: [string, unknown[]] })['Fn::Join'];
  if (!join) throw new Error(`nagResourceName: cannot render ${JSON.stringify(resolved)}`);
  return join[1]
    .map((part) => {
      if (typeof part === 'string') return part;
      const ref = (part as { Ref?: unknown }).Ref;
      if (typeof ref === 'string') return `<${ref}>`;
      throw new Error(`nagResourceName: cannot render ${JSON.stringify(part)}`);
    })
    .join(join[0]);
}
