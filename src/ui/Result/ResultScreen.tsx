// The decision, full screen: colour, a large word and an icon; who to compare; what to do; why.
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { DecisionView } from '../../models/checkpoint.js';
import { useApp } from '../context.js';
import { Icon } from '../components/Icon.js';
import { TrustAge } from '../components/TrustAge.js';
import { formatAge, isMessageKey } from '../i18n/index.js';
import { mainReason } from './reason.js';
import { TemperaturePad } from './TemperaturePad.js';
import { OverrideDialog } from './OverrideDialog.js';
import { Situations } from './Situations.js';
import './ResultScreen.css';

// How each shown state looks: its own word and icon (and colour, by class), so an admission for care under
// escort never looks like a plain admit, and a decision waiting for a temperature looks like neither.
const SHOWN = {
  admit: { word: 'decision.admit', icon: 'admit' },
  'admit-escorted': { word: 'decision.admitEscorted', icon: 'escort' },
  deny: { word: 'decision.deny', icon: 'deny' },
  'awaiting-temperature': { word: 'decision.awaitTemperature', icon: 'thermometer' },
} as const;

/** The decision screen for `view`; its root carries data-decision and data-result for tests and gates. */
export function ResultScreen(props: { view: DecisionView }): JSX.Element {
  const { view } = props;
  const { checkpoint, settings, t, trust, clock } = useApp();
  const tr = t.value;
  const s = settings.settings.value;
  const lang = s.language;
  const [overriding, setOverriding] = useState(false);
  const [held, setHeld] = useState(false);
  const [left, setLeft] = useState(s.gateSeconds);
  const shown = view.awaitingTemperature ? 'awaiting-temperature' : view.outcome;
  const root = useRef<HTMLElement>(null);
  // Each new or amended decision is read from the top: word, name, instructions.
  useEffect(() => {
    root.current?.scrollTo?.(0, 0);
    // A touch holds one decision on screen, not the next person's.
    setHeld(false);
  }, [view.serial]);
  const word = tr(SHOWN[shown].word);
  const reason = mainReason(view, tr);
  // Venues choose temperature entry; policies whose documents make staff take it (yunnan-2020) always ask.
  const askTemperature = s.temperatureEntry || checkpoint.policy().temperatureEntry === 'ask';

  // Gate mode: back to scanning by itself, unless staff are busy with this decision (touched it, overriding),
  // and never from a decision still waiting for its temperature.
  const waits = held || overriding || view.awaitingTemperature;
  useEffect(() => {
    setLeft(s.gateSeconds);
    if (!s.gateMode || waits) return;
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = s.gateSeconds - Math.floor((Date.now() - started) / 1000);
      if (remaining <= 0) checkpoint.dismiss();
      else setLeft(remaining);
    }, 250);
    return () => clearInterval(timer);
  }, [view.serial, s.gateMode, waits]);

  const actions = view.entry.actions.map((a) => `action.${a}`).filter(isMessageKey);
  // The code's age when it was scanned: that is what tells a screenshot passed around from a fresh code.
  const codeAge = view.issuedAt !== null ? Date.parse(view.entry.at) / 1000 - view.issuedAt : null;
  return (
    <section
      ref={root}
      class={`result result--${shown}`}
      data-decision={view.decision}
      data-outcome={shown}
      data-result={view.entry.result}
      data-logged={view.recordId ? 'true' : 'false'}
      aria-labelledby="decision-word"
      onPointerDown={() => setHeld(true)}
    >
      <header class="result__head">
        <Icon name={SHOWN[shown].icon} size={88} class="result__icon" />
        <h1 id="decision-word" class="result__word">
          {word}
        </h1>
        <p class="result__reason">{reason}</p>
        {view.awaitingTemperature && <p class="result__reason">{tr('decision.awaitTemperatureNote')}</p>}
      </header>

      {view.logError && (
        <p class="result__logfail" role="alert">
          <Icon name="warn" />
          {tr('decision.logFailed', { detail: tr(`logError.${view.logError.kind}`) })}
        </p>
      )}

      {(view.entry.maskedName || view.entry.idLast4) && (
        <div class="result__person">
          {view.entry.maskedName && <p class="result__name">{view.entry.maskedName}</p>}
          {view.entry.idLast4 && (
            <p class="result__compare">
              {tr('decision.compare')} <strong class="result__last4">{view.entry.idLast4}</strong>
            </p>
          )}
          {view.proxy && <p class="result__proxy">{tr('decision.proxy')}</p>}
        </div>
      )}

      {actions.length > 0 && (
        <ul class="result__actions">
          {actions.map((a) => (
            <li key={a}>{tr(a)}</li>
          ))}
        </ul>
      )}

      {view.reasons.length > 0 && !view.logError && (
        <ul class="result__why">
          {view.reasons.map((r) => (
            <li key={r.rule}>
              {lang === 'en' ? r.gloss : r.text} <span class="result__cite">({r.cite})</span>
            </li>
          ))}
        </ul>
      )}

      <div class="result__meta">
        {codeAge !== null && <span>{tr('decision.codeAge', { age: formatAge(codeAge, tr) })}</span>}
        {view.entry.temperature !== null && (
          <span>{tr('decision.temperatureSet', { t: view.entry.temperature.toFixed(1) })}</span>
        )}
        {view.entry.staff && (
          <span class="result__staff">{tr('decision.staff', { staff: view.entry.staff })}</span>
        )}
        <TrustAge
          snapshot={trust.snapshot.value}
          now={clock.value}
          maxOfflineHours={checkpoint.policy().maxOfflineHours}
          tr={tr}
        />
      </div>

      {(askTemperature || view.awaitingTemperature) && view.input && !view.logError && (
        <TemperaturePad
          current={view.entry.temperature}
          onPick={(c) => void checkpoint.amendTemperature(c)}
          tr={tr}
        />
      )}

      {view.input && !view.logError && (
        <Situations
          offered={view.situations}
          entry={view.entry}
          tr={tr}
          onSituation={(situation, on) => void checkpoint.reportSituation(situation, on)}
          onTest={checkpoint.reportTest}
        />
      )}

      <div class="result__buttons">
        <button type="button" class="button button--big" onClick={() => checkpoint.dismiss()}>
          {tr('decision.next')}
          {s.gateMode && !waits && <span class="result__gate"> · {tr('decision.gate', { s: left })}</span>}
        </button>
        <button type="button" class="button button--quiet" onClick={() => setOverriding(true)}>
          {tr('decision.override')}
        </button>
      </div>
      {overriding && (
        <OverrideDialog tr={tr} onOverride={checkpoint.override} onClose={() => setOverriding(false)} />
      )}
    </section>
  );
}
