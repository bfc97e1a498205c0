// Manual entry of a person without a phone: validated, sealed to the health authority, reduced to masked forms.
import { toBase64 } from '../core/bytes.js';
import { seal } from '../core/seal.js';
import { err, ok, type Result } from '../core/result.js';
import { last4, maskName, validateDocument, type IdentityError } from '../core/identity.js';
import type { Declaration, ManualReason } from '../core/policy/index.js';

/** The documents the form offers (002 附件 §4(2)1, 5: resident ID, passport for foreigners). */
export const MANUAL_DOCUMENTS = ['resident-id', 'passport', 'other'] as const;

/** A document the form offers. */
export type DocumentType = (typeof MANUAL_DOCUMENTS)[number];

/** What staff type in for a person without a phone. */
export interface ManualForm {
  docType: DocumentType;
  number: string;
  name: string;
  phone: string;
  reason: ManualReason;
  /** A family member declares for them (代他人填报). */
  proxy: boolean;
  declared: Declaration[];
  mask: boolean;
}

/** Why a manual entry could not be taken. */
export type ManualError =
  { kind: 'required' } | { kind: 'invalid-number'; problem: IdentityError } | { kind: 'no-authority-key' };

/** What the device keeps of a manual entry: masked forms and the sealed box. */
export interface SealedPerson {
  maskedName: string;
  idLast4: string;
  /** Base64 of the sealed box holding the clear fields; only the health authority can open it. */
  sealed: string;
}

/** Validates the form and seals its personal data; the clear fields go nowhere else. */
export function sealManualEntry(
  form: ManualForm,
  authorityKey: Uint8Array | null,
): Result<SealedPerson, ManualError> {
  const name = form.name.trim();
  if (!form.number.trim() || !name) return err({ kind: 'required' });
  const doc = validateDocument(form.docType, form.number);
  if (!doc.ok) return err({ kind: 'invalid-number', problem: doc.error });
  if (!authorityKey) return err({ kind: 'no-authority-key' });
  const clear = JSON.stringify({
    docType: doc.value.kind,
    number: doc.value.number,
    name,
    phone: form.phone.trim() || null,
    reason: form.reason,
    proxy: form.proxy,
  });
  return ok({
    maskedName: maskName(name),
    idLast4: last4(doc.value.number),
    sealed: toBase64(seal(new TextEncoder().encode(clear), authorityKey)),
  });
}
