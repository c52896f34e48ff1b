/**
 * @module The README runs as written. Every command of every shell block of README.md and examples/README.md runs, in
 * order, as a user would type it after the two set-up commands: the block after "The two commands" against `bosun
 * server` (what `npm start` runs) in a fresh folder, every other block against `bosun demo`, with the real AWS CLI v2
 * and the `bosun` CLI. Placeholders (`mi-...`, `<id>`, `123456789012`, `r-...`, …) are filled from earlier output, as a
 * user would fill them; a placeholder with no earlier output to fill it from is a failure. The few commands that cannot
 * run here are listed with the reason, and an entry that matches nothing fails too, so the list cannot go stale.
 * EC2, which `bosun fleet ec2` reads, cannot exist on this machine: it is the EC2 TEST DOUBLE (test/kit).
 */
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ListResourceDataSyncCommand, SSMClient } from "@aws-sdk/client-ssm";
import { startProcess, stopAll } from "../../bench/lib/processes.ts";
import { parseCredentialsFile } from "../../src/cli/credentials.ts";
import { exited } from "../kit/agents.ts";
import { awsCliMissing, awsPath } from "../kit/aws-cli.ts";
import { bosunBin } from "../kit/bosun-bin.ts";
import { baseCredentials, Ec2TestDouble } from "../kit/ec2-test-double.ts";
import { type ShellCommand, shellCommands } from "../kit/shell-blocks.ts";
import { patience, waitFor } from "../kit/wait.ts";

const repo = new URL("../..", import.meta.url).pathname;
const bosun = bosunBin;
const missing = awsCliMissing();

/** Commands that cannot run inside a test, and why. Each must match at least one command. */
const notRunHere: { pattern: RegExp; reason: string }[] = [
  { pattern: /^npm install && npm start/, reason: "the test runs in an installed checkout; it starts `bosun server` itself" },
  { pattern: /^npm test\b/, reason: "this test is part of it" },
  { pattern: /^npm start\b/, reason: "the demo's server is the running server" },
  {
    pattern: /^sudo bosun agent (register|install|run)\b/,
    reason: "changes the machine (/var/lib/bosun, systemd); the demo registers and runs its agents with these commands",
  },
];

/** What a user types at a prompt. */
const typed: { pattern: RegExp; input: string }[] = [{ pattern: /bosun user set-password/, input: "a-console-password-for-ops\n" }];

/** Values read from earlier output, to fill the placeholders. */
type Known = Partial<
  Record<
    "endpoint" | "node" | "commandId" | "associationId" | "windowId" | "bosunAccount" | "member" | "root" | "ou" | "organization",
    string
  >
>;

const placeholders: { pattern: RegExp; value: (k: Known) => string | undefined; text?: (v: string) => string }[] = [
  { pattern: /http:\/\/127\.0\.0\.1:4601/g, value: (k) => k.endpoint },
  { pattern: /--command-id <id>/g, value: (k) => k.commandId, text: (v) => `--command-id ${v}` },
  { pattern: /--association-id <id>/g, value: (k) => k.associationId, text: (v) => `--association-id ${v}` },
  { pattern: /mi-\.\.\./g, value: (k) => k.node },
  { pattern: /mw-\.\.\./g, value: (k) => k.windowId },
  { pattern: /123456789012/g, value: (k) => k.bosunAccount },
  { pattern: /1234\.\.\./g, value: (k) => k.member },
  { pattern: /2222…/g, value: (k) => k.member },
  { pattern: /r-\.\.\./g, value: (k) => k.root },
  { pattern: /ou-\.\.\./g, value: (k) => k.ou },
  { pattern: /o-abc123defg/g, value: (k) => k.organization },
];

/** Learns the values later placeholders need from a command's JSON output. */
function remember(known: Known, stdout: string): void {
  let out: Record<string, Record<string, string> & { Id?: string }[]>;
  try {
    out = JSON.parse(stdout);
  } catch {
    return;
  }
  const o = out as unknown as Record<string, Record<string, string>>;
  known.commandId = o.Command?.CommandId ?? known.commandId;
  known.associationId = o.AssociationDescription?.AssociationId ?? known.associationId;
  known.windowId = (out as unknown as { WindowId?: string }).WindowId ?? known.windowId;
  known.bosunAccount = o.Account?.AccountId ?? known.bosunAccount;
  known.member = o.CreateAccountStatus?.AccountId ?? known.member;
  known.ou = o.OrganizationalUnit?.Id ?? known.ou;
  known.organization = o.Organization?.Id ?? known.organization;
  known.root = (out.Roots as unknown as { Id: string }[] | undefined)?.[0]?.Id ?? known.root;
}

