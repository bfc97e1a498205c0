// Export by day: pick a day of the last two weeks and download the venue's CSV of it (a plain link: the
// session cookie goes with it, and the browser saves the file).
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { localDay } from '../models/stats.js';
import type { ConsoleTranslate } from '../i18n/index.js';

/** The day picker and the download link. */
export function Export(props: {
  now: number;
  days: number;
  venueId: string;
  url(day: string): string;
  t: ConsoleTranslate;
}): JSX.Element {
  const { t } = props;
  const today = localDay(props.now);
  const [day, setDay] = useState(today);
  const first = localDay(props.now - props.days * 86_400_000);
  return (
    <div class="export">
      <label>
        {t('export.day')}
        <input
          type="date"
          name="day"
          value={day}
          min={first}
          max={today}
          onChange={(e) => e.currentTarget.value && setDay(e.currentTarget.value)}
        />
      </label>
      <a
        class="button button--primary"
        href={props.url(day)}
        download={`checkpoint-${props.venueId}-${day}.csv`}
      >
        {t('export.download')}
      </a>
      <p class="form-note">{t('export.note')}</p>
    </div>
  );
}
