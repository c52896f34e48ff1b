import { type Scope, scopeColumns } from "../../core/store/scope.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";

export interface ActivationRow {
  activation_id: string;
  account_id: string;
  region: string;
  code_sha256: string;
  description: string | null;
  default_instance_name: string | null;
  iam_role: string;
  registration_limit: number;
  registrations_count: number;
  expires_at: number;
  created_at: number;
}

type ActivationTables = { activations: ActivationRow };

export class ActivationStore extends TransactionalStore<ActivationTables> {
  async insert(row: ActivationRow): Promise<void> {
    await this.db.insertInto("activations").values(row).execute();
  }

  async get(scope: Scope, activationId: string): Promise<ActivationRow | undefined> {
    return this.db
      .selectFrom("activations")
      .selectAll()
      .where((eb) => eb.and({ ...scopeColumns(scope), activation_id: activationId }))
      .executeTakeFirst();
  }

  /** Registration's lookup: by id alone, since the caller proves itself with the code, not with an account's keys. */
  async getForRegistration(activationId: string): Promise<ActivationRow | undefined> {
    return this.db.selectFrom("activations").selectAll().where("activation_id", "=", activationId).executeTakeFirst();
  }

  /** Counts one registration if the limit allows; false when it is exhausted. */
  async claimRegistration(activationId: string): Promise<boolean> {
    const result = await this.db
      .updateTable("activations")
      .set((eb) => ({ registrations_count: eb("registrations_count", "+", 1) }))
      .where("activation_id", "=", activationId)
      .whereRef("registrations_count", "<", "registration_limit")
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async delete(scope: Scope, activationId: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom("activations")
      .where((eb) => eb.and({ ...scopeColumns(scope), activation_id: activationId }))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Activations in creation order (then id), after a keyset position. */
  async list(scope: Scope, after: { createdAt: number; id: string } | undefined, limit: number): Promise<ActivationRow[]> {
    return this.db
      .selectFrom("activations")
      .selectAll()
      .where((eb) => eb.and(scopeColumns(scope)))
      .$if(after !== undefined, (q) =>
        q.where((eb) =>
          eb.or([
            eb("created_at", ">", after?.createdAt ?? 0),
            eb.and([eb("created_at", "=", after?.createdAt ?? 0), eb("activation_id", ">", after?.id ?? "")]),
          ]),
        ),
      )
      .orderBy("created_at")
      .orderBy("activation_id")
      .limit(limit)
      .execute();
  }
}