function fill(text: string, known: Known): string {
  let filled = text;
  for (const p of placeholders) {
    if (!p.pattern.test(filled)) continue;
    const value = p.value(known);
    if (!value) throw new Error(`no earlier output gives the value of ${p.pattern.source}`);
    filled = filled.replace(p.pattern, p.text ? p.text(value) : value);
  }
  // In the checkout `npx bosun` runs the project's bin; here the test's folder stands for the checkout.
  return filled.replaceAll("npx bosun ", `node ${bosun} `);
}

interface Ran {
  command: ShellCommand;
  status: number;
  stdout: string;
  stderr: string;
}

let work = "";
let home = "";
let binDir = "";
const ec2 = new Ec2TestDouble();
const ran: Ran[] = [];
const failures: string[] = [];
const used = new Set<RegExp>();

/** The user's shell: what they exported, their home, and the real AWS CLI v2 first on PATH. */
const shellEnv: Record<string, string> = {};

function runLine(command: ShellCommand, known: Known): Promise<Ran> {
  const text = fill(command.text, known);
  const input = typed.find((t) => t.pattern.test(text))?.input ?? "";
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-c", text], { cwd: work, env: shellEnv, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => {
      stdout += String(c);
    });
    child.stderr.on("data", (c) => {
      stderr += String(c);
    });
    child.stdin.end(input);
    child.once("error", reject);
    child.once("close", (status) => resolve({ command, status: status ?? -1, stdout, stderr }));
  });
}

/** Runs a block's commands as a user would: exports change the shell, the rest run and must succeed. */
async function follow(commands: ShellCommand[], known: Known, waits: { before: RegExp; until: () => Promise<boolean> }[] = []) {
  for (const command of commands) {
    const skip = notRunHere.find((s) => s.pattern.test(command.text));
    if (skip) {
      used.add(skip.pattern);
      continue;
    }
    const exported = /^export\s+(.*)$/.exec(command.text);
    if (exported) {
      for (const assignment of (exported[1] ?? "").split(/\s+/)) {
        const [name = "", ...value] = assignment.split("=");
        shellEnv[name] = value.join("=");
      }
      continue;
    }
    for (const wait of waits) if (wait.before.test(command.text)) await waitFor(wait.until, 120_000, 500);
    let result: Ran;
    try {
      result = await runLine(command, known);
    } catch (error) {
      failures.push(`[${command.section}] ${command.text}\n  ${(error as Error).message}`);
      continue;
    }
    ran.push(result);
    if (process.env.BOSUN_README_TRACE)
      process.stderr.write(`$ ${command.text}\n${result.stdout.slice(0, 400)}${result.stderr.slice(0, 400)}\n`);
    if (result.status !== 0)
      failures.push(
        `[${command.section}] ${command.text}\n  exit ${result.status}: ${(result.stderr || result.stdout).trim().slice(0, 600)}`,
      );
    else remember(known, result.stdout);
  }
}

/** Starts `node bin/bosun <args>` in the test's folder; resolves when its output matches `ready`. */
const startBosun = (args: string[], env: NodeJS.ProcessEnv, ready: RegExp) =>
  startProcess(process.execPath, [bosun, ...args], env, ready, 120_000 * patience, work);

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await exited(child);
}

