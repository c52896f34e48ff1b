/**
 * @module `bosun demo`: a fleet in one minute. Starts a real server and N real agent processes on this machine, each with
 * its own state folder, registers them through an activation, and prints how to point the AWS CLI at them.
 * It composes the other commands as processes, so it uses no server or agent internals.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { ApiClient } from "../cli/api-client.ts";

const run = promisify(execFile);
const bosun = new URL("../../bin/bosun", import.meta.url).pathname;

export interface DemoOptions {
  agents: number;
  /** The server's port; without it 4601, or a free port when 4601 is taken (say, by `npm start`). */
  port?: number;
  dir: string;
  region: string;
}

function startChild(args: string[], env: NodeJS.ProcessEnv, logFile?: string): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, [bosun, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: unknown) => {
    output = (output + String(chunk)).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  if (logFile) child.on("exit", () => void writeFile(logFile, output).catch(() => {}));
  return Object.assign(child, { output: () => output });
}

/** Whether something already listens on 127.0.0.1:port. */
function portTaken(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(true));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(false)));
  });
}

/** The port the demo's server takes, said out loud when it is not the one asked for. */
async function choosePort(asked: number | undefined, print: (line: string) => void): Promise<number> {
  const wanted = asked ?? 4601;
  if (!(await portTaken(wanted))) return wanted;
  if (asked !== undefined) throw new Error(`port ${asked} is in use (is \`npm start\` running?): choose another with --port`);
  print("port 4601 is in use (is `npm start` running?): the demo's server takes a free port instead");
  return 0;
}

