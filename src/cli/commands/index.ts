// Every `checkpoint` command, by name. Each lives in its own module.
import type { Command } from '../io.js';
import { keys } from './keys.js';
import { issue } from './issue.js';
import { verify } from './verify.js';
import { decode } from './decode.js';
import { decide } from './decide.js';
import { policy } from './policy.js';
import { serve } from './serve.js';
import { trust } from './trust.js';
import { revoke } from './revoke.js';
import { venue } from './venue.js';
import { device } from './device.js';
import { exportCommand } from './export.js';
import { purge } from './purge.js';
import { bundle } from './bundle.js';
import { consoleCommand } from './console.js';

/** The command table `checkpoint <name>` dispatches on. */
export const commands: Record<string, Command> = {
  keys,
  issue,
  verify,
  decode,
  decide,
  policy,
  serve,
  trust,
  revoke,
  venue,
  device,
  export: exportCommand,
  purge,
  bundle,
  console: consoleCommand,
};