describe("the README, run as written", { skip: missing }, () => {
  const readme = shellCommands(readFileSync(join(repo, "README.md"), "utf8"));
  const examples = shellCommands(readFileSync(join(repo, "examples", "README.md"), "utf8"));

  before(async () => {
    work = await mkdtemp(join(tmpdir(), "bosun-readme-"));
    home = join(work, "home");
    binDir = join(work, "bin");
    // A user of the AWS CLI has a ~/.aws folder; the README appends a profile to ~/.aws/credentials.
    await mkdir(join(home, ".aws"), { recursive: true });
    await mkdir(binDir);
    await symlink(awsPath, join(binDir, "aws"));
    // Installed beside `bosun` (npm's bin links): the AWS CLI finds it for `aws ssm start-session`.
    await symlink(join(repo, "bin", "session-manager-plugin"), join(binDir, "session-manager-plugin"));
    await symlink(join(repo, "examples"), join(work, "examples"));
    Object.assign(shellEnv, { PATH: `${binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`, HOME: home, AWS_PAGER: "", LANG: "C.UTF-8" });
    await ec2.start();
  });
  after(async () => {
    await stopAll();
    await ec2.close();
    await rm(work, { recursive: true, force: true });
  });

  it("finds the README's commands", () => {
    assert.ok(readme.length > 40, `${readme.length} commands`);
    assert.ok(examples.length >= 5);
  });

  it("runs the block after the two commands against `bosun server` (npm start)", async () => {
    const server = await startBosun(["server", "--port", "0"], { PATH: process.env.PATH ?? "", HOME: home }, /Bosun is listening on (\S+)/);
    const endpoint = /Bosun is listening on (\S+)/.exec(server.output())?.[1];
    const first = readme.filter((c) => c.section === "The two commands");
    await follow(first, { endpoint });
    await stop(server.child);
    assert.deepEqual(failures, []);
    const got = ran.find((r) => r.command.text.includes("get-parameter --name /app/db/password --with-decryption"));
    assert.equal((JSON.parse(got?.stdout ?? "{}") as { Parameter?: { Value?: string } }).Parameter?.Value, "s3cret");
  });

  it("runs every other block, and examples/README.md, against the demo fleet", async () => {
    const demo = await startBosun(
      ["demo", "--port", "0", "--dir", join(work, ".bosun-demo")],
      {
        ...process.env,
        // The README's query blocks read the sync's lake: rounds every second instead of every 15 s.
        BOSUN_SWEEP_INTERVAL_MS: "1000",
        BOSUN_EC2_ENDPOINT: ec2.endpoint,
        BOSUN_STS_ENDPOINT: ec2.endpoint,
        AWS_ACCESS_KEY_ID: baseCredentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: baseCredentials.secretAccessKey,
      },
      // The demo prints its last lines one by one: wait for the export line itself (its end), not just the first.
      /The fleet is ready[\s\S]*export AWS_SHARED_CREDENTIALS_FILE=[^\n]*\n/,
    );
    const output = demo.output();
    // The user pastes the demo's export line, as it says.
    const exportLine = /^\s*(export .*)$/m.exec(output)?.[1] ?? "";
    assert.ok(exportLine, output);
    const known: Known = {
      endpoint: /server\s+(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1],
      node: /agent\s+web-1\s+(mi-[0-9a-f]{17})/.exec(output)?.[1],
    };
    ec2.baseAccount = /account id\s+(\d{12})/.exec(output)?.[1] ?? "";
    const credentials = parseCredentialsFile(await readFile(join(work, ".bosun-demo", "credentials"), "utf8"), "default");
    assert.ok(credentials);
    const ssm = new SSMClient({ endpoint: known.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
    const syncDone = async () =>
      (await ssm.send(new ListResourceDataSyncCommand({}))).ResourceDataSyncItems?.some(
        (s) => s.SyncName === "org" && s.LastStatus === "Successful",
      ) ?? false;
    const rest = readme.filter((c) => c.section !== "The two commands");
    const waits = [
      // A user waits for the sync's first round before querying its lake.
      { before: /bosun query /, until: syncDone },
      {
        // EC2 in the member account the README's organization made: the role to assume, and two instances.
        before: /bosun fleet ec2/,
        until: async () => {
          ec2.roles.set(`arn:aws:iam::${known.member}:role/BosunDiscovery`, known.member ?? "");
          ec2.setInstances(known.member ?? "", "us-east-1", [
            { InstanceId: "i-0aa0000000000001", State: "running", PrivateIpAddress: "10.1.0.1", Name: "api-1" },
            { InstanceId: "i-0aa0000000000002", State: "stopped", PrivateIpAddress: "10.1.0.2", Name: "api-2" },
          ]);
          return true;
        },
      },
    ];
    try {
      await follow([{ section: "bosun demo", text: exportLine }, ...rest, ...examples], known, waits);
    } finally {
      ssm.destroy();
      await stop(demo.child);
    }
    assert.deepEqual(failures, [], `${failures.length} README commands did not run as written:\n\n${failures.join("\n\n")}`);
    assert.deepEqual(
      notRunHere.filter((s) => !used.has(s.pattern)).map((s) => s.pattern.source),
      [],
      "every command that is not run is still in the README",
    );
  });

  it("did what the README says the commands do", async () => {
    const profile = await readFile(join(home, ".aws", "credentials"), "utf8");
    assert.match(profile, /^\[payments\]\naws_access_key_id = AKIA/m, "access-key create appended a profile");
    const unmanaged = ran.find((r) => /fleet unmanaged --all-accounts/.test(r.command.text));
    assert.match(unmanaged?.stdout ?? "", /api-1/, "the EC2 source's running machine without an agent is unmanaged");
    assert.match(unmanaged?.stdout ?? "", /billing-legacy/, "and so is the CMDB's");
    const query = ran.find((r) => /--prefix inventory --output csv/.test(r.command.text));
    assert.match(query?.stdout ?? "", /^PlatformName,count_star\(\)$/m);
    assert.match(query?.stdout ?? "", /Debian|Ubuntu|Linux/);
  });
});
