// Manual entry for a person without a phone (000 §5(4), 001 §3(4), 002, 003 §7): sealed on entry, decided by the engine.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { MANUAL_REASONS, type Declaration, type ManualReason } from '../../core/policy/index.js';
import { validateDocument } from '../../core/identity.js';
import { MANUAL_DOCUMENTS, sealManualEntry, type ManualError, type ManualForm } from '../../models/manual.js';
import type { MessageKey } from '../i18n/index.js';
import { useApp } from '../context.js';

const EMPTY: ManualForm = {
  docType: 'resident-id',
  number: '',
  name: '',
  phone: '',
  reason: 'elderly',
  proxy: false,
  declared: [],
  mask: true,
};
const ERRORS: Record<ManualError['kind'], MessageKey> = {
  required: 'manual.required',
  'invalid-number': 'manual.numberInvalid',
  'no-authority-key': 'manual.noAuthorityKey',
};

/** The manual entry form. */
export function ManualScreen(): JSX.Element {
  const { checkpoint, trust, t } = useApp();
  const tr = t.value;
  const [form, setForm] = useState<ManualForm>(EMPTY);
  const [error, setError] = useState<ManualError | null>(null);
  const [tempText, setTempText] = useState('');
  const set = (patch: Partial<ManualForm>) => setForm({ ...form, ...patch });
  const questions = checkpoint.policy().declarationQuestions;
  const toggle = (q: Declaration, on: boolean) =>
    set({ declared: on ? [...form.declared, q] : form.declared.filter((d) => d !== q) });
  // Say at once when a complete-looking resident number fails its check digit; other kinds are checked on submit.
  const numberBad =
    form.docType === 'resident-id' &&
    form.number.trim().length >= 18 &&
    !validateDocument('resident-id', form.number).ok;

  const submit = async (e: Event) => {
    e.preventDefault();
    const reading = Number(tempText.replace(',', '.'));
    const temperature = tempText.trim() && Number.isFinite(reading) ? reading : null;
    const sealed = sealManualEntry(form, trust.snapshot.value?.authorityKey ?? null);
    if (!sealed.ok) return setError(sealed.error);
    setError(null);
    // Only the masked forms and the sealed box leave this form; the clear fields are dropped here.
    setForm(EMPTY);
    setTempText('');
    await checkpoint.decideManual(
      { kind: 'manual', reason: form.reason, declared: form.declared },
      { ...sealed.value, temperature, mask: form.mask, proxy: form.proxy },
    );
  };

  return (
    <form class="form" onSubmit={submit} aria-labelledby="manual-title" autocomplete="off">
      <h1 id="manual-title">{tr('manual.title')}</h1>
      <fieldset class="choices">
        <legend>{tr('manual.docType')}</legend>
        {MANUAL_DOCUMENTS.map((d) => (
          <label key={d} class="choice">
            <input
              type="radio"
              name="docType"
              checked={form.docType === d}
              onChange={() => set({ docType: d })}
            />
            {tr(`manual.doc.${d}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {tr('manual.number')}
        <input
          name="number"
          value={form.number}
          aria-invalid={numberBad}
          onInput={(e) => set({ number: e.currentTarget.value })}
        />
        {numberBad && <span class="form-error">{tr('manual.numberInvalid')}</span>}
      </label>
      <label>
        {tr('manual.name')}
        <input name="name" value={form.name} onInput={(e) => set({ name: e.currentTarget.value })} />
      </label>
      <label>
        {tr('manual.phone')}
        <input
          name="phone"
          type="tel"
          value={form.phone}
          onInput={(e) => set({ phone: e.currentTarget.value })}
        />
      </label>
      <label>
        {tr('manual.reason')}
        <select
          name="reason"
          value={form.reason}
          onChange={(e) => set({ reason: e.currentTarget.value as ManualReason })}
        >
          {MANUAL_REASONS.map((r) => (
            <option key={r} value={r}>
              {tr(`manual.reason.${r}`)}
            </option>
          ))}
        </select>
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="proxy"
          checked={form.proxy}
          onChange={(e) => set({ proxy: e.currentTarget.checked })}
        />
        {tr('manual.proxy')}
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="mask"
          checked={form.mask}
          onChange={(e) => set({ mask: e.currentTarget.checked })}
        />
        {tr('manual.mask')}
      </label>
      <fieldset class="choices">
        <legend>{tr('manual.declaration')}</legend>
        {questions.map((q) => (
          <label key={q} class="check">
            <input
              type="checkbox"
              name={`declared-${q}`}
              checked={form.declared.includes(q)}
              onChange={(e) => toggle(q, e.currentTarget.checked)}
            />
            {tr(`declaration.${q}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {tr('manual.temperature')}
        <input
          name="temperature"
          inputMode="decimal"
          value={tempText}
          onInput={(e) => setTempText(e.currentTarget.value)}
        />
      </label>
      <p class="form-note">{tr('manual.sealedNote')}</p>
      {error && (
        <p class="form-error" role="alert">
          {tr(ERRORS[error.kind])}
          {error.kind === 'invalid-number' && ` (${error.problem.message})`}
        </p>
      )}
      <button type="submit" class="button button--big">
        {tr('manual.submit')}
      </button>
    </form>
  );
}
