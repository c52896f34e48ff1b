/**
 * @module The bucket layout SSM's resource data sync writes, which Athena, Glue and Trino read unchanged:
 * `<prefix>/<TypeName>/accountid=<account>/region=<region>/resourcetype=ManagedInstanceInventory/<node>.json`, one JSON
 * object per entry per line, each with `resourceId`, `captureTime` and `schemaVersion`.
 */
export type Entry = Record<string, string>;

export function objectKey(prefix: string | undefined, typeName: string, accountId: string, region: string, instanceId: string): string {
  const path = `${typeName}/accountid=${accountId}/region=${region}/resourcetype=ManagedInstanceInventory/${instanceId}.json`;
  return prefix ? `${prefix.replace(/\/+$/, "")}/${path}` : path;
}

export function objectBody(instanceId: string, captureTime: string, schemaVersion: string, entries: readonly Entry[]): Buffer {
  const lines = entries.map((entry) => JSON.stringify({ ...entry, resourceId: instanceId, captureTime, schemaVersion }));
  return Buffer.from(lines.length > 0 ? `${lines.join("\n")}\n` : "");
}

/**
 * The marker SSM writes for each account a sync writes, beside the partitions Athena reads (`<prefix>/
 * AWS:InstanceInformation/accountid=<account>/test.json`): tools that check a sync's reach look for it. Its content
 * is not documented; Bosun writes an empty JSON object. The lake reads `region=*` folders only, so it is not a row.
 */
export function markerKey(prefix: string | undefined, accountId: string): string {
  const path = `AWS:InstanceInformation/accountid=${accountId}/test.json`;
  return prefix ? `${prefix.replace(/\/+$/, "")}/${path}` : path;
}

export const markerBody = (): Buffer => Buffer.from("{}\n");
