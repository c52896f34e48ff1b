/**
 * @module A scratch apt world for patching tests: packages built with dpkg-deb, an archive with a plain suite and a
 * security suite (Packages by dpkg-scanpackages, Release files written here), and an apt and dpkg configuration rooted
 * in a scratch folder (APT_CONFIG) — so apt-get installs into that folder and never touches the machine's packages.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  AddTagsToResourceCommand,
  CreateActivationCommand,
  CreatePatchBaselineCommand,
  type CreatePatchBaselineCommandInput,
  type PatchComplianceLevel,
  RegisterPatchBaselineForPatchGroupCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { type AgentProcess, registerAgentProcess, startAgentProcess } from "./agents.ts";
import type { TestServer } from "./test-server.ts";

const run = promisify(execFile);

export interface TestPackage {
  name: string;
  version: string;
  priority?: string;
  section?: string;
}

export interface AptWorld {
  /** The scratch root: dpkg's database and the installed files live under it. */
  root: string;
  /** The environment an agent needs to patch the scratch root (APT_CONFIG). */
  env: Record<string, string>;
  /** Installs packages into the scratch root directly with dpkg (the node's starting state). */
  install(packages: TestPackage[]): Promise<void>;
  /** The versions dpkg has installed in the scratch root. */
  installed(): Promise<Record<string, string>>;
}

/** Whether the tools a scratch apt world needs are here (dpkg-deb, dpkg-scanpackages, apt-get). */
export async function aptMissing(): Promise<string | undefined> {
  for (const tool of ["dpkg-deb", "dpkg-scanpackages", "apt-get", "dpkg"])
    if (!(await run("sh", ["-c", `command -v ${tool}`]).catch(() => undefined))) return `${tool} is not installed`;
  if (process.getuid?.() !== 0) return "dpkg --root needs root";
  return undefined;
}

async function buildDeb(folder: string, pkg: TestPackage): Promise<string> {
  const tree = join(folder, "build", `${pkg.name}_${pkg.version}`);
  await mkdir(join(tree, "DEBIAN"), { recursive: true });
  await mkdir(join(tree, "usr/share/bosun-test"), { recursive: true });
  await writeFile(join(tree, "usr/share/bosun-test", `${pkg.name}.txt`), `${pkg.name} ${pkg.version}\n`);
  await writeFile(
    join(tree, "DEBIAN/control"),
    [
      `Package: ${pkg.name}`,
      `Version: ${pkg.version}`,
      "Architecture: all",
      "Maintainer: Bosun tests <tests@bosun.invalid>",
      `Priority: ${pkg.priority ?? "optional"}`,
      `Section: ${pkg.section ?? "misc"}`,
      `Description: ${pkg.name}, a package of the patching tests`,
      "",
    ].join("\n"),
  );
  const deb = join(folder, "debs", `${pkg.name}_${pkg.version}_all.deb`);
  await mkdir(join(folder, "debs"), { recursive: true });
  await run("dpkg-deb", ["--root-owner-group", "-Zgzip", "--build", tree, deb]);
  return deb;
}

/** One suite of the archive: its packages in the pool, its Packages index, and a Release file that lists it. */
async function writeSuite(archive: string, suite: string, debs: string[]): Promise<void> {
  const pool = join(archive, "pool", suite);
  await mkdir(pool, { recursive: true });
  for (const deb of debs) await run("cp", [deb, pool]);
  const binary = join(archive, "dists", suite, "main", "binary-all");
  await mkdir(binary, { recursive: true });
  const { stdout } = await run("dpkg-scanpackages", ["--multiversion", `pool/${suite}`, "/dev/null"], { cwd: archive });
  await writeFile(join(binary, "Packages"), stdout);
  const index = Buffer.from(stdout);
  await writeFile(
    join(archive, "dists", suite, "Release"),
    [
      "Origin: Bosun tests",
      "Label: Bosun tests",
      `Suite: ${suite}`,
      `Codename: ${suite}`,
      "Architectures: all amd64",
      "Components: main",
      "Date: Tue, 01 Dec 2026 00:00:00 UTC",
      "SHA256:",
      ` ${createHash("sha256").update(index).digest("hex")} ${index.length} main/binary-all/Packages`,
      "",
    ].join("\n"),
  );
}

/**
 * Makes the world: `suites` maps a suite name (`bookworm`, `bookworm-security`) to the packages it carries. Nothing is
 * installed until `install` is called.
 */
