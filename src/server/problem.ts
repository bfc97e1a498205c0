// Refusals as the device reads them (src/core/wire.ts Problem): a stable code and a sentence for people.
import type { FastifyReply } from 'fastify';
import type { Problem } from '../core/wire.js';

/** Sends a refusal. */
export function refuse(
  reply: FastifyReply,
  status: number,
  error: string,
  message: string,
  extra: Omit<Problem, 'error' | 'message'> = {},
): FastifyReply {
  return reply.code(status).send({ error, message, ...extra } satisfies Problem);
}

/** The refusal of a device that is not enrolled. */
export const UNKNOWN_DEVICE = ['unknown-device', 'This device is not enrolled.'] as const;

/** The refusal of a device the administrator disabled. */
export const DEVICE_DISABLED = [
  'device-disabled',
  'This device has been disabled by the administrator.',
] as const;
