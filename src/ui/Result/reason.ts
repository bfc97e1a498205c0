// The one-line reason of a decision, shared by the decision screen and its spoken announcement.
import type { DecisionView } from '../../models/checkpoint.js';
import type { MessageKey, Translate } from '../i18n/index.js';

/**
 * Why, in plain words: not recorded, overridden, stale trust data, the verification result (a revoked code with
 * the colour its issuer now gives says that colour), or the colour.
 */
export function mainReason(view: DecisionView, tr: Translate): string {
  if (view.logError) return tr('reason.logFailed');
  if (view.entry.override) return tr('decision.overridden', { reason: view.entry.override.reason });
  if (view.trustStale) return tr('reason.trustStale');
  const r = view.entry.result;
  if (view.notHealthCode) return tr('result.notHealthCode');
  const colour = view.entry.colour;
  if (r === 'revoked' && colour)
    return tr('result.revokedColour', { colour: tr(`decision.colour.${colour}`) });
  if (r !== 'ok' && r !== 'manual') return tr(`result.${r}`);
  return colour ? tr(`decision.colour.${colour}`) : tr('result.manual');
}

const ANNOUNCE: Record<DecisionView['outcome'] | 'awaiting-temperature', MessageKey> = {
  admit: 'decision.announce.admit',
  'admit-escorted': 'decision.announce.admitEscorted',
  deny: 'decision.announce.deny',
  'awaiting-temperature': 'decision.announce.awaitTemperature',
};

/** What a screen reader says when a decision appears or changes. */
export function announcement(view: DecisionView, tr: Translate): string {
  const shown = view.awaitingTemperature ? 'awaiting-temperature' : view.outcome;
  return tr(ANNOUNCE[shown], { reason: mainReason(view, tr) });
}
