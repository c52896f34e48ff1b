/**
 * @module The one way to scope a query: every row of a capability's own data belongs to an account and a Region, and
 * every query of it says so through these helpers, so an unscoped query stands out.
 */
import type { DeleteQueryBuilder, SelectQueryBuilder, UpdateQueryBuilder } from "kysely";

/** An account and a Region: what every query of a capability's own data is narrowed to. */
export interface Scope {
  readonly accountId: string;
  readonly region: string;
}

/** The scope's columns: to insert a row, or to match rows with `.where((eb) => eb.and({ ...scopeColumns(scope), … }))`. */
export const scopeColumns = (scope: Scope): { account_id: string; region: string } => ({
  account_id: scope.accountId,
  region: scope.region,
});

/** A query builder that can be narrowed by account and Region. */
interface Scopable<Self> {
  where(column: "account_id" | "region", operator: "=", value: string): Self;
}

/** The rows a select, update or delete reads. */
type RowsOf<Q> =
  Q extends SelectQueryBuilder<infer DB, infer TB, infer _O>
    ? DB[TB]
    : Q extends UpdateQueryBuilder<infer DB, infer _UT, infer TB, infer _O>
      ? DB[TB]
      : Q extends DeleteQueryBuilder<infer DB, infer TB, infer _O>
        ? DB[TB]
        : never;

/** The query itself when its table has both scope columns; otherwise a type no query matches, so it does not compile. */
type ScopedQuery<Q> = RowsOf<Q> extends { account_id: string; region: string } ? Q : "the table has no account_id and region";

/**
 * Narrows a select, update or delete to one account and Region: `.$call(inScope(scope))`. Chained wheres, not
 * `eb.and`, because they build faster on the GetParameter path (bench/README.md). A table without both columns does
 * not compile.
 */
export const inScope =
  (scope: Scope) =>
  <Q extends Scopable<Q>>(query: ScopedQuery<Q> & Q): Q =>
    query.where("account_id", "=", scope.accountId).where("region", "=", scope.region);
