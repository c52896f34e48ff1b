/** @module A small fleet of real agent processes for Run Command tests, and helpers to follow a command. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  AddTagsToResourceCommand,
  CreateActivationCommand,
  DescribeInstanceInformationCommand,
  GetCommandInvocationCommand,
  type GetCommandInvocationCommandOutput,
  ListCommandsCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { type AgentProcess, exited, registerAgentProcess, startAgentProcess } from "./agents.ts";
import type { TestServer } from "./test-server.ts";
import { waitFor } from "./wait.ts";

export interface FleetNode {
  name: string;
  id: string;
  dir: string;
  agent: AgentProcess | undefined;
}

export interface Fleet {
  nodes: FleetNode[];
  node(name: string): FleetNode;
  /** A scratch folder the test's scripts may write to (count files). */
  scratch: string;
  start(name: string): AgentProcess;
  /** kill -9, and wait until the process is gone. */
  kill(name: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Registers one node per entry (tagged as given), starts its agent (with the environment `envs` gives it, if any), and
 * waits until all are Online.
 */
export async function startFleet(
  t: TestServer,
  ssm: SSMClient,
  tags: Record<string, Record<string, string>>,
  envs: Record<string, Record<string, string>> = {},
): Promise<Fleet> {
  const scratch = await mkdtemp(join(tmpdir(), "bosun-fleet-"));
  const names = Object.keys(tags);
  const activation = await ssm.send(new CreateActivationCommand({ IamRole: "SSMRole", RegistrationLimit: names.length }));
  const nodes: FleetNode[] = [];
  for (const name of names) {
    const dir = join(scratch, "agents", name);
    const id = await registerAgentProcess(t.endpoint, dir, activation);
    const nodeTags = Object.entries(tags[name] ?? {}).map(([Key, Value]) => ({ Key, Value }));
    if (nodeTags.length > 0)
      await ssm.send(new AddTagsToResourceCommand({ ResourceType: "ManagedInstance", ResourceId: id, Tags: nodeTags }));
    nodes.push({ name, id, dir, agent: startAgentProcess(dir, envs[name]) });
  }
  const fleet: Fleet = {
    nodes,
    scratch,
    node(name) {
      const found = nodes.find((n) => n.name === name);
      if (!found) throw new Error(`no node ${name}`);
      return found;
    },
    start(name) {
      const node = fleet.node(name);
      node.agent = startAgentProcess(node.dir, envs[name]);
      return node.agent;
    },
    async kill(name) {
      const node = fleet.node(name);
      if (node.agent && node.agent.exitCode === null) {
        node.agent.kill("SIGKILL");
        await exited(node.agent);
      }
      node.agent = undefined;
    },
    async stop() {
      for (const node of nodes) await fleet.kill(node.name);
      await rm(scratch, { recursive: true, force: true });
    },
  };
  await waitFor(async () => {
    const online = await ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: "PingStatus", Values: ["Online"] }] }));
    return nodes.every((n) => online.InstanceInformationList?.some((i) => i.InstanceId === n.id));
  }, 15_000);
  return fleet;
}

export async function invocation(ssm: SSMClient, commandId: string, instanceId: string): Promise<GetCommandInvocationCommandOutput> {
  return ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }));
}

/** Waits until the invocation reaches one of `statuses` (StatusDetails), and returns it. */
export async function invocationReaches(
  ssm: SSMClient,
  commandId: string,
  instanceId: string,
  statuses: string[],
  ms = 20_000,
): Promise<GetCommandInvocationCommandOutput> {
  let last: GetCommandInvocationCommandOutput | undefined;
  await waitFor(
    async () => {
      last = await invocation(ssm, commandId, instanceId);
      return statuses.includes(last.StatusDetails ?? "");
    },
    ms,
    100,
  ).catch(() => {
    throw new Error(`invocation stayed ${last?.StatusDetails}; wanted ${statuses.join("/")}`);
  });
  return last as GetCommandInvocationCommandOutput;
}

/** Waits until the command's StatusDetails is one of `details`, and returns the command. */
export async function commandReaches(ssm: SSMClient, commandId: string, details: string[], ms = 20_000) {
  let status: string | undefined;
  await waitFor(
    async () => {
      const command = (await ssm.send(new ListCommandsCommand({ CommandId: commandId }))).Commands?.[0];
      status = command?.StatusDetails;
      return details.includes(status ?? "");
    },
    ms,
    100,
  ).catch(() => {
    throw new Error(`command stayed ${status}; wanted ${details.join("/")}`);
  });
  return (await ssm.send(new ListCommandsCommand({ CommandId: commandId }))).Commands?.[0];
}

/** How many times a script appended to a count file: the proof that no command ran twice. */
export async function runCount(path: string): Promise<number> {
  try {
    return (await readFile(path, "utf8")).split("\n").filter((l) => l.length > 0).length;
  } catch {
    return 0;
  }
}
