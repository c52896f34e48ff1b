/** @module Reads and writes of compliance items and uploads, always within one account and Region. */
import type { Kysely } from "kysely";
import type { AnyDb } from "../../core/store/database.ts";
import { inScope, type Scope, scopeColumns } from "../../core/store/scope.ts";

export interface UploadRow {
  account_id: string;
  region: string;
  resource_type: string;
  resource_id: string;
  compliance_type: string;
  execution_time: number;
  execution_id: string | null;
  execution_type: string | null;
  content_hash: string | null;
  /** The upload's items counted by status, then severity (`{"NON_COMPLIANT":{"HIGH":2}}`); null: none yet. */
  counts: string | null;
}

export interface ItemRow {
  account_id: string;
  region: string;
  resource_type: string;
  resource_id: string;
  compliance_type: string;
  item_id: string;
  title: string | null;
  severity: string;
  status: string;
  details: string | null;
}

type ComplianceTables = { compliance_uploads: UploadRow; compliance_items: ItemRow };

/** One resource's items of one compliance type, as an upload carries them. */
export interface Upload {
  resourceType: string;
  resourceId: string;
  complianceType: string;
  execution: { time: number; id: string | undefined; type: string | undefined };
  contentHash: string | undefined;
  items: { id: string; title: string | undefined; severity: string; status: string; details: Record<string, string> | undefined }[];
  /** COMPLETE replaces every item of the type; PARTIAL replaces only the items it names. */
  complete: boolean;
}

/** An item with the upload it came in. */
export type ItemWithUpload = ItemRow & Pick<UploadRow, "execution_time" | "execution_id" | "execution_type">;

export class ComplianceStore {
  private readonly db: Kysely<ComplianceTables>;
  constructor(db: AnyDb) {
    this.db = db.withTables<ComplianceTables>();
  }

  /**
   * Writes an upload in one transaction. An upload whose content hash equals the stored one is ignored, as SSM ignores
   * it; resolves false then.
   */
  async put(scope: Scope, upload: Upload): Promise<boolean> {
    return this.db.transaction().execute(async (db) => {
      const key = {
        ...scopeColumns(scope),
        resource_type: upload.resourceType,
        resource_id: upload.resourceId,
        compliance_type: upload.complianceType,
      };
      const stored = await db
        .selectFrom("compliance_uploads")
        .select("content_hash")
        .where((eb) => eb.and(key))
        .executeTakeFirst();
      if (upload.contentHash && stored?.content_hash === upload.contentHash) return false;
      const summary = {
        execution_time: upload.execution.time,
        execution_id: upload.execution.id ?? null,
        execution_type: upload.execution.type ?? null,
        content_hash: upload.contentHash ?? null,
      };
      if (stored)
        await db
          .updateTable("compliance_uploads")
          .set(summary)
          .where((eb) => eb.and(key))
          .execute();
      else
        await db
          .insertInto("compliance_uploads")
          .values({ ...key, ...summary })
          .execute();
      if (upload.complete)
        await db
          .deleteFrom("compliance_items")
          .where((eb) => eb.and(key))
          .execute();
      else if (upload.items.length > 0)
        await db
          .deleteFrom("compliance_items")
          .where((eb) => eb.and(key))
          .where(
            "item_id",
            "in",
            upload.items.map((item) => item.id),
          )
          .execute();
      // In slices: SQLite takes at most 32,766 bound values a statement, and an upload may hold 10,000 items.
      const rows = upload.items.map((item) => ({
        ...key,
        item_id: item.id,
        title: item.title ?? null,
        severity: item.severity,
        status: item.status,
        details: item.details ? JSON.stringify(item.details) : null,
      }));
      for (let at = 0; at < rows.length; at += 500)
        await db
          .insertInto("compliance_items")
          .values(rows.slice(at, at + 500))
          .execute();
      // The upload's items counted again after the write (a PARTIAL upload keeps the items it does not name).
      const grouped = await db
        .selectFrom("compliance_items")
        .select(["status", "severity"])
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .where((eb) => eb.and(key))
        .groupBy(["status", "severity"])
        .execute();
      const counts: Record<string, Record<string, number>> = {};
      for (const row of grouped) counts[row.status] = { ...(counts[row.status] ?? {}), [row.severity]: Number(row.n) };
      await db
        .updateTable("compliance_uploads")
        .set({ counts: JSON.stringify(counts) })
        .where((eb) => eb.and(key))
        .execute();
      return true;
    });
  }

  /** Every item in scope, optionally of some resources and resource types, with its upload's execution summary. */
  async items(scope: Scope, resourceIds?: readonly string[], resourceTypes?: readonly string[]): Promise<ItemWithUpload[]> {
    const rows = await this.db
      .selectFrom("compliance_items")
      .selectAll()
      .$call(inScope(scope))
      .$if(resourceIds !== undefined, (q) => q.where("resource_id", "in", resourceIds ?? []))
      .$if(resourceTypes !== undefined, (q) => q.where("resource_type", "in", resourceTypes ?? []))
      .orderBy("resource_type")
      .orderBy("resource_id")
      .orderBy("compliance_type")
      .orderBy("item_id")
      .execute();
    const uploads = new Map((await this.uploads(scope)).map((u) => [uploadKey(u), u]));
    return rows.flatMap((row) => {
      const upload = uploads.get(uploadKey(row));
      return upload
        ? [{ ...row, execution_time: upload.execution_time, execution_id: upload.execution_id, execution_type: upload.execution_type }]
        : [];
    });
  }

  /** Every upload in scope (a resource's compliance types, with or without items). */
  async uploads(scope: Scope): Promise<UploadRow[]> {
    const rows = await this.db
      .selectFrom("compliance_uploads")
      .selectAll()
      .$call(inScope(scope))
      .orderBy("resource_type")
      .orderBy("resource_id")
      .orderBy("compliance_type")
      .execute();
    return rows.map((row) => ({ ...row, execution_time: Number(row.execution_time) }));
  }

  /** A deregistered node's compliance goes with it. */
  async forgetResource(scope: Scope, resourceType: string, resourceId: string, within: AnyDb): Promise<void> {
    const db = within.withTables<ComplianceTables>();
    const of = { ...scopeColumns(scope), resource_type: resourceType, resource_id: resourceId };
    await db
      .deleteFrom("compliance_items")
      .where((eb) => eb.and(of))
      .execute();
    await db
      .deleteFrom("compliance_uploads")
      .where((eb) => eb.and(of))
      .execute();
  }
}

const uploadKey = (row: Pick<UploadRow, "resource_type" | "resource_id" | "compliance_type">) =>
  `${row.resource_type}\n${row.resource_id}\n${row.compliance_type}`;
