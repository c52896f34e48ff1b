/** @module Opaque, tamper-proof pagination tokens: sealed with a server key and bound to account, region and action. */
import { InvalidNextToken } from "../../../protocol/errors/errors.ts";
import { type Keyring, open, SealBroken, seal } from "../crypto/keyring.ts";
import type { ActionContext } from "./action.ts";

const invalid = "The specified token isn't valid.";

function binding(ctx: ActionContext, action: string): string {
  return `${ctx.accountId}/${ctx.region}/${action}`;
}

/** Encodes where a listing stopped. The caller can neither read nor forge it. */
export function encodeNextToken(keyring: Keyring, ctx: ActionContext, action: string, position: unknown): string {
  return seal(keyring.key("next-token", "v1"), Buffer.from(JSON.stringify(position)), binding(ctx, action)).toString("base64url");
}

/** Decodes a token made by `encodeNextToken` for the same account, region and action; throws InvalidNextToken. */
export function decodeNextToken<T>(keyring: Keyring, ctx: ActionContext, action: string, token: string): T {
  try {
    const bytes = Buffer.from(token, "base64url");
    return JSON.parse(open(keyring.key("next-token", "v1"), bytes, binding(ctx, action)).toString("utf8")) as T;
  } catch (error) {
    if (error instanceof SealBroken || error instanceof SyntaxError) throw new InvalidNextToken(invalid);
    throw error;
  }
}

/**
 * One page of a list computed whole (small listings: associations, versions, schemas): the token holds the position.
 * Returns the page and, when more follow, the token for the next.
 */
export function indexPage<T>(
  keyring: Keyring,
  ctx: ActionContext,
  action: string,
  items: readonly T[],
  token: string | undefined,
  limit: number,
): { page: T[]; nextToken?: string } {
  const start = token ? decodeNextToken<{ index: number }>(keyring, ctx, action, token).index : 0;
  const page = items.slice(start, start + limit);
  return start + limit < items.length ? { page, nextToken: encodeNextToken(keyring, ctx, action, { index: start + limit }) } : { page };
}
