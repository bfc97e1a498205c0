// `checkpoint decide`: one entry decision under a named policy, from a colour, a verified code or a manual entry.
import type { Colour } from '../../core/hcq1/types.js';
import { COLOURS } from '../../core/hcq1/types.js';
import { verificationJson } from '../../core/hcq1/json.js';
import { verifyHcq1 } from '../../core/hcq1/verify.js';
import {
  DECLARATIONS,
  MANUAL_REASONS,
  chooseOptions,
  decide as decideEntry,
  findPolicy,
  isDeclaration,
  isManualReason,
  parseVenue,
  type Decision,
  type DecisionInput,
  type Declaration,
} from '../../core/policy/index.js';
import { EXIT, UsageError, emit, parseFlags, parseIsoSeconds, type Command } from '../io.js';
import { parseTestFlag, stringFlags, switchFlags, listFlags } from './flags.js';
import { verifierFromFlags } from './verifier.js';

const HELP = `checkpoint decide --policy NAME --venue CATEGORY
    ( --color green|yellow|red [--since ISO]
    | --code TEXT|- --keys FILE [--revocations FILE] [--skew SECONDS]
    | --manual --reason elderly|child|no-phone|foreigner [--declare fever|contact|risk-area|abroad]... )
    [--proxy] [--temperature C] [--mask] [--emergency] [--test negative@ISO|positive@ISO] [--at ISO]
    [--option NAME=CHOICE]...

  Decides entry at a venue under a policy (checkpoint policy list) and prints
  {"decision": "admit"|"deny", "outcome": "admit"|"admit-escorted"|"deny", "actions": [...],
   "reasons": [{"rule", "cite", "text", "gloss"}], "policy", "policyVersion", "colour", "verification" (with --code)}.
  "outcome" admit-escorted: admitted for care only, taken to the designated place (not a plain admit).
  --color      the colour read off a code; --since when that colour began (Yunnan's 14-day green counts from it)
  --code       an HCQ1 text (or - for stdin), verified first; a code that does not verify is a deny
  --manual     a person without a code; --declare once per "yes" answer on the paper declaration
  --proxy      a family member declared for the person (代他人填报), with --color or --manual (a code says it itself)
  --temperature  degrees Celsius measured here (fever is >= 37.3); leave out when measured elsewhere
  --mask       a mask is worn; --emergency the person comes as an emergency
  --test       a nucleic-acid result shown on paper, with its sampling time
  --at         the time of the decision (default: now)
  --option     decide under another reading the policy offers (checkpoint policy show NAME: "options"),
               e.g. --option fever=refuse; without it, each option's chosen (literal) reading
  Exit 0 admit, 1 deny, 2 usage.`;

const FLAGS = {
  ...stringFlags('policy', 'venue', 'color', 'since', 'code', 'keys', 'revocations', 'skew', 'reason'),
  ...stringFlags('temperature', 'test', 'at'),
  ...switchFlags('manual', 'mask', 'emergency', 'proxy'),
  ...listFlags('declare', 'option'),
};

function parseTemperature(value: string): number {
  const t = Number(value);
  // Outside 30-45 °C it is a typo or Fahrenheit, not a body temperature.
  if (value.trim() === '' || !Number.isFinite(t) || t < 30 || t > 45) {
    throw new UsageError(`--temperature ${value}: expected degrees Celsius between 30 and 45, e.g. 36.8`);
  }
  return t;
}

function parseOptions(values: readonly string[]): Record<string, string> {
  const choices: Record<string, string> = {};
  for (const v of values) {
    const m = /^([a-z][a-z0-9-]*)=([a-z][a-z0-9-]*)$/.exec(v);
    if (!m?.[1] || !m[2]) throw new UsageError(`--option ${v}: expected NAME=CHOICE, e.g. fever=refuse`);
    choices[m[1]] = m[2];
  }
  return choices;
}

function onlyWith(values: Record<string, unknown>, flags: string[], mode: string): void {
  for (const f of flags) if (values[f] !== undefined) throw new UsageError(`--${f} goes only with ${mode}`);
}

