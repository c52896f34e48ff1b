/** @module How often an agent says it is alive, and how long the server waits before calling it ConnectionLost. */
export const defaultHeartbeatIntervalMs = 30_000;
/** Three missed heartbeats. */
export const connectionLostAfter = (heartbeatIntervalMs: number): number => 3 * heartbeatIntervalMs;
