import { type Scope, scopeColumns } from "../../core/store/scope.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";

export interface DocumentRow {
  account_id: string;
  region: string;
  name: string;
  document_type: string;
  target_type: string | null;
  default_version: number;
  latest_version: number;
  created_at: number;
}

export interface VersionRow {
  account_id: string;
  region: string;
  name: string;
  version: number;
  version_name: string | null;
  display_name: string | null;
  content: string;
  format: string;
  schema_version: string;
  sha256: string;
  description: string | null;
  parameters: string;
  platform_types: string;
  created_at: number;
}

type DocumentTables = { documents: DocumentRow; document_versions: VersionRow };

const ofDocument = (scope: Scope, name: string) => ({ ...scopeColumns(scope), name });

export class DocumentStore extends TransactionalStore<DocumentTables> {
  async get(scope: Scope, name: string): Promise<DocumentRow | undefined> {
    return this.db
      .selectFrom("documents")
      .selectAll()
      .where((eb) => eb.and(ofDocument(scope, name)))
      .executeTakeFirst();
  }

  async version(scope: Scope, name: string, version: number): Promise<VersionRow | undefined> {
    return this.db
      .selectFrom("document_versions")
      .selectAll()
      .where((eb) => eb.and({ ...ofDocument(scope, name), version }))
      .executeTakeFirst();
  }

  async versionNamed(scope: Scope, name: string, versionName: string): Promise<VersionRow | undefined> {
    return this.db
      .selectFrom("document_versions")
      .selectAll()
      .where((eb) => eb.and({ ...ofDocument(scope, name), version_name: versionName }))
      .executeTakeFirst();
  }

  async count(scope: Scope): Promise<number> {
    const row = await this.db
      .selectFrom("documents")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where((eb) => eb.and(scopeColumns(scope)))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insertDocument(row: DocumentRow): Promise<void> {
    await this.db.insertInto("documents").values(row).execute();
  }

  async insertVersion(row: VersionRow): Promise<void> {
    await this.db.insertInto("document_versions").values(row).execute();
  }

  async setVersions(
    scope: Scope,
    name: string,
    versions: { default_version?: number; latest_version?: number; target_type?: string },
  ): Promise<void> {
    await this.db
      .updateTable("documents")
      .set(versions)
      .where((eb) => eb.and(ofDocument(scope, name)))
      .execute();
  }

  /** Deletes the whole document, or one version of it. */
  async delete(scope: Scope, name: string, version?: number): Promise<void> {
    await this.db
      .deleteFrom("document_versions")
      .where((eb) => eb.and(ofDocument(scope, name)))
      .$if(version !== undefined, (q) => q.where("version", "=", version ?? 0))
      .execute();
    if (version === undefined)
      await this.db
        .deleteFrom("documents")
        .where((eb) => eb.and(ofDocument(scope, name)))
        .execute();
  }

  async list(scope: Scope, after: string | undefined, limit: number): Promise<DocumentRow[]> {
    return this.db
      .selectFrom("documents")
      .selectAll()
      .where((eb) => eb.and(scopeColumns(scope)))
      .$if(after !== undefined, (q) => q.where("name", ">", after ?? ""))
      .orderBy("name")
      .limit(limit)
      .execute();
  }

  async versions(scope: Scope, name: string, afterVersion: number, limit: number): Promise<VersionRow[]> {
    return this.db
      .selectFrom("document_versions")
      .selectAll()
      .where((eb) => eb.and(ofDocument(scope, name)))
      .where("version", ">", afterVersion)
      .orderBy("version")
      .limit(limit)
      .execute();
  }
}
