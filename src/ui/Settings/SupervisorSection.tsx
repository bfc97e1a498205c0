// The supervisor's part of Settings: set the first PIN, unlock with it, change it (which needs the current one).
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import type { Result } from '../../core/result.js';
import type { PinError } from '../../models/pin.js';
import type { NewPinError } from '../../models/settings.js';
import { PinField } from '../components/PinField.js';
import type { MessageKey, Translate } from '../i18n/index.js';

/** What the section shows and does; the screen keeps the unlocked PIN while Settings is open. */
export interface SupervisorSectionProps {
  pinSet: boolean;
  /** The PIN that unlocked Settings, or null while locked. */
  unlocked: string | null;
  tr: Translate;
  onUnlock(pin: string): Result<void, PinError>;
  onLock(): void;
  /** Sets a new PIN: with `current` once one is set. */
  onSetPin(next: string, current: string): Promise<Result<void, NewPinError>>;
}

const ERRORS: Record<PinError | NewPinError, MessageKey> = {
  'no-pin-set': 'settings.pinFirst',
  'bad-pin': 'settings.pinBad',
  'pin-format': 'settings.pinTooShort',
};

/** The PIN form: "set PIN" on a new device, "unlock" while locked, "change PIN" and "lock" once unlocked. */
export function SupervisorSection(props: SupervisorSectionProps): JSX.Element {
  const { tr, unlocked } = props;
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<{ error: boolean; key: MessageKey } | null>(null);
  const say = (r: Result<void, PinError | NewPinError>, done: MessageKey | null) =>
    setMessage(r.ok ? (done ? { error: false, key: done } : null) : { error: true, key: ERRORS[r.error] });

  const submit = async (e: Event) => {
    e.preventDefault();
    const typed = pin;
    setPin('');
    if (unlocked !== null) {
      // Changing the PIN takes the current one: the one that unlocked Settings.
      return say(await props.onSetPin(typed, unlocked), 'settings.pinChanged');
    }
    // A device without a PIN takes the first one set, which also unlocks it.
    say(props.pinSet ? props.onUnlock(typed) : await props.onSetPin(typed, ''), null);
  };
  const status = tr(props.pinSet ? 'settings.pinIsSet' : 'settings.pinNotSet');
  return (
    <div class="supervisor" data-unlocked={unlocked !== null ? 'true' : 'false'}>
      <h2>{tr('settings.supervisor')}</h2>
      <p class="form-note">{tr(unlocked !== null ? 'settings.unlocked' : 'settings.locked')}</p>
      <form class="inline" onSubmit={(e) => void submit(e)}>
        <PinField
          name={unlocked !== null ? 'newPin' : 'pin'}
          label={
            <>
              {tr(unlocked !== null ? 'settings.newPin' : 'settings.pin')} <small>({status})</small>
            </>
          }
          autocomplete={unlocked !== null || !props.pinSet ? 'new-password' : 'off'}
          value={pin}
          onInput={setPin}
        />
        <button type="submit" name={unlocked !== null ? 'changePin' : props.pinSet ? 'unlock' : 'setPin'}>
          {tr(
            unlocked !== null ? 'settings.pinChange' : props.pinSet ? 'settings.unlock' : 'settings.pinSet',
          )}
        </button>
        {message && (
          <p class={message.error ? 'form-error' : 'form-note'} role={message.error ? 'alert' : 'status'}>
            {tr(message.key)}
          </p>
        )}
      </form>
      {unlocked !== null && (
        <button type="button" name="lock" onClick={props.onLock}>
          {tr('settings.lock')}
        </button>
      )}
    </div>
  );
}
