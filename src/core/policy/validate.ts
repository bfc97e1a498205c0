// Checks untrusted JSON (e.g. a policy shipped in a bundle) before the engine may use it as a Policy.
import { COLOURS } from '../hcq1/types.js';
import { err, ok, type Result } from '../result.js';
import { isAction, isDeclaration, isManualReason, isVenueCategory } from './vocabulary.js';
import { POLICY_SCHEMA, type Policy, type PolicyError } from './types.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isStringArray = (v: unknown): v is string[] =>
  Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The document numbers a cite names, e.g. "002 §4(1), 000 §7(2)3" → ["002", "000"]; null when malformed. */
export function citedDocuments(cite: string): string[] | null {
  const parts = cite.split(/,\s*/);
  const docs: string[] = [];
  let current: string | null = null;
  for (const part of parts) {
    const full = /^(\d{3}) (附件 )?§\d+(\(\d+\))?\d*$/.exec(part);
    if (full) {
      current = full[1] ?? null;
      if (current) docs.push(current);
      continue;
    }
    // A continuation like "§17" or "§1(2)" refers to the document named just before it.
    if (current !== null && /^(附件 )?§\d+(\(\d+\))?\d*$/.test(part)) continue;
    return null;
  }
  return docs.length > 0 ? docs : null;
}

const CONDITION_KEYS = new Set([
  'source',
  'colour',
  'venue',
  'venueClass',
  'fever',
  'declared',
  'reason',
  'mask',
  'emergency',
  'proxy',
  'colourAgeAtLeastDays',
  'test',
  'option',
]);

// What a condition may refer to: the policy's venue classes and options.
interface Names {
  classes: Json;
  options: Json;
}

function checkCondition(c: unknown, where: string, names: Names, problems: string[]): void {
  if (!isObject(c)) {
    problems.push(`${where}: not an object`);
    return;
  }
  for (const key of Object.keys(c))
    if (!CONDITION_KEYS.has(key)) problems.push(`${where}: unknown key "${key}"`);
  if (c.source !== undefined && c.source !== 'code' && c.source !== 'manual')
    problems.push(`${where}.source`);
  const list = (key: string, valid: (s: string) => boolean) => {
    const v = c[key];
    if (v === undefined) return;
    if (!isStringArray(v) || v.length === 0) problems.push(`${where}.${key}: not a non-empty list`);
    else for (const s of v) if (!valid(s)) problems.push(`${where}.${key}: unknown "${s}"`);
  };
  list('colour', (s) => (COLOURS as readonly string[]).includes(s));
  list('venue', isVenueCategory);
  list('declared', isDeclaration);
  list('reason', isManualReason);
  if (c.venueClass !== undefined && (!isString(c.venueClass) || !(c.venueClass in names.classes))) {
    problems.push(`${where}.venueClass: no class "${String(c.venueClass)}"`);
  }
  for (const key of ['fever', 'mask', 'emergency', 'proxy']) {
    if (c[key] !== undefined && typeof c[key] !== 'boolean') problems.push(`${where}.${key}: not a boolean`);
  }
  const days = c.colourAgeAtLeastDays;
  if (days !== undefined && !(typeof days === 'number' && days > 0))
    problems.push(`${where}.colourAgeAtLeastDays`);
  if (c.test !== undefined) {
    const t = c.test;
    if (
      !isObject(t) ||
      (t.result !== 'negative' && t.result !== 'positive') ||
      typeof t.withinHours !== 'number' ||
      t.withinHours <= 0
    ) {
      problems.push(`${where}.test: needs result negative|positive and withinHours > 0`);
    }
  }
  if (c.option !== undefined) {
    if (!isObject(c.option) || Object.keys(c.option).length === 0)
      problems.push(`${where}.option: not an object naming options`);
    else
      for (const [name, choice] of Object.entries(c.option)) {
        const o = Object.hasOwn(names.options, name) ? names.options[name] : undefined;
        if (!isObject(o)) problems.push(`${where}.option: no option "${name}"`);
        else if (!isString(choice) || !isObject(o.choices) || !Object.hasOwn(o.choices, choice))
          problems.push(`${where}.option: "${String(choice)}" is not a choice of "${name}"`);
      }
  }
}

const OPTION_NAME = /^[a-z][a-z0-9-]*$/;

function checkOptions(options: unknown, docs: Set<string>, problems: string[]): Json {
  if (options === undefined) return {};
  if (!isObject(options)) {
    problems.push('options: not an object');
    return {};
  }
  for (const [name, o] of Object.entries(options)) {
    const where = `options.${name}`;
    if (!OPTION_NAME.test(name)) problems.push(`${where}: name is not lower-case words joined by -`);
    if (!isObject(o)) {
      problems.push(`${where}: not an object`);
      continue;
    }
    checkCitation(o, where, docs, problems);
    const choices = o.choices;
    if (!isObject(choices) || Object.keys(choices).length < 2) {
      problems.push(`${where}.choices: needs at least two choices`);
      continue;
    }
    for (const [choice, gloss] of Object.entries(choices))
      if (!isString(gloss)) problems.push(`${where}.choices.${choice}: no gloss`);
    for (const key of ['literal', 'chosen']) {
      const choice = o[key];
      if (!isString(choice) || !Object.hasOwn(choices, choice))
        problems.push(`${where}.${key}: not one of ${Object.keys(choices).join(', ')}`);
    }
  }
  return options;
}

