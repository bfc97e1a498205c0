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
  /** The declaration's answers: true yes, false no, absent not answered yet (an untouched form is not "all no"). */
  answers: Partial<Record<Declaration, boolean>>;
  mask: boolean;
}

/** Why a manual entry could not be taken. */
export type ManualError =
  | { kind: 'required' }
  | { kind: 'invalid-number'; problem: IdentityError }
  | { kind: 'no-authority-key' }
  | { kind: 'unanswered'; questions: Declaration[] };

/** A declaration as answered: the yes answers the policy decides by, and every answer for the record. */
export interface Declared {
  declared: Declaration[];
  declaration: Partial<Record<Declaration, boolean>>;
}

/** The answers to `questions` (the policy's), refused while any is unanswered. */
export function readDeclaration(
  answers: ManualForm['answers'],
  questions: readonly Declaration[],
): Result<Declared, ManualError> {
  const unanswered = questions.filter((q) => answers[q] === undefined);
  if (unanswered.length > 0) return err({ kind: 'unanswered', questions: unanswered });
  const declaration: Partial<Record<Declaration, boolean>> = {};
  for (const q of questions) declaration[q] = answers[q] === true;
  return ok({ declared: questions.filter((q) => answers[q] === true), declaration });
}

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
