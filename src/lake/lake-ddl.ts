/**
 * @module The Athena/Glue DDL for a resource data sync bucket: one external table per type over its folder, with the
 * OpenX JSON SerDe and the key layout's partitions, so Athena or Trino read the bucket Bosun writes unchanged.
 */
import { columnsOf, partitionColumns, tableName } from "./lake-tables.ts";

export interface DdlOptions {
  bucket: string;
  prefix?: string | undefined;
  /** The Glue database the tables go in. */
  database: string;
  types: readonly string[];
}

const quote = (name: string) => `\`${name.toLowerCase()}\``;

export function athenaDdl(options: DdlOptions): string {
  const base = `s3://${options.bucket}/${options.prefix ? `${options.prefix.replace(/^\/+|\/+$/g, "")}/` : ""}`;
  const statements = [`CREATE DATABASE IF NOT EXISTS ${quote(options.database)};`];
  for (const typeName of options.types) {
    // A custom type's attributes are not known ahead; its lines are still read with the per-line fields.
    const columns = columnsOf(typeName) ?? ["resourceId", "captureTime", "schemaVersion"];
    const table = `${quote(options.database)}.${quote(tableName(typeName))}`;
    statements.push(
      [
        `CREATE EXTERNAL TABLE IF NOT EXISTS ${table} (`,
        columns.map((c) => `  ${quote(c)} string`).join(",\n"),
        ")",
        `PARTITIONED BY (${partitionColumns.map((p) => `${quote(p)} string`).join(", ")})`,
        "ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'",
        "WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true', 'case.insensitive' = 'true')",
        "STORED AS INPUTFORMAT 'org.apache.hadoop.mapred.TextInputFormat'",
        "OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'",
        `LOCATION '${base}${typeName}/';`,
      ].join("\n"),
      `MSCK REPAIR TABLE ${table};`,
    );
  }
  return `${statements.join("\n\n")}\n`;
}
