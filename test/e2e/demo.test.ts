/** @module `bosun demo`: a server and real agents come up, the fleet is visible to an SDK, and Ctrl-C stops every process. */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import { DescribeInstanceInformationCommand, SSMClient } from "@aws-sdk/client-ssm";
import { parseCredentialsFile } from "../../src/cli/credentials.ts";
import { exited } from "../kit/agents.ts";
import { waitFor } from "../kit/wait.ts";

const bosun = new URL("../../bin/bosun", import.meta.url).pathname;
const run = promisify(execFile);
let work = "";
after(() => rm(work, { recursive: true, force: true }));

/** Processes whose command line mentions the demo's folder. */
async function processesUsing(dir: string): Promise<string[]> {
  const { stdout } = await run("ps", ["-eo", "pid,args"]);
  return stdout.split("\n").filter((line) => line.includes(dir) && !line.includes("ps -eo"));
}

describe("bosun demo", () => {
  it("brings up a server and three Online agents, then stops them all on SIGINT", async () => {
    work = await mkdtemp(join(tmpdir(), "bosun-demo-"));
    const dir = join(work, "fleet");
    const demo = spawn(process.execPath, [bosun, "demo", "--agents", "3", "--port", "0", "--dir", dir], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    demo.stdout.on("data", (c) => {
      output += String(c);
    });
    demo.stderr.on("data", (c) => {
      output += String(c);
    });
    await waitFor(() => output.includes("The fleet is ready") || demo.exitCode !== null, 90_000, 200);
    assert.match(output, /The fleet is ready: 3 managed nodes Online/);
    const endpoint = /server\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? "";
    const credentials = parseCredentialsFile(await readFile(join(dir, "credentials"), "utf8"), "default");
    assert.ok(credentials);
    const ssm = new SSMClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
    const nodes = await ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: "tag:env", Values: ["demo"] }] }));
    ssm.destroy();
    assert.equal(nodes.InstanceInformationList?.length, 3);
    assert.ok(nodes.InstanceInformationList?.every((n) => n.PingStatus === "Online"));
    assert.ok((await processesUsing(dir)).length >= 4, "a server and three agents run");
    demo.kill("SIGINT");
    assert.equal(await exited(demo), 0);
    assert.match(output, /demo stopped/);
    await waitFor(async () => (await processesUsing(dir)).length === 0, 10_000, 200);
  });
});
