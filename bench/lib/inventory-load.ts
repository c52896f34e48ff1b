/**
 * @module Loading a fleet's inventory for a benchmark: N nodes registered through the real endpoint (1,000 per
 * activation, alternately tagged env=prod and env=dev) and each node's applications put through signed PutInventory
 * by concurrent callers, as agents reporting on their own schedules would.
 */
import { ApiClient } from "../../src/cli/api-client.ts";
import { type BenchServer, startBosunServer } from "./bosun-server.ts";
import { registerNode } from "./nodes.ts";

export const log4jVersions = ["2.14.1", "2.15.0", "2.16.0", "2.17.1", "2.19.0", "2.9.1", "2.20.0"];

/** The applications of node i: log4j-core at some version, and filler packages with dpkg-style versions. */
export function applications(i: number, appsPerNode: number, generation = 0): Record<string, string>[] {
  const apps: Record<string, string>[] = [
    {
      Name: "log4j-core",
      Version: log4jVersions[i % log4jVersions.length] ?? "2.17.1",
      ApplicationType: "unpackaged/java",
      Path: `/opt/app${i % 7}/lib/log4j-core.jar`,
    },
  ];
  for (let j = 1; j < appsPerNode; j++)
    apps.push({
      Name: `lib-package-${j}`,
      Version: `${1 + ((j + generation) % 5)}.${(i + j) % 20}.${j % 7}-1`,
      ApplicationType: "libs",
      Architecture: "amd64",
      PackageId: `lib-package-${j}_${j % 5}_amd64.deb`,
    });
  return apps;
}

export async function registerFleet(
  api: ApiClient,
  endpoint: string,
  nodeCount: number,
): Promise<{ id: string; env: string; key: string }[]> {
  const nodes: { id: string; env: string; key: string }[] = [];
  for (let left = nodeCount, batch = 0; left > 0; left -= 1000, batch++) {
    const tagEnv = batch % 2 === 0 ? "prod" : "dev";
    const activation = await api.call<{ ActivationId: string; ActivationCode: string }>("AmazonSSM.CreateActivation", {
      IamRole: "Bench",
      RegistrationLimit: Math.min(1000, left),
      Tags: [{ Key: "env", Value: tagEnv }],
    });
    for (let i = 0; i < Math.min(1000, left); i += 50)
      nodes.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(50, Math.min(1000, left) - i) }, async () => ({
            ...(await registerNode(endpoint, activation)),
            env: tagEnv,
          })),
        )),
      );
  }
  return nodes;
}

/** Puts node i's applications for each index given, `concurrency` calls at a time; resolves with the seconds taken. */
export async function putApplications(
  api: ApiClient,
  nodes: readonly { id: string }[],
  indexes: readonly number[],
  content: (i: number) => Record<string, string>[],
  concurrency: number,
): Promise<number> {
  const captureTime = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let k = next++; k < indexes.length; k = next++) {
        const i = indexes[k] ?? 0;
        await api.call("AmazonSSM.PutInventory", {
          InstanceId: nodes[i]?.id,
          Items: [{ TypeName: "AWS:Application", SchemaVersion: "1.1", CaptureTime: captureTime, Content: content(i) }],
        });
      }
    }),
  );
  return (performance.now() - started) / 1000;
}

/** A server on `work` with N nodes, each with M applications put; the seconds the puts took. */
export async function loadedServer(
  work: string,
  env: Record<string, string>,
  load: { nodeCount: number; appsPerNode: number; concurrency: number },
): Promise<{ server: BenchServer; api: ApiClient; nodes: { id: string; env: string }[]; ingestSeconds: number }> {
  const server = await startBosunServer(work, { BOSUN_MAX_NODES_PER_REGION: String(load.nodeCount + 10), ...env });
  const api = new ApiClient({ endpoint: server.endpoint, region: "us-east-1", credentials: server.keys });
  const nodes = await registerFleet(api, server.endpoint, load.nodeCount);
  const all = nodes.map((_, i) => i);
  const ingestSeconds = await putApplications(api, nodes, all, (i) => applications(i, load.appsPerNode), load.concurrency);
  return { server, api, nodes, ingestSeconds };
}
