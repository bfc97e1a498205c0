// Claims as JSON for people and tools (CLI output, logs, debugging): hex bytes, ISO times.
import { isoFromSeconds, toHex } from '../bytes.js';
import type { HealthClaims, Verification } from './types.js';

/** Verified claims in the JSON form the CLI prints. */
export interface ClaimsJson {
  iss: string;
  iat: string;
  exp: string;
  subject: string;
  colour: HealthClaims['colour'];
  colourSince: string;
  name: string;
  id: string;
  test?: { result: 'negative' | 'positive'; sampledAt: string };
  doses?: number;
  proxy?: boolean;
}

/** The JSON form of claims. */
export function claimsJson(c: HealthClaims): ClaimsJson {
  const out: ClaimsJson = {
    iss: c.iss,
    iat: isoFromSeconds(c.iat),
    exp: isoFromSeconds(c.exp),
    subject: toHex(c.subject),
    colour: c.colour,
    colourSince: isoFromSeconds(c.colourSince),
    name: c.name,
    id: c.idLast4,
  };
  if (c.test) out.test = { result: c.test.result, sampledAt: isoFromSeconds(c.test.sampledAt) };
  if (c.doses !== undefined) out.doses = c.doses;
  if (c.proxy !== undefined) out.proxy = c.proxy;
  return out;
}

/** A verification result in the JSON form the CLI prints (`verify`, and `decide` beside its decision). */
export function verificationJson(v: Verification): Record<string, unknown> {
  const out: Record<string, unknown> = { result: v.result };
  if ('detail' in v) out.detail = v.detail;
  if ('notHealthCode' in v && v.notHealthCode) out.notHealthCode = true;
  if (v.kid) out.kid = v.kid;
  if ('claims' in v) out.claims = claimsJson(v.claims);
  if ('status' in v && v.status)
    out.status = { colour: v.status.colour, since: isoFromSeconds(v.status.since) };
  return out;
}
