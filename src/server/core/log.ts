/** @module Structured logging (pino). Request bodies and secrets are never logged; see api/dispatch.ts. */
import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const level = options.level ?? process.env.BOSUN_LOG_LEVEL ?? "info";
  return options.destination
    ? pino({ level, base: { service: "bosun" } }, options.destination)
    : pino({ level, base: { service: "bosun" } });
}
