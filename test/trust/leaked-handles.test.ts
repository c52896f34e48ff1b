/**
 * @module Nothing is left behind: after a server has served the API, the console sign-in, an agent's channel, a
 * command and a sweep, and has been closed, this process holds no more handles (sockets, timers, servers, file
 * requests) than before it started. STYLE's promise that every timer and socket is disposed, checked.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { CreateActivationCommand, GetCommandInvocationCommand, PutParameterCommand, SendCommandCommand } from "@aws-sdk/client-ssm";
import { exited, registerAgentProcess, startAgentProcess } from "../kit/agents.ts";
import { startTestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

/** The process's active resources by kind, e.g. { TCPSocketWrap: 2, Timeout: 1 }. */
function resources(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

/** What `now` holds beyond `before`. */
function beyond(before: Map<string, number>, now: Map<string, number>): string[] {
  return [...now]
    .filter(([kind, count]) => count > (before.get(kind) ?? 0))
    .map(([kind, count]) => `${kind} ×${count - (before.get(kind) ?? 0)}`);
}

describe("handles", () => {
  it("are all released when a server that did real work closes", async () => {
    const before = resources();
    const work = await mkdtemp(join(tmpdir(), "bosun-leaks-"));
    const t = await startTestServer({ sweepIntervalMs: 100 });
    const ssm = t.ssm();
    await ssm.send(new PutParameterCommand({ Name: "/leaks/p", Value: "v", Type: "SecureString" }));
    const activation = await ssm.send(new CreateActivationCommand({ IamRole: "R", RegistrationLimit: 1 }));
    const stateDir = join(work, "agent");
    const node = await registerAgentProcess(t.endpoint, stateDir, activation);
    const agent = startAgentProcess(stateDir);
    const sent = await ssm.send(
      new SendCommandCommand({ DocumentName: "AWS-RunShellScript", InstanceIds: [node], Parameters: { commands: ["echo ok"] } }),
    );
    const commandId = sent.Command?.CommandId ?? "";
    await waitFor(async () => {
      const invocation = await ssm.send(new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: node })).catch(() => undefined);
      return invocation?.Status === "Success";
    }, 30_000);
    await fetch(new URL("/console/signin", t.endpoint), { method: "POST", body: "{}" }).then((r) => r.text());
    agent.kill("SIGTERM");
    await exited(agent);
    ssm.destroy();
    await t.close();
    await rm(work, { recursive: true, force: true });
    // Closed sockets and finished timers leave on the next turns of the event loop.
    await waitFor(() => beyond(before, resources()).length === 0, 10_000).catch(() => undefined);
    assert.deepEqual(beyond(before, resources()), []);
  });
});
