// Manual entry for a person without a phone (000 §5(4), 001 §3(4), 002, 003 §7): sealed on entry, decided by the engine.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { MANUAL_REASONS } from '../../core/policy/index.js';
import { validateDocument } from '../../core/identity.js';
import {
  MANUAL_DOCUMENTS,
  readDeclaration,
  sealManualEntry,
  type ManualError,
  type ManualForm,
} from '../../models/manual.js';
import type { MessageKey } from '../i18n/index.js';
import { useApp } from '../context.js';
import { Field, type FieldProps } from '../components/Field.js';
import { Select } from '../components/Select.js';
import { Toggle } from '../components/Toggle.js';
import { YesNo } from './YesNo.js';
import '../components/form.css';

const EMPTY: ManualForm = {
  docType: 'resident-id',
  number: '',
  name: '',
  phone: '',
  reason: 'elderly',
  proxy: false,
  answers: {},
  mask: true,
};
/** The fields typed in as text, each labelled by its own message. */
type TextEntry = 'number' | 'name' | 'phone';
const ERRORS: Record<ManualError['kind'], MessageKey> = {
  required: 'manual.required',
  'invalid-number': 'manual.numberInvalid',
  'no-authority-key': 'manual.noAuthorityKey',
  unanswered: 'manual.unanswered',
};

/** The manual entry form. */
export function ManualScreen(): JSX.Element {
  const { checkpoint, trust, t } = useApp();
  const tr = t.value;
  const [form, setForm] = useState<ManualForm>(EMPTY);
  const [error, setError] = useState<ManualError | null>(null);
  const [tempText, setTempText] = useState('');
  const set = (patch: Partial<ManualForm>) => setForm({ ...form, ...patch });
  const text = (name: TextEntry, more: Partial<FieldProps> = {}) => (
    <Field
      label={tr(`manual.${name}`)}
      name={name}
      value={form[name]}
      onInput={(e) => set({ [name]: e.currentTarget.value })}
      {...more}
    />
  );
  const questions = checkpoint.policy().declarationQuestions;
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
    const declared = readDeclaration(form.answers, questions);
    if (!declared.ok) return setError(declared.error);
    setError(null);
    // Only the masked forms and the sealed box leave this form; the clear fields are dropped here.
    setForm(EMPTY);
    setTempText('');
    await checkpoint.decideManual(
      { kind: 'manual', reason: form.reason, declared: declared.value.declared },
      {
        ...sealed.value,
        temperature,
        mask: form.mask,
        proxy: form.proxy,
        declaration: declared.value.declaration,
      },
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
      {text('number', {
        'aria-invalid': numberBad,
        children: numberBad && <span class="form-error">{tr('manual.numberInvalid')}</span>,
      })}
      {text('name')}
      {text('phone', { type: 'tel' })}
      <Select
        name="reason"
        label={tr('manual.reason')}
        value={form.reason}
        options={MANUAL_REASONS.map((r) => ({ value: r, label: tr(`manual.reason.${r}`) }))}
        onChange={(reason) => set({ reason })}
      />
      <Toggle
        name="proxy"
        label={tr('manual.proxy')}
        checked={form.proxy}
        onChange={(proxy) => set({ proxy })}
      />
      <Toggle name="mask" label={tr('manual.mask')} checked={form.mask} onChange={(mask) => set({ mask })} />
      <fieldset class="choices">
        <legend>{tr('manual.declaration')}</legend>
        {questions.map((q) => (
          <YesNo
            key={q}
            name={`declared-${q}`}
            question={tr(`declaration.${q}`)}
            value={form.answers[q]}
            yes={tr('manual.yes')}
            no={tr('manual.no')}
            onChange={(answer) => set({ answers: { ...form.answers, [q]: answer } })}
          />
        ))}
      </fieldset>
      <Field
        label={tr('manual.temperature')}
        name="temperature"
        inputMode="decimal"
        value={tempText}
        onInput={(e) => setTempText(e.currentTarget.value)}
      />
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
