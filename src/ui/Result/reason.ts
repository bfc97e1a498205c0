// The one-line reason of a decision, shared by the decision screen and its spoken announcement.
import type { DecisionView } from '../../models/checkpoint.js';
import type { Translate } from '../i18n/index.js';

/** Why, in plain words: not recorded, overridden, stale trust data, the verification result, or the colour. */
export function mainReason(view: DecisionView, tr: Translate): string {
  if (view.logError) return tr('reason.logFailed');
  if (view.entry.override) return tr('decision.overridden', { reason: view.entry.override.reason });
  if (view.trustStale) return tr('reason.trustStale');
  const r = view.entry.result;
  if (view.notHealthCode) return tr('result.notHealthCode');
  if (r !== 'ok' && r !== 'manual') return tr(`result.${r}`);
  const colour = view.entry.colour;
  return colour ? tr(`decision.colour.${colour}`) : tr('result.manual');
}

/** What a screen reader says when a decision appears or changes. */
export function announcement(view: DecisionView, tr: Translate): string {
  return tr(view.decision === 'admit' ? 'decision.announce.admit' : 'decision.announce.deny', {
    reason: mainReason(view, tr),
  });
}
