/** @module How often an agent says it is alive, and how long the server waits before calling it ConnectionLost. */
export const heartbeatIntervalMs = 30_000;
/** Three missed heartbeats. */
export const connectionLostAfterMs = 3 * heartbeatIntervalMs;
