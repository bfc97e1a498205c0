// Before the app starts: when the page was opened from an enrolment link, enrol first, then continue to scanning.
import { render } from 'preact';
import { ok } from '../../core/result.js';
import { loadSettings, saveSettings } from '../../store/settings.js';
import { enrolLinkIn, enrolThisDevice } from '../../sync/browser.js';
import { venueSettings } from '../Sync/wire.js';
import { EnrolScreen } from './EnrolScreen.js';

/** Shows the enrolment screen when the address is an enrolment link; resolves once the app may start. */
export async function enrolIfLinked(root: HTMLElement): Promise<void> {
  const href = enrolLinkIn(location.href);
  if (!href) return;
  const settings = await loadSettings();
  await new Promise<void>((resolve) => {
    render(
      <EnrolScreen
        href={href}
        language={settings.language}
        enrol={async (h) => {
          const r = await enrolThisDevice(h);
          if (!r.ok) return r;
          // The venue, its category and policy come from the signed bundle, not from the link.
          await saveSettings({ ...(await loadSettings()), ...venueSettings(r.value.trust) });
          return ok({ venueName: r.value.trust.venue?.name ?? '' });
        }}
        onDone={() => {
          // The token is spent: drop it from the address so a reload starts the app, not a second enrolment.
          history.replaceState(null, '', '/');
          render(null, root);
          resolve();
        }}
      />,
      root,
    );
  });
}
