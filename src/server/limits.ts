// Rate limits (@fastify/rate-limit): per client address on every API route, before the body is read, and per
// device on the authenticated routes, once the device's signature holds (so nobody can spend a device's quota).
// Counters are per process: N server processes allow up to N times the rate (docs/server.md).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyRateLimit from '@fastify/rate-limit';
import { refuse } from './problem.js';

/** Requests allowed per minute; 0 turns a limit off. */
export interface RateLimits {
  perAddress: number;
  perDevice: number;
}

/** The limits `serve` applies unless told otherwise. */
export const DEFAULT_RATE_LIMITS: RateLimits = { perAddress: 600, perDevice: 120 };

/** Checks one authenticated request against its device's limit; true when it was refused (429 sent). */
export type DeviceLimit = (
  request: FastifyRequest,
  reply: FastifyReply,
  deviceId: string,
) => Promise<boolean>;

const MINUTE = 60_000;

/** The answer when a limit is reached: 429 with Retry-After (set by the plugin, or here). */
export const RATE_LIMITED = [
  'rate-limited',
  'Too many requests. Try again after the time in Retry-After.',
] as const;

/**
 * Registers the limits; returns the route config of the per-address limit (for every /api/ route) and the
 * per-device check.
 */
export async function registerLimits(
  app: FastifyInstance,
  limits: RateLimits,
): Promise<{ perAddress: object | null; perDevice: DeviceLimit }> {
  await app.register(fastifyRateLimit, { global: false });
  const perAddress =
    limits.perAddress > 0 ? { rateLimit: { max: limits.perAddress, timeWindow: MINUTE } } : null;
  if (limits.perDevice <= 0) return { perAddress, perDevice: async () => false };
  const check = app.createRateLimit({
    max: limits.perDevice,
    timeWindow: MINUTE,
    keyGenerator: (request) => `device:${(request.body as { deviceId?: string }).deviceId}`,
  });
  return {
    perAddress,
    perDevice: async (request, reply) => {
      const state = await check(request);
      if (state.isAllowed || !state.isExceeded) return false;
      reply.header('Retry-After', String(state.ttlInSeconds));
      await refuse(reply, 429, ...RATE_LIMITED);
      return true;
    },
  };
}