export async function makeAptWorld(folder: string, suites: Record<string, TestPackage[]>): Promise<AptWorld> {
  const root = join(folder, "root");
  const archive = join(folder, "archive");
  for (const [suite, packages] of Object.entries(suites)) {
    const debs = [];
    for (const pkg of packages) debs.push(await buildDeb(folder, pkg));
    await writeSuite(archive, suite, debs);
  }
  for (const dir of [
    "etc/apt/sources.list.d",
    "etc/apt/apt.conf.d",
    "etc/apt/preferences.d",
    "var/lib/apt/lists/partial",
    "var/cache/apt/archives/partial",
    "var/lib/dpkg/info",
    "var/lib/dpkg/updates",
    "var/log/apt",
    "var/run",
  ])
    await mkdir(join(root, dir), { recursive: true });
  await writeFile(join(root, "var/lib/dpkg/status"), "");
  await writeFile(
    join(root, "etc/apt/sources.list"),
    Object.keys(suites)
      .map((suite) => `deb [trusted=yes arch=amd64] file:${archive} ${suite} main\n`)
      .join(""),
  );
  const config = join(folder, "apt.conf");
  await writeFile(
    config,
    [
      `Dir "${root}/";`,
      `Dir::State::status "${root}/var/lib/dpkg/status";`,
      `Dir::Bin::dpkg "/usr/bin/dpkg";`,
      `DPkg::Options { "--root=${root}"; "--admindir=${root}/var/lib/dpkg"; "--force-not-root"; "--force-bad-path"; };`,
      `APT::Architecture "amd64";`,
      `APT::Sandbox::User "root";`,
      `Acquire::Languages "none";`,
      `DPkg::Use-Pty "false";`,
      "",
    ].join("\n"),
  );
  const env = { APT_CONFIG: config };
  return {
    root,
    env,
    async install(packages) {
      const debs = [];
      for (const pkg of packages) debs.push(await buildDeb(folder, pkg));
      await run("dpkg", [`--root=${root}`, `--admindir=${root}/var/lib/dpkg`, "--force-not-root", "--force-bad-path", "-i", ...debs]);
    },
    async installed() {
      const status = await readFile(join(root, "var/lib/dpkg/status"), "utf8");
      const out: Record<string, string> = {};
      for (const stanza of status.split(/\n\n+/)) {
        const name = /^Package: (.+)$/m.exec(stanza)?.[1];
        const version = /^Version: (.+)$/m.exec(stanza)?.[1];
        if (name && version && /^Status: install ok installed$/m.test(stanza)) out[name] = version;
      }
      return out;
    },
  };
}

/** A node whose agent patches a scratch apt world, in a patch group (its `Patch Group` tag). */
export async function startPatchingNode(
  t: TestServer,
  ssm: SSMClient,
  dir: string,
  world: AptWorld,
  patchGroup: string,
): Promise<{ id: string; agent: AgentProcess }> {
  const activation = await ssm.send(new CreateActivationCommand({ IamRole: "Patching", RegistrationLimit: 1 }));
  const id = await registerAgentProcess(t.endpoint, dir, activation);
  await ssm.send(
    new AddTagsToResourceCommand({ ResourceType: "ManagedInstance", ResourceId: id, Tags: [{ Key: "Patch Group", Value: patchGroup }] }),
  );
  return { id, agent: startAgentProcess(dir, world.env) };
}

/**
 * A Debian baseline that approves security updates of every priority at once (at `level`), registered for a patch
 * group; `extra` adds members (RejectedPatches, a Description). Answers its id.
 */
export async function securityBaselineForGroup(
  ssm: SSMClient,
  name: string,
  patchGroup: string,
  level: PatchComplianceLevel,
  extra: Partial<CreatePatchBaselineCommandInput> = {},
): Promise<string> {
  const created = await ssm.send(
    new CreatePatchBaselineCommand({
      Name: name,
      OperatingSystem: "DEBIAN",
      ApprovalRules: {
        PatchRules: [
          { PatchFilterGroup: { PatchFilters: [{ Key: "PRIORITY", Values: ["*"] }] }, ApproveAfterDays: 0, ComplianceLevel: level },
        ],
      },
      ...extra,
    }),
  );
  const id = created.BaselineId ?? "";
  await ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: id, PatchGroup: patchGroup }));
  return id;
}
