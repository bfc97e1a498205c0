// Enrolment from the link a venue administrator hands out: make the device key, register it with the
// one-time token, pin the root key (checked against the link), and load the first bundle.
import { fromBase64, toBase64 } from '../core/bytes.js';
import { rootKeyId, type SignatureVerifier, type TrustState } from '../core/bundle.js';
import { acceptFetched } from './trust-fetch.js';
import { err, ok, type Result } from '../core/result.js';
import { refusalOf, ServerApi, type Fetch, type Refusal } from './api.js';
import type { StoredDeviceKey } from './device-key.js';
import type { Enrolment, SyncStorage } from './storage.js';

/** What an enrolment link carries. */
export interface EnrolLink {
  serverUrl: string;
  token: string;
  /** The root key's kid as the administrator's server printed it; the answer must match it. */
  rootKeyId: string | null;
}

/**
 * The parameters of an enrolment link: in its fragment (…/enrol#token=…&root=…, which no server or proxy ever
 * sees), or in its query for links made before the fragment was used.
 */
export function enrolParams(url: URL): URLSearchParams {
  const fragment = new URLSearchParams(url.hash.replace(/^#/, ''));
  return fragment.has('token') ? fragment : url.searchParams;
}

/** Reads an enrolment link (…/enrol#token=…&root=…). */
export function parseEnrolLink(href: string): Result<EnrolLink, string> {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return err('not a link');
  }
  const params = enrolParams(url);
  const token = params.get('token');
  if (!token) return err('the link has no enrolment token');
  return ok({ serverUrl: url.origin, token, rootKeyId: params.get('root') });
}

/** Why enrolment failed: the server's refusal (used/expired token…), the network, or a bad answer. */
export type EnrolFailure =
  | Refusal
  | { kind: 'network'; message: string }
  | { kind: 'root-mismatch'; expected: string; got: string }
  | { kind: 'bad-bundle'; message: string };

/** What enrolment needs. */
export interface EnrolDeps {
  fetch: Fetch;
  storage: SyncStorage;
  /** The id the device's log already uses (store/device.ts): the server registers the device under it. */
  deviceId: string;
  createKey: () => Promise<StoredDeviceKey>;
  ed: SignatureVerifier;
  label?: string;
  now?: () => Date;
}

/** Enrols the device; on success everything is saved together and the device is ready to work offline. */
export async function enrolDevice(
  link: EnrolLink,
  deps: EnrolDeps,
): Promise<Result<{ enrolment: Enrolment; trust: TrustState }, EnrolFailure>> {
  const api = new ServerApi(link.serverUrl, deps.fetch);
  const key = await deps.createKey();
  const answer = await api.enrol({
    token: link.token,
    deviceId: deps.deviceId,
    publicKey: toBase64(key.publicKey),
    ...(deps.label ? { label: deps.label } : {}),
    format: 2,
  });
  if (answer.kind === 'retry') return err({ kind: 'network', message: answer.reason });
  if (answer.kind === 'refused') return err(refusalOf(answer));
  const rootKey = fromBase64(answer.value.rootKey);
  if (!rootKey || rootKey.length !== 32)
    return err({ kind: 'bad-bundle', message: 'the server sent no root key' });
  const got = rootKeyId(rootKey);
  if (link.rootKeyId !== null && link.rootKeyId !== got)
    return err({ kind: 'root-mismatch', expected: link.rootKeyId, got });
  const trust = await acceptFetched(null, answer.value.bundle, {
    api,
    rootKey,
    ed: deps.ed,
    venueId: answer.value.venueId,
  });
  if (!trust.ok)
    return trust.error.kind === 'retry'
      ? err({ kind: 'network', message: trust.error.reason })
      : err({ kind: 'bad-bundle', message: trust.error.kind });
  const enrolment: Enrolment = {
    serverUrl: link.serverUrl,
    deviceId: answer.value.deviceId,
    venueId: answer.value.venueId,
    rootKey,
    enrolledAt: (deps.now?.() ?? new Date()).toISOString(),
  };
  await deps.storage.saveEnrolment(enrolment, key, trust.value);
  return ok({ enrolment, trust: trust.value });
}
