/**
 * @module Registering a target or a task with a window: once per ClientToken (the same request answers the same id;
 * different values under the token are IdempotentParameterMismatch), within the window's quota of that part.
 */
import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { IdempotentParameterMismatch, ResourceLimitExceeded } from "../../../protocol/errors/errors.ts";

export async function registerWindowPart<Row extends { client_token: string | null }>(options: {
  /** The window's parts of this kind, as stored. */
  registered: readonly Row[];
  idOf(row: Row): string;
  clientToken: string | undefined;
  /** The columns the request sets: compared with an earlier registration's under the same token. */
  values: Partial<Row>;
  quota: { max: number; noun: string };
  insert(id: string): Promise<void>;
}): Promise<string> {
  const { registered, clientToken, values } = options;
  const earlier = clientToken ? registered.find((row) => row.client_token === clientToken) : undefined;
  if (earlier) {
    const stored = Object.fromEntries(Object.keys(values).map((key) => [key, earlier[key as keyof Row]]));
    if (!isDeepStrictEqual(stored, values))
      throw new IdempotentParameterMismatch(`The ClientToken ${clientToken} was used for a different request.`);
    return options.idOf(earlier);
  }
  if (registered.length >= options.quota.max)
    throw new ResourceLimitExceeded(`A maintenance window can have at most ${options.quota.max} ${options.quota.noun}.`);
  const id = randomUUID();
  await options.insert(id);
  return id;
}
