/** @module Each node's last patch run: its summary and the state of each package, in one account and Region. */
import type { PatchStateFrame } from "../../../protocol/agent/channel.ts";
import type { AnyDb } from "../../core/store/database.ts";
import { inScope, type Scope, scopeColumns } from "../../core/store/scope.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";

export interface InstanceStateRow {
  account_id: string;
  region: string;
  instance_id: string;
  baseline_id: string;
  patch_group: string;
  snapshot_id: string;
  operation: string;
  reboot_option: string;
  started_at: number;
  ended_at: number;
  no_reboot_install_at: number | null;
  counts: string;
}

export interface InstancePatchRow {
  account_id: string;
  region: string;
  instance_id: string;
  title: string;
  kb_id: string;
  classification: string;
  severity: string;
  state: string;
  compliance_level: string;
  installed_time: number | null;
  cve_ids: string | null;
}

type StateTables = { patch_instance_states: InstanceStateRow; patch_instance_patches: InstancePatchRow };

export class PatchStateStore extends TransactionalStore<StateTables> {
  /** Replaces a node's last run with this one: its summary and every package's state. */
  async replace(state: InstanceStateRow, patches: readonly PatchStateFrame[]): Promise<void> {
    const scope = { accountId: state.account_id, region: state.region };
    const node = { ...scopeColumns(scope), instance_id: state.instance_id };
    await this.db
      .deleteFrom("patch_instance_states")
      .where((eb) => eb.and(node))
      .execute();
    await this.db.insertInto("patch_instance_states").values(state).execute();
    await this.db
      .deleteFrom("patch_instance_patches")
      .where((eb) => eb.and(node))
      .execute();
    // One package appears once (the last frame wins); rows go in batches under the engines' parameter limits.
    const byTitle = new Map(patches.map((patch) => [patch.title, patch]));
    const rows = [...byTitle.values()].map(
      (patch): InstancePatchRow => ({
        ...node,
        title: patch.title,
        kb_id: patch.kbId,
        classification: patch.classification,
        severity: patch.severity,
        state: patch.state,
        compliance_level: patch.complianceLevel,
        // Whole milliseconds: the column is an integer on both engines, whatever the agent sent.
        installed_time: patch.installedTime === undefined ? null : Math.round(patch.installedTime),
        cve_ids: patch.cveIds ?? null,
      }),
    );
    for (let i = 0; i < rows.length; i += 500)
      await this.db
        .insertInto("patch_instance_patches")
        .values(rows.slice(i, i + 500))
        .execute();
  }

  async states(scope: Scope, instanceIds: readonly string[]): Promise<InstanceStateRow[]> {
    if (instanceIds.length === 0) return [];
    return this.db
      .selectFrom("patch_instance_states")
      .selectAll()
      .$call(inScope(scope))
      .where("instance_id", "in", instanceIds)
      .orderBy("instance_id")
      .execute();
  }

  async statesOfGroup(scope: Scope, patchGroup: string): Promise<InstanceStateRow[]> {
    return this.db
      .selectFrom("patch_instance_states")
      .selectAll()
      .$call(inScope(scope))
      .where("patch_group", "=", patchGroup)
      .orderBy("instance_id")
      .execute();
  }

  async patches(scope: Scope, instanceId: string): Promise<InstancePatchRow[]> {
    return this.db
      .selectFrom("patch_instance_patches")
      .selectAll()
      .where((eb) => eb.and({ ...scopeColumns(scope), instance_id: instanceId }))
      .orderBy("title")
      .execute();
  }

  /** A deregistered node's patch state goes with it, in the deregistration's transaction. */
  async forget(scope: Scope, instanceId: string, within: AnyDb): Promise<void> {
    const db = within.withTables<StateTables>();
    const node = { ...scopeColumns(scope), instance_id: instanceId };
    await db
      .deleteFrom("patch_instance_states")
      .where((eb) => eb.and(node))
      .execute();
    await db
      .deleteFrom("patch_instance_patches")
      .where((eb) => eb.and(node))
      .execute();
  }
}