function checkCitation(r: Json, where: string, docs: Set<string>, problems: string[]): void {
  if (!isString(r.cite)) {
    problems.push(`${where}: no cite`);
  } else {
    const cited = citedDocuments(r.cite);
    if (!cited) problems.push(`${where}: cite "${r.cite}" is not like "003 §17" or "002 附件 §4(2)3"`);
    else
      for (const d of cited)
        if (!docs.has(d)) problems.push(`${where}: cites ${d}, not a source of the policy`);
  }
  if (!isString(r.text)) problems.push(`${where}: no text (the document's sentence)`);
  if (!isString(r.gloss)) problems.push(`${where}: no gloss`);
}

/** Checks that JSON is a well-formed policy (known words only, every rule cited); never throws. */
export function parsePolicy(json: unknown): Result<Policy, PolicyError> {
  const problems: string[] = [];
  if (!isObject(json))
    return err({ kind: 'invalid-policy', problems: ['not an object'], message: 'not an object' });
  const p = json;
  if (p.schema !== POLICY_SCHEMA) problems.push(`schema is not ${POLICY_SCHEMA}`);
  for (const key of ['name', 'title', 'titleZh', 'region'])
    if (!isString(p[key])) problems.push(`${key}: missing`);
  if (typeof p.version !== 'number' || !Number.isInteger(p.version) || p.version < 1)
    problems.push('version');
  if (typeof p.feverAt !== 'number' || p.feverAt < 35 || p.feverAt > 42) problems.push('feverAt');
  if (p.temperatureEntry !== 'ask' && p.temperatureEntry !== 'optional') problems.push('temperatureEntry');
  for (const key of ['maxOfflineHours', 'retentionDays']) {
    const v = p[key];
    if (typeof v !== 'number' || !(v > 0)) problems.push(`${key}: not a positive number`);
  }
  if (!isStringArray(p.settingsNotes)) problems.push('settingsNotes');
  const docs = new Set<string>();
  if (!Array.isArray(p.sources) || p.sources.length === 0) problems.push('sources: none');
  else
    p.sources.forEach((s: unknown, i) => {
      if (
        !isObject(s) ||
        !isString(s.doc) ||
        !isString(s.title) ||
        !isString(s.issuer) ||
        !isString(s.issued)
      ) {
        problems.push(`sources[${i}]`);
      } else docs.add(s.doc);
    });
  if (!isStringArray(p.declarationQuestions) || !p.declarationQuestions.every(isDeclaration)) {
    problems.push('declarationQuestions');
  }
  if (!isObject(p.declarationSource)) problems.push('declarationSource');
  else checkCitation(p.declarationSource, 'declarationSource', docs, problems);
  if (!isStringArray(p.venues) || !p.venues.every(isVenueCategory)) problems.push('venues: unknown category');
  const classes = isObject(p.venueClasses) ? p.venueClasses : {};
  if (!isObject(p.venueClasses)) problems.push('venueClasses');
  for (const [name, list] of Object.entries(classes)) {
    if (!isStringArray(list) || !list.every(isVenueCategory))
      problems.push(`venueClasses.${name}: unknown category`);
  }
  const names: Names = { classes, options: checkOptions(p.options, docs, problems) };
  const ids = new Set<string>();
  // What a classification and a rule both are: an object with an id unique among both, a citation, a condition.
  const checkRuleBase = (r: unknown, where: string): r is Json => {
    if (!isObject(r)) {
      problems.push(`${where}: not an object`);
      return false;
    }
    if (!isString(r.id)) problems.push(`${where}: no id`);
    else if (ids.has(r.id)) problems.push(`${where}: duplicate id ${r.id}`);
    else ids.add(r.id);
    checkCitation(r, where, docs, problems);
    checkCondition(r.when, `${where}.when`, names, problems);
    return true;
  };
  if (!Array.isArray(p.classify)) problems.push('classify: not a list');
  else
    p.classify.forEach((r: unknown, i) => {
      const where = `classify[${i}]`;
      if (checkRuleBase(r, where) && !(COLOURS as readonly unknown[]).includes(r.colour))
        problems.push(`${where}.colour`);
    });
  let admits = 0;
  if (!Array.isArray(p.rules) || p.rules.length === 0) problems.push('rules: none');
  else
    p.rules.forEach((r: unknown, i) => {
      const where = `rules[${i}]`;
      if (!checkRuleBase(r, where)) return;
      if (r.unless !== undefined) {
        if (!Array.isArray(r.unless)) problems.push(`${where}.unless: not a list`);
        else r.unless.forEach((u: unknown, j) => checkCondition(u, `${where}.unless[${j}]`, names, problems));
      }
      const e = r.effect;
      if (!isObject(e)) return void problems.push(`${where}.effect: missing`);
      if (e.decision !== undefined && e.decision !== 'admit' && e.decision !== 'deny') {
        problems.push(`${where}.effect.decision`);
      }
      if (e.decision === 'admit') admits++;
      if (!isStringArray(e.actions) || !e.actions.every(isAction)) problems.push(`${where}.effect.actions`);
      else if (e.decision === undefined && e.actions.length === 0)
        problems.push(`${where}: neither decides nor acts`);
    });
  if (Array.isArray(p.rules) && admits === 0) problems.push('rules: none admits anyone');
  if (problems.length > 0) {
    return err({ kind: 'invalid-policy', problems, message: `invalid policy: ${problems.join('; ')}` });
  }
  return ok(json as unknown as Policy);
}
