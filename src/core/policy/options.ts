// Choosing among a policy's named readings: a new policy value, so the choice travels with the (signed) data.
import { err, ok, type Result } from '../result.js';
import type { Policy, PolicyError } from './types.js';

/** The policy with the given options set to the given choices; an unknown option or choice is a typed error. */
export function chooseOptions(policy: Policy, choices: Record<string, string>): Result<Policy, PolicyError> {
  if (Object.keys(choices).length === 0) return ok(policy);
  const options = { ...policy.options };
  const known = Object.keys(options);
  for (const [name, choice] of Object.entries(choices)) {
    const option = Object.hasOwn(options, name) ? options[name] : undefined;
    if (!option) {
      return err({
        kind: 'unknown-option',
        option: name,
        known,
        message: `${policy.name} has no option "${name}"; its options: ${known.join(', ') || '(none)'}`,
      });
    }
    if (!Object.hasOwn(option.choices, choice)) {
      const valid = Object.keys(option.choices);
      return err({
        kind: 'unknown-option',
        option: name,
        known: valid,
        message: `option ${name} has no choice "${choice}"; its choices: ${valid.join(', ')}`,
      });
    }
    options[name] = { ...option, chosen: choice };
  }
  return ok({ ...policy, options });
}
