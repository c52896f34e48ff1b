/** @module The custom inventory types an account defined in a Region (Custom:*), with the attributes seen so far. */
import { inScope, type Scope } from "../../core/store/scope.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";

export interface CustomTypeRow {
  account_id: string;
  region: string;
  type_name: string;
  schema_version: string;
  /** JSON: the attribute names the type's entries have used. */
  attributes: string;
  created_at: number;
  /** DeleteInventory's DisableSchema: the name stays taken but takes no more data. */
  disabled?: number;
}

export class CustomTypeStore extends TransactionalStore<{ inventory_custom_types: CustomTypeRow }> {
  async all(scope: Scope): Promise<CustomTypeRow[]> {
    return this.db.selectFrom("inventory_custom_types").selectAll().$call(inScope(scope)).orderBy("type_name").execute();
  }

  async save(row: CustomTypeRow): Promise<void> {
    await this.db
      .insertInto("inventory_custom_types")
      .values(row)
      .onConflict((oc) =>
        oc.columns(["account_id", "region", "type_name"]).doUpdateSet({ schema_version: row.schema_version, attributes: row.attributes }),
      )
      .execute();
  }

  async disable(scope: Scope, typeName: string): Promise<void> {
    await this.db
      .updateTable("inventory_custom_types")
      .set({ disabled: 1 })
      .$call(inScope(scope))
      .where("type_name", "=", typeName)
      .execute();
  }

  async remove(scope: Scope, typeName: string): Promise<void> {
    await this.db.deleteFrom("inventory_custom_types").$call(inScope(scope)).where("type_name", "=", typeName).execute();
  }
}
