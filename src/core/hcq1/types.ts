// The HCQ1 data model (spec ../shared/spec/hcq1.md §2–3), shared by every part of Checkpoint.

/** A health-code colour; on the wire 0 green, 1 yellow, 2 red. */
export type Colour = 'green' | 'yellow' | 'red';

/** Wire values of the colours, in spec order. */
export const COLOURS: readonly Colour[] = ['green', 'yellow', 'red'];

/** A nucleic-acid test result carried in a code (`hc.na`) or shown on paper. */
export interface TestResult {
  result: 'negative' | 'positive';
  /** Seconds since the epoch when the sample was taken. */
  sampledAt: number;
}

/** The verified claims of an HCQ1 code, with times in seconds since the epoch. */
export interface HealthClaims {
  iss: string;
  iat: number;
  exp: number;
  /** 16-byte pseudonymous subject id (`hc.s`). */
  subject: Uint8Array;
  colour: Colour;
  /** Since when the current colour holds (`hc.cs`). */
  colourSince: number;
  /** The name as the issuer masked it (`hc.n`). */
  name: string;
  /** The last characters of the identity document (`hc.id`). */
  idLast4: string;
  test?: TestResult;
  doses?: number;
  /** True when a family member declared for the holder (`hc.px`, 代他人填报). */
  proxy?: boolean;
}

/** Every verification result of spec §3, in the order they are checked. */
export type VerifyResult =
  | 'ok'
  | 'malformed'
  | 'unsupported'
  | 'unknown-key'
  | 'bad-signature'
  | 'issuer-mismatch'
  | 'key-not-valid'
  | 'not-yet-valid'
  | 'expired'
  | 'revoked';

/** The outcome of verifying a text: claims only once the signature has verified. */
export type Verification =
  | { result: 'ok'; claims: HealthClaims; kid: string }
  | {
      result: Exclude<VerifyResult, 'ok' | 'malformed' | 'unsupported' | 'unknown-key' | 'bad-signature'>;
      claims: HealthClaims;
      kid: string;
      detail: string;
      /** For `revoked`: the colour the revocation gave and since when (seconds), when the issuer gave one. */
      status?: { colour: Colour; since: number };
    }
  | {
      result: 'malformed' | 'unsupported' | 'unknown-key' | 'bad-signature';
      detail: string;
      kid?: string;
      notHealthCode?: boolean;
    };
