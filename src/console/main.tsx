// The console's composition root: the language, the API client, the models, then the frame; a sign-in link's
// token is taken out of the address at once and exchanged for a session.
// The app's base sheet first (colours, controls); the console's own sheets build on it.
import '../ui/base.css';
import { render } from 'preact';
import { signal } from '@preact/signals';
import { createConsoleApi } from './api.js';
import { Console } from './Console.js';
import type { ConsoleScreen } from './context.js';
import { createLanguage } from './models/language.js';
import { remote } from './models/remote.js';
import { createReports } from './models/reports.js';
import { createSession, type SessionModel } from './models/session.js';
import { createVenue } from './models/venue.js';
import { takeSignInToken } from './platform/address.js';
import { deviceStorage, rememberLanguage, rememberedLanguage } from './platform/remember.js';

function start(root: HTMLElement): void {
  const storage = deviceStorage(window);
  const language = createLanguage(rememberedLanguage(storage, navigator.languages), (l) =>
    rememberLanguage(storage, l),
  );
  // The session is made after the client, which tells it when the server has ended the session.
  const session: { model: SessionModel | null } = { model: null };
  const api = createConsoleApi({ onSignedOut: () => session.model?.ended() });
  session.model = createSession(api);
  const clock = signal(Date.now());
  setInterval(() => (clock.value = Date.now()), 30_000);

  render(
    <Console
      services={{
        session: session.model,
        language,
        reports: createReports(api),
        venue: createVenue(api),
        summary: remote((s) => api.summary(s)),
        screen: signal<ConsoleScreen | null>(null),
        clock,
        doc: document,
      }}
    />,
    root,
  );
  void session.model.start(takeSignInToken(location, history));
}

const root = document.getElementById('console');
if (root) start(root);
