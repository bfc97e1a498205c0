// Policies that arrive as data in signed bundles: checked by the same schema as the shipped ones before any use.
import { err, type Result } from '../result.js';
import type { Policy, PolicyError } from './types.js';
import { parsePolicy } from './validate.js';

/** A policy filed under a name and version, as a bundle carries it (the body's `policies[]`). */
export interface PackagedPolicy {
  name: string;
  version: number;
  policy: unknown;
}

/** The packaged policy checked: a valid policy whose own name and version are the ones it is filed under. */
export function parsePackagedPolicy(p: PackagedPolicy): Result<Policy, PolicyError> {
  const parsed = parsePolicy(p.policy);
  if (!parsed.ok) return parsed;
  if (parsed.value.name === p.name && parsed.value.version === p.version) return parsed;
  const message = `filed as ${p.name} v${p.version}, but the policy is ${parsed.value.name} v${parsed.value.version}`;
  return err({ kind: 'invalid-policy', problems: [message], message });
}

/** The policy named `name` among those delivered, checked; undefined when none by that name checks out. */
export function deliveredPolicy(delivered: readonly PackagedPolicy[], name: string): Policy | undefined {
  for (const p of delivered) {
    if (p.name !== name) continue;
    const parsed = parsePackagedPolicy(p);
    if (parsed.ok) return parsed.value;
  }
  return undefined;
}