/** `checkpoint decide`. */
export const decide: Command = {
  summary: 'decide entry at a venue under a policy (colour, verified code or manual entry)',
  help: HELP,
  async run(args, io) {
    const { values } = parseFlags(args, FLAGS);
    if (!values.policy) throw new UsageError('--policy NAME is required (checkpoint policy list)');
    const found = findPolicy(values.policy);
    if (!found.ok) throw new UsageError(`--policy ${found.error.message}`);
    const policy = chooseOptions(found.value, parseOptions(values.option ?? []));
    if (!policy.ok) throw new UsageError(`--option ${policy.error.message}`);
    if (!values.venue) throw new UsageError('--venue CATEGORY is required');
    const venue = parseVenue(values.venue);
    if (!venue.ok) throw new UsageError(`--venue ${venue.error.message}`);

    const modes = [values.color !== undefined, values.code !== undefined, values.manual === true];
    if (modes.filter(Boolean).length !== 1) {
      throw new UsageError('give exactly one of --color C, --code TEXT or --manual');
    }
    const at = values.at ? parseIsoSeconds(values.at, '--at') : Math.floor(Date.now() / 1000);
    const base = {
      venue: venue.value,
      at,
      ...(values.temperature !== undefined ? { temperature: parseTemperature(values.temperature) } : {}),
      ...(values.mask ? { mask: true } : {}),
      ...(values.emergency ? { emergency: true } : {}),
      ...(values.test !== undefined ? { paperTest: parseTestFlag(values.test) } : {}),
    };

    if (values.color !== undefined) {
      onlyWith(values, ['keys', 'revocations', 'skew', 'reason', 'declare'], '--code or --manual');
      if (!(COLOURS as readonly string[]).includes(values.color)) {
        throw new UsageError(`--color ${values.color}: expected one of ${COLOURS.join(', ')}`);
      }
      const person: DecisionInput['person'] = { kind: 'code', colour: values.color as Colour };
      if (values.since !== undefined) person.colourSince = parseIsoSeconds(values.since, '--since');
      if (values.proxy) person.proxy = true;
      return answer(io, decideEntry(policy.value, { ...base, person }));
    }

    if (values.manual) {
      onlyWith(values, ['since', 'keys', 'revocations', 'skew'], '--color or --code');
      if (!values.reason || !isManualReason(values.reason)) {
        throw new UsageError(
          `--reason ${values.reason ?? '(missing)'}: expected one of ${MANUAL_REASONS.join(', ')}`,
        );
      }
      const declared: Declaration[] = [];
      for (const d of values.declare ?? []) {
        if (!isDeclaration(d))
          throw new UsageError(`--declare ${d}: expected one of ${DECLARATIONS.join(', ')}`);
        if (!declared.includes(d)) declared.push(d);
      }
      const person: DecisionInput['person'] = { kind: 'manual', reason: values.reason, declared };
      if (values.proxy) person.proxy = true;
      return answer(io, decideEntry(policy.value, { ...base, person }));
    }

    onlyWith(values, ['since', 'reason', 'declare', 'proxy'], '--color or --manual');
    // The same clock for the verification and the decision, even when --at is left to default to now.
    const ctx = { ...(await verifierFromFlags(values)), now: at };
    const text = values.code === '-' ? (await io.readStdin()).trim() : (values.code ?? '');
    const v = await verifyHcq1(text, ctx);
    const verification = verificationJson(v);
    if (v.result !== 'ok') {
      const refused: Decision = {
        decision: 'deny',
        outcome: 'deny',
        actions: [],
        reasons: [
          {
            rule: 'code-not-verified',
            cite: 'HCQ1 §3',
            text: `${v.result}: ${v.detail}`,
            gloss:
              'The code did not verify; nothing it claims is used. Ask for a fresh code or a manual entry.',
          },
        ],
        policy: policy.value.name,
        policyVersion: policy.value.version,
      };
      return answer(io, refused, verification);
    }
    const c = v.claims;
    const person: DecisionInput['person'] = { kind: 'code', colour: c.colour, colourSince: c.colourSince };
    if (c.test) person.test = c.test;
    if (c.proxy) person.proxy = true;
    return answer(io, decideEntry(policy.value, { ...base, person }), verification);
  },
};

function answer(
  io: Parameters<Command['run']>[1],
  d: Decision,
  verification?: Record<string, unknown>,
): number {
  emit(io, verification ? { ...d, verification } : d);
  return d.decision === 'admit' ? EXIT.ok : EXIT.refused;
}