async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  ms: number,
  child?: ChildProcess & { output: () => string },
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    // A process that stopped will not come: say why, from its own last words.
    if (child && (child.exitCode !== null || child.signalCode !== null))
      throw new Error(`${what} stopped before it was ready:\n${child.output().trim().split("\n").slice(-5).join("\n")}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The demo's nodes look like a small fleet: web, db and batch machines in prod and dev, each named. */
export function demoNode(i: number): { name: string; hostname: string; env: "prod" | "dev"; role: string } {
  const roles = ["web", "web", "db", "db", "batch"];
  const roleOf = (n: number) => roles[(n - 1) % roles.length] ?? "web";
  const role = roleOf(i);
  // The node's number among those of its role: web-1, web-2, db-1, db-2, batch-1, web-3, …
  let count = 0;
  for (let n = 1; n <= i; n++) if (roleOf(n) === role) count++;
  const name = `${role}-${count}`;
  return { name, hostname: `${name}.demo.internal`, env: i % 2 === 1 ? "prod" : "dev", role };
}

/** Runs the demo until SIGINT/SIGTERM; every process it started is stopped before it returns. */
export async function runDemo(options: DemoOptions, print: (line: string) => void): Promise<void> {
  const dir = resolve(options.dir);
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, "agents"), { recursive: true, mode: 0o700 });
  const keys = {
    accessKeyId: `AKIADEMO${randomBytes(6).toString("hex").toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString("base64"),
  };
  const children: ChildProcess[] = [];
  const stopAll = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      ),
    );
  };
  try {
    const env = {
      ...process.env,
      BOSUN_ROOT_ACCESS_KEY_ID: keys.accessKeyId,
      BOSUN_ROOT_SECRET_ACCESS_KEY: keys.secretAccessKey,
      BOSUN_HEARTBEAT_INTERVAL_MS: "5000",
    };
    const port = await choosePort(options.port, print);
    const server = startChild(["server", "--port", String(port), "--data-dir", join(dir, "server")], env, join(dir, "server.log"));
    children.push(server);
    const endpoint = await until("the server", async () => /Bosun is listening on (\S+)/.exec(server.output())?.[1], 120_000, server);
    print(`server   ${endpoint}`);
    const api = new ApiClient({ endpoint, region: options.region, credentials: keys });
    const activation = await api.call<{ ActivationId: string; ActivationCode: string }>("AmazonSSM.CreateActivation", {
      IamRole: "BosunDemoRole",
      RegistrationLimit: options.agents,
      DefaultInstanceName: "demo-node",
      Tags: [{ Key: "demo", Value: "yes" }],
    });
    for (let i = 1; i <= options.agents; i++) {
      const node = demoNode(i);
      const stateDir = join(dir, "agents", node.name);
      const agentEnv = { ...process.env, BOSUN_AGENT_COMPUTER_NAME: node.hostname };
      const registered = await run(
        process.execPath,
        [
          bosun,
          "agent",
          "register",
          "--server",
          endpoint,
          "--id",
          activation.ActivationId,
          "--code",
          activation.ActivationCode,
          "--region",
          options.region,
          "--state-dir",
          stateDir,
        ],
        { env: agentEnv },
      );
      const instanceId = /Registered as (mi-[0-9a-f]{17})/.exec(registered.stdout)?.[1] ?? "";
      await api.call("AmazonSSM.AddTagsToResource", {
        ResourceType: "ManagedInstance",
        ResourceId: instanceId,
        Tags: [
          { Key: "Name", Value: node.name },
          { Key: "env", Value: node.env },
          { Key: "role", Value: node.role },
        ],
      });
      children.push(startChild(["agent", "run", "--state-dir", stateDir], { ...agentEnv, BOSUN_LOG_LEVEL: "warn" }));
      print(`agent    ${node.name.padEnd(8)} ${instanceId}  env=${node.env} role=${node.role}  (state in ${stateDir})`);
    }
    await until(
      "every agent to come Online",
      async () => {
        const out = await api.call<{ InstanceInformationList: unknown[] }>("AmazonSSM.DescribeInstanceInformation", {
          Filters: [{ Key: "PingStatus", Values: ["Online"] }],
        });
        return out.InstanceInformationList.length >= options.agents ? true : undefined;
      },
      180_000,
    );
    // A console user: the operator account's admin, with a password made for this demo.
    const accountId = /account id:\s+(\d{12})/.exec(server.output())?.[1] ?? "";
    const password = `demo-${randomBytes(9).toString("base64url")}`;
    await api.call("Bosun.PutLoginProfile", { UserName: "admin", Password: password });
    const credentials = join(dir, "credentials");
    await writeFile(credentials, `[default]\naws_access_key_id = ${keys.accessKeyId}\naws_secret_access_key = ${keys.secretAccessKey}\n`, {
      mode: 0o600,
    });
    print("");
    print(`The fleet is ready: ${options.agents} managed nodes Online.`);
    print(`  account id  ${accountId}`);
    print(`  console     ${endpoint}/  (account ${accountId}, user admin, password ${password})`);
    print("In another terminal:");
    print(
      `  export AWS_SHARED_CREDENTIALS_FILE=${credentials} AWS_REGION=${options.region} BOSUN_ENDPOINT=${endpoint} BOSUN_DATA_DIR=${join(dir, "server")}`,
    );
    print(`  aws --endpoint-url ${endpoint} ssm describe-instance-information --output table`);
    print(`  aws --endpoint-url ${endpoint} ssm describe-instance-information --filters Key=tag:env,Values=prod`);
    print(`  aws --endpoint-url ${endpoint} ssm list-documents --filters Key=Owner,Values=Amazon`);
    print(
      `  aws --endpoint-url ${endpoint} ssm send-command --document-name AWS-RunShellScript --targets Key=tag:env,Values=prod --parameters 'commands=["uptime"]'`,
    );
    print(`  aws --endpoint-url ${endpoint} ssm list-command-invocations --details --output table`);
    print(`  aws --endpoint-url ${endpoint} ssm put-parameter --name /demo/greeting --value hello --type SecureString`);
    print("Press Ctrl-C to stop the server and every agent.");
    await new Promise<void>((resolveStop) => {
      process.once("SIGINT", () => resolveStop());
      process.once("SIGTERM", () => resolveStop());
      server.once("exit", () => resolveStop());
    });
  } finally {
    await stopAll();
    print("demo stopped");
  }
}
