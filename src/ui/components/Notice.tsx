// What the checkpoint says that is not a decision about a person: read the code again, or the clock is set back.
import type { JSX } from 'preact';
import type { ClockBehind } from '../../core/clock-floor.js';
import type { Notice as CheckpointNotice } from '../../models/checkpoint.js';
import type { Language } from '../../store/settings.js';
import type { Translate } from '../i18n/index.js';
import './Notice.css';

const time = (ms: number, language: Language) =>
  new Date(ms).toLocaleString(language, { dateStyle: 'medium', timeStyle: 'short' });

/** The notice over the screen: the checkpoint's (a misread, a refusal for the clock), else a clock set back now. */
export function Notice(props: {
  notice: CheckpointNotice | null;
  /** How far the clock is behind its floor right now, or null when it is not. */
  behind: ClockBehind | null;
  /** Milliseconds since the epoch, as the clock says. */
  now: number;
  language: Language;
  tr: Translate;
  onClose(): void;
}): JSX.Element | null {
  const { tr, notice } = props;
  if (notice?.kind === 'misread')
    return (
      <div class="notice-bar notice-bar--again" role="alert" data-notice="misread">
        <strong>{tr('misread.title')}</strong>
        <span>{tr('misread.text')}</span>
        <button type="button" onClick={props.onClose}>
          {tr('notice.close')}
        </button>
      </div>
    );
  const behind = notice?.kind === 'clock-behind' ? notice : props.behind;
  if (!behind) return null;
  return (
    <div class="notice-bar notice-bar--clock" role="alert" data-notice="clock-behind">
      <span>
        {tr('clock.behind', {
          now: time(props.now, props.language),
          floor: time(behind.floorMs, props.language),
        })}
      </span>
      {notice && (
        <button type="button" onClick={props.onClose}>
          {tr('notice.close')}
        </button>
      )}
    </div>
  );
}
