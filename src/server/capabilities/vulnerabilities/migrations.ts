/**
 * @module Vulnerability tables (decision 026). Advisories are public data, one copy for the installation; what they
 * find — and what an account's inventory calls a package — belongs to an account and Region.
 */
import type { Kysely, Migration } from "kysely";

export const vulnerabilityMigrations: Record<string, Migration> = {
  "vulnerabilities-001-advisories-findings": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("vulnerability_advisories")
        .addColumn("advisory_id", "text", (c) => c.primaryKey())
        .addColumn("modified", "bigint", (c) => c.notNull())
        .addColumn("published", "bigint")
        .addColumn("withdrawn", "bigint")
        .addColumn("summary", "text", (c) => c.notNull())
        .addColumn("severity", "text", (c) => c.notNull())
        .addColumn("score", "real")
        // JSON: aliases, references, and the affected packages as imported (match key, name, ranges, versions).
        .addColumn("aliases", "text", (c) => c.notNull())
        .addColumn("references_json", "text", (c) => c.notNull())
        .addColumn("affected", "text", (c) => c.notNull())
        .addColumn("imported_at", "bigint", (c) => c.notNull())
        .execute();
      // CVE-2021-44228 finds GHSA-jfh8-c2jp-5v3q: one row per alias.
      await db.schema
        .createTable("vulnerability_aliases")
        .addColumn("alias", "text", (c) => c.notNull())
        .addColumn("advisory_id", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("vulnerability_aliases_pk", ["alias", "advisory_id"])
        .execute();
      // What a matcher looks up: the advisories naming a package under a match key.
      await db.schema
        .createTable("vulnerability_packages")
        .addColumn("match_key", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("advisory_id", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("vulnerability_packages_pk", ["match_key", "name", "advisory_id"])
        .execute();
      await db.schema.createIndex("vulnerability_packages_by_advisory").on("vulnerability_packages").column("advisory_id").execute();
      // An inventory Name under which a package advisories name otherwise is installed (a Debian source's binaries,
      // a JAR's artifactId, a Python distribution's spelling), learned as inventory is put.
      await db.schema
        .createTable("vulnerability_package_names")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("match_key", "text", (c) => c.notNull())
        .addColumn("package", "text", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("vulnerability_package_names_pk", ["account_id", "region", "match_key", "package", "name"])
        .execute();
      await db.schema
        .createTable("vulnerability_findings")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("instance_id", "text", (c) => c.notNull())
        .addColumn("advisory_id", "text", (c) => c.notNull())
        // The inventory entry found: its position in the node's AWS:Application item, Name, Version and Path.
        .addColumn("seq", "integer", (c) => c.notNull())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("version", "text", (c) => c.notNull())
        .addColumn("path", "text")
        .addColumn("match_key", "text", (c) => c.notNull())
        .addColumn("package", "text", (c) => c.notNull())
        .addColumn("fixed_version", "text")
        .addColumn("severity", "text", (c) => c.notNull())
        .addColumn("found_at", "bigint", (c) => c.notNull())
        .addPrimaryKeyConstraint("vulnerability_findings_pk", ["account_id", "region", "instance_id", "advisory_id", "seq"])
        .execute();
      await db.schema
        .createIndex("vulnerability_findings_by_advisory")
        .on("vulnerability_findings")
        .columns(["account_id", "region", "advisory_id"])
        .execute();
    },
  },
  // Nodes whose findings changed and whose compliance is to be recorded again (by the vulnerability-compliance job).
  // `mark` changes at each queueing, so a node queued again while the job records it stays queued.
  "vulnerabilities-002-compliance-queue": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("vulnerability_compliance_queue")
        .addColumn("account_id", "text", (c) => c.notNull())
        .addColumn("region", "text", (c) => c.notNull())
        .addColumn("instance_id", "text", (c) => c.notNull())
        .addColumn("mark", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("vulnerability_compliance_queue_pk", ["account_id", "region", "instance_id"])
        .execute();
    },
  },
  // When a node was last queued: the job takes nodes whose findings have settled (an import's batches keep changing
  // the same nodes), so each is recorded once after an import rather than once per batch.
  "vulnerabilities-003-queue-time": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("vulnerability_compliance_queue")
        .addColumn("queued_at", "bigint", (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  // When a node was first queued since it was last recorded: while imports keep the queue busy, a node that has
  // waited long enough is recorded anyway.
  "vulnerabilities-004-first-queued": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("vulnerability_compliance_queue")
        .addColumn("first_queued_at", "bigint", (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
};
