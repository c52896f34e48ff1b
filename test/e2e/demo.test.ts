/** @module `bosun demo`: a server and real agents come up, the fleet is visible to an SDK, and Ctrl-C stops every process. */
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { promisify } from "node:util";
import { DescribeInstanceInformationCommand, SSMClient } from "@aws-sdk/client-ssm";
import { parseCredentialsFile } from "../../src/cli/credentials.ts";
import { exited } from "../kit/agents.ts";
import { bosunBin } from "../kit/bosun-bin.ts";
import { waitFor } from "../kit/wait.ts";

const bosun = bosunBin;
const run = promisify(execFile);
let work = "";
after(() => rm(work, { recursive: true, force: true }));

/** Processes whose command line mentions the demo's folder. */
async function processesUsing(dir: string): Promise<string[]> {
  const { stdout } = await run("ps", ["-eo", "pid,args"]);
  return stdout.split("\n").filter((line) => line.includes(dir) && !line.includes("ps -eo"));
}

/** `bosun demo` with its output kept, and the promise of the moment the fleet is ready (or the demo gave up). */
function startDemo(args: string[]) {
  const child = spawn(process.execPath, [bosun, "demo", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (c: unknown) => {
    output += String(c);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const ready = waitFor(() => output.includes("The fleet is ready") || child.exitCode !== null, 90_000, 200);
  return { child, output: () => output, ready };
}

describe("bosun demo", () => {
  it("brings up a server and three Online agents, then stops them all on SIGINT", async () => {
    work = await mkdtemp(join(tmpdir(), "bosun-demo-"));
    const dir = join(work, "fleet");
    const { child: demo, output: demoOutput, ready } = startDemo(["--agents", "3", "--port", "0", "--dir", dir]);
    await ready;
    let output = demoOutput();
    assert.match(output, /The fleet is ready: 3 managed nodes Online/);
    const endpoint = /server\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? "";
    const credentials = parseCredentialsFile(await readFile(join(dir, "credentials"), "utf8"), "default");
    assert.ok(credentials);
    const ssm = new SSMClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
    const nodes = await ssm.send(new DescribeInstanceInformationCommand({}));
    const prod = await ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: "tag:env", Values: ["prod"] }] }));
    ssm.destroy();
    assert.equal(nodes.InstanceInformationList?.length, 3);
    assert.ok(nodes.InstanceInformationList?.every((n) => n.PingStatus === "Online"));
    // Nodes that look like a fleet: distinct names, and the README's `tag:env=prod` matches some of them.
    assert.deepEqual(nodes.InstanceInformationList?.map((n) => n.ComputerName).sort(), [
      "db-1.demo.internal",
      "web-1.demo.internal",
      "web-2.demo.internal",
    ]);
    assert.equal(prod.InstanceInformationList?.length, 2);
    // What a user needs next: the account, and the console with a user and password that sign in.
    const accountId = /account id\s+(\d{12})/.exec(output)?.[1] ?? "";
    const consoleLine = /console\s+(\S+)\s+\(account (\d{12}), user (\S+), password (\S+)\)/.exec(output);
    assert.ok(accountId && consoleLine, output);
    const signIn = await fetch(new URL("/console/signin", endpoint), {
      method: "POST",
      body: JSON.stringify({ AccountId: consoleLine?.[2], UserName: consoleLine?.[3], Password: consoleLine?.[4] }),
    });
    assert.equal(signIn.status, 200);
    assert.ok((await processesUsing(dir)).length >= 4, "a server and three agents run");
    demo.kill("SIGINT");
    assert.equal(await exited(demo), 0);
    output = demoOutput();
    assert.match(output, /demo stopped/);
    await waitFor(async () => (await processesUsing(dir)).length === 0, 10_000, 200);
  });

  it("says when port 4601 is taken and takes a free one, and names an explicit port that is taken", async () => {
    // 4601 held by this test (as `npm start` would hold it), unless something holds it already.
    const holder = createServer();
    await new Promise<void>((resolve) => {
      holder.once("error", () => resolve());
      holder.listen(4601, "127.0.0.1", () => resolve());
    });
    try {
      const dir = join(work, "busy");
      const explicit = await run(process.execPath, [bosun, "demo", "--agents", "1", "--port", "4601", "--dir", dir]).then(
        () => "",
        (error: { stderr?: string }) => error.stderr ?? "",
      );
      assert.match(explicit, /port 4601 is in use .*--port/);
      const { child: demo, output: demoOutput, ready } = startDemo(["--agents", "1", "--dir", dir]);
      await ready;
      const output = demoOutput();
      assert.match(output, /port 4601 is in use \(is `npm start` running\?\)/);
      assert.doesNotMatch(/server\s+(\S+)/.exec(output)?.[1] ?? "", /:4601$/);
      demo.kill("SIGINT");
      assert.equal(await exited(demo), 0);
    } finally {
      holder.close();
    }
  });
});
