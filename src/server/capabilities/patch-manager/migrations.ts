/**
 * @module Patch Manager's tables: the account's own baselines, the default baseline it registered per operating
 * system, and its patch groups (a group and an operating system name one baseline).
 */
import type { Kysely, Migration } from "kysely";

export const patchManagerMigrations: Record<string, Migration> = {
  "patch-manager-001-baselines": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("patch_baselines")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("baseline_id", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("operating_system", "text", (c) => c.notNull())
        // Filters, rules, lists and sources as JSON (CreatePatchBaseline's members, defaults filled in).
        .addColumn("body", "text", (c) => c.notNull())
        .addColumn("client_token", "text")
        .addColumn("created_at", "bigint", (c) => c.notNull())
        .addColumn("modified_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("patch_baselines_pk", ["account_id", "region", "baseline_id"])
        .execute();
      await db.schema
        .createTable("patch_default_baselines")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("operating_system", "text", (c) => c.notNull())
        .addColumn("baseline_id", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("patch_default_baselines_pk", ["account_id", "region", "operating_system"])
        .execute();
      await db.schema
        .createTable("patch_groups")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("patch_group", "text", (c) => c.notNull())
        .addColumn("operating_system", "text", (c) => c.notNull())
        .addColumn("baseline_id", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("patch_groups_pk", ["account_id", "region", "patch_group", "operating_system"])
        .execute();
    },
  },
  "patch-manager-002-instance-patches": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("patch_instance_states")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("instance_id", "text", (c) => c.notNull())
        .addColumn("baseline_id", "text", (c) => c.notNull())
        .addColumn("patch_group", "text", (c) => c.notNull())
        .addColumn("snapshot_id", "text", (c) => c.notNull())
        .addColumn("operation", "text", (c) => c.notNull())
        .addColumn("reboot_option", "text", (c) => c.notNull())
        .addColumn("started_at", "bigint", (c) => c.notNull())
        .addColumn("ended_at", "bigint", (c) => c.notNull())
        // The last Install with NoReboot, which SSM reports apart.
        .addColumn("no_reboot_install_at", "bigint")
        // The count of each patch state and the non-compliant counts, as JSON (InstancePatchState's counts).
        .addColumn("counts", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("patch_instance_states_pk", ["account_id", "region", "instance_id"])
        .execute();
      await db.schema
        .createTable("patch_instance_patches")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("instance_id", "text", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("kb_id", "text", (c) => c.notNull())
        .addColumn("classification", "text", (c) => c.notNull())
        .addColumn("severity", "text", (c) => c.notNull())
        .addColumn("state", "text", (c) => c.notNull())
        .addColumn("compliance_level", "text", (c) => c.notNull())
        .addColumn("installed_time", "bigint")
        .addColumn("cve_ids", "text")
        .addPrimaryKeyConstraint("patch_instance_patches_pk", ["account_id", "region", "instance_id", "title"])
        .execute();
    },
  },
  "patch-manager-003-catalog": {
    async up(db: Kysely<unknown>) {
      // Every package version the account's nodes reported, installed or offered: the patches Bosun knows of.
      await db.schema
        .createTable("patch_catalog")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("operating_system", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("version", "text", (c) => c.notNull())
        .addColumn("arch", "text", (c) => c.notNull())
        .addColumn("product", "text", (c) => c.notNull())
        .addColumn("repository", "text", (c) => c.notNull())
        .addColumn("classification", "text", (c) => c.notNull())
        .addColumn("severity", "text", (c) => c.notNull())
        .addColumn("security", "integer", (c) => c.notNull())
        .addColumn("first_seen", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("patch_catalog_pk", ["account_id", "region", "operating_system", "name", "version", "arch"])
        .execute();
    },
  },
};
