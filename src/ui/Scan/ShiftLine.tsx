// Who is on shift, on the scan screen: asked for at the start of a shift, written on every record from then on.
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Translate } from '../i18n/index.js';

/** The staff member on shift with a "change" button, or the small form that asks who it is. */
export function ShiftLine(props: { staff: string; tr: Translate; onSet(staff: string): void }): JSX.Element {
  const { tr } = props;
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState('');
  if (props.staff && !editing)
    return (
      <p class="shift" data-staff={props.staff}>
        {tr('shift.who', { staff: props.staff })}{' '}
        <button type="button" class="shift__change" onClick={() => setEditing(true)}>
          {tr('shift.change')}
        </button>
      </p>
    );
  const submit = (e: Event) => {
    e.preventDefault();
    const staff = name.trim();
    if (!staff) return;
    props.onSet(staff);
    setName('');
    setEditing(false);
  };
  return (
    <form class="shift shift--ask" onSubmit={submit}>
      <label for="shift-name">{tr('shift.nobody')}</label>
      <input
        id="shift-name"
        name="staff"
        maxLength={40}
        autocomplete="off"
        placeholder={tr('shift.name')}
        value={name}
        onInput={(e) => setName(e.currentTarget.value)}
      />
      <button type="submit">{tr('shift.start')}</button>
    </form>
  );
}
