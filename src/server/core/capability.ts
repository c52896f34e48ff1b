/** @module What a capability is: its migrations, API actions and jobs, built from the services it declares. */
import type { ActionDefinition } from "./api/action.ts";
import type { Keyring } from "./crypto/keyring.ts";
import type { EventLog } from "./events/event-log.ts";
import type { Route } from "./http/http-server.ts";
import type { Logger } from "./log.ts";
import type { Job } from "./scheduler/scheduler.ts";
import type { Database } from "./store/database.ts";
import type { NamedMigrations } from "./store/migrate.ts";

/** The core services every capability may use. */
export interface CoreServices {
  database: Database;
  keyring: Keyring;
  events: EventLog;
  log: Logger;
  /** How often sweeping jobs (expirations, notifications) run. */
  sweepIntervalMs: number;
  /** The time schedules follow (epoch ms); tests drive it instead of sleeping. */
  now(): number;
}

export interface Capability {
  name: string;
  migrations: NamedMigrations;
  actions: ActionDefinition[];
  jobs: Job[];
  /** Routes beside the API (agent endpoints); unauthenticated ones must be on the allowlist. */
  routes?: Route[];
  /** Closes what the capability holds open (agent connections) before the database closes. */
  stop?(): Promise<void>;
}
