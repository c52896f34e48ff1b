/**
 * @module The machine's own clock, for the few things that must agree with the world outside the server: a request
 * signature's age (clients sign with their real clocks) and how long a cache entry lives. Everything the server
 * records, schedules or expires follows its injected clock instead (`CoreServices.now`, which tests drive), and a
 * test keeps `Date.now()` out of the rest of the server. Durations for logs use `performance.now()`.
 */
export const machineClock = (): number => Date.now();
