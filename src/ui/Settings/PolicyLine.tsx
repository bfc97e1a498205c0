// The policy decisions are made by, its version, and where it came from: shipped with the app, or a bundle.
import type { JSX } from 'preact';
import type { Policy } from '../../core/policy/types.js';
import type { PolicyOrigin } from '../../models/checkpoint.js';
import type { Translate } from '../i18n/index.js';

/** One line: "Rules in force: NAME, version N (shipped with the app | from the server, bundle vM)". */
export function PolicyLine(props: { policy: Policy; origin: PolicyOrigin; tr: Translate }): JSX.Element {
  const { policy, origin, tr } = props;
  const from =
    origin.kind === 'shipped'
      ? tr('settings.policyShipped')
      : tr('settings.policyBundle', { v: origin.bundleVersion ?? '?' });
  return (
    <p class="form-note" data-policy-origin={origin.kind} data-policy-version={policy.version}>
      {tr('settings.policyInForce', { name: policy.name, v: policy.version, origin: from })}
    </p>
  );
}
