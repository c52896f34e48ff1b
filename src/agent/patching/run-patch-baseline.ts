/**
 * @module aws:runPatchBaseline (AWS-RunPatchBaseline): applies the node's patch baseline — the one the server put in
 * the step for this node, or the BaselineOverride file — through the node's package manager (apt on the Debian family,
 * dnf or yum on the RPM family: node-package.ts). Scan reports each
 * package's state; Install first installs what the baseline approves (or the InstallOverrideList names), then reports.
 * The report (SSM's patch states per package) is left in the step's folder for the work runner to send.
 */
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { AvailablePatchFrame, PatchStateFrame } from "../../protocol/agent/channel.ts";
import { judge, type PatchFacts, type Verdict } from "../../protocol/patch/approval.ts";
import type { BaselineBody, NodeBaseline, OperatingSystem } from "../../protocol/patch/baseline.ts";
import { aptManager } from "./apt.ts";
import { dnfManager } from "./dnf.ts";
import type { NodePackage, PackageManager } from "./node-package.ts";

export interface PatchReport {
  baselineId: string;
  patchGroup: string;
  operation: "Scan" | "Install";
  rebootOption: "RebootIfNeeded" | "NoReboot";
  startedAt: number;
  endedAt: number;
  availableSecurityUpdates?: "COMPLIANT" | "NON_COMPLIANT";
  patches: PatchStateFrame[];
  available: AvailablePatchFrame[];
}

export interface PatchRun {
  report: PatchReport;
  /** What the step prints: what it did and the count of each state. */
  lines: string[];
  /** A restart the run wants after it has reported (RebootIfNeeded, and a package asked for one). */
  reboot: boolean;
}

const debianFamily: readonly OperatingSystem[] = ["DEBIAN", "UBUNTU", "RASPBIAN"];
const rpmFamily: readonly OperatingSystem[] = [
  "REDHAT_ENTERPRISE_LINUX",
  "CENTOS",
  "ROCKY_LINUX",
  "ALMA_LINUX",
  "ORACLE_LINUX",
  "AMAZON_LINUX_2023",
  "AMAZON_LINUX_2022",
  "AMAZON_LINUX_2",
  "AMAZON_LINUX",
];

/** A local path or file: URL (nodes fetch nothing from elsewhere for a patch run). */
async function readLocal(location: string, what: string): Promise<string> {
  if (/^(https?|s3):/i.test(location)) throw new Error(`${what} ${location} is not a local file; give a path or a file: URL on the node.`);
  return readFile(location.startsWith("file:") ? fileURLToPath(location) : location, "utf8");
}

/** BaselineOverride: a JSON file holding one baseline or a list of them (GetPatchBaseline's answer); the node's system's one applies. */
async function overrideBaseline(location: string, os: OperatingSystem): Promise<NodeBaseline> {
  const parsed = JSON.parse(await readLocal(location, "BaselineOverride")) as unknown;
  const list = (Array.isArray(parsed) ? parsed : [parsed]) as (BaselineBody & { OperatingSystem?: string; BaselineId?: string })[];
  const chosen = list.find((baseline) => (baseline.OperatingSystem ?? "WINDOWS") === os);
  if (!chosen) throw new Error(`BaselineOverride ${location} has no baseline for ${os}.`);
  return { baselineId: chosen.BaselineId ?? "BaselineOverride", patchGroup: "", operatingSystem: os, body: chosen };
}

/** InstallOverrideList: a YAML or JSON file `patches: [{ id: name }, …]`; the packages it names are installed instead. */
async function overrideList(location: string): Promise<Set<string>> {
  const { parse } = await import("yaml");
  const parsed = parse(await readLocal(location, "InstallOverrideList")) as { patches?: { id?: unknown }[] } | null;
  return new Set((parsed?.patches ?? []).map((patch) => String(patch.id ?? "")).filter(Boolean));
}

/** What the baseline's rules read of one version of a package. */
function factsOf(pkg: NodePackage, version: string, product: string): PatchFacts {
  const about = pkg.about(version);
  return {
    id: pkg.name,
    name: pkg.name,
    version,
    arch: pkg.arch,
    product,
    ...(about.repository ? { repository: about.repository } : {}),
    ...about.facts,
    security: about.security,
  };
}

const approves = (verdict: Verdict | undefined) => verdict?.status === "APPROVED" || verdict?.status === "EXPLICIT_APPROVED";

function frame(
  pkg: NodePackage,
  version: string,
  state: PatchStateFrame["state"],
  verdict: Verdict | undefined,
  product: string,
): PatchStateFrame {
  const about = pkg.about(version);
  return {
    version,
    arch: pkg.arch,
    product,
    ...(about.repository ? { repository: about.repository } : {}),
    title: pkg.name,
    kbId: about.kbId,
    classification: about.classification,
    severity: about.severity,
    state,
    complianceLevel: verdict?.complianceLevel ?? "UNSPECIFIED",
    ...(pkg.installedTime !== undefined && state.startsWith("INSTALLED") ? { installedTime: pkg.installedTime } : {}),
    ...(about.security ? { security: true } : {}),
  };
}

/** The product name rules filter on, from the node's os-release (`Debian12`, `Ubuntu22.04`). */
async function productName(): Promise<string> {
  const text = await readFile("/etc/os-release", "utf8").catch(() => "");
  const field = (name: string) => new RegExp(`^${name}="?([^"\\n]*)"?$`, "m").exec(text)?.[1] ?? "";
  const id = field("ID");
  return `${id.charAt(0).toUpperCase()}${id.slice(1)}${field("VERSION_ID")}`;
}

/** One run's view of the node: the baseline it applies, how it judges a version, and what it is to install. */
interface Judging {
  baseline: NodeBaseline;
  /** What the baseline says of a package's candidate (`candidate`) or installed version. */
  verdict(pkg: NodePackage, which: "candidate" | "installed"): Verdict | undefined;
  /** Whether the run is to install the package's candidate (approved, or named by the InstallOverrideList). */
  wanted(pkg: NodePackage): boolean;
  product: string;
}

/**
 * The baseline to apply (the server's for this node, or the BaselineOverride file's) and the package manager that
 * applies it: apt on the Debian family, dnf (else yum) on the RPM family. Other systems are refused.
 */
async function chooseBaseline(
  inputs: Record<string, string>,
  env: NodeJS.ProcessEnv,
): Promise<{ baseline: NodeBaseline; manager: PackageManager }> {
  const assigned = JSON.parse(inputs.bosunBaseline ?? "null") as NodeBaseline | null;
  if (!assigned) throw new Error("The step carries no baseline for this node (is the server older than the agent?).");
  const baseline = inputs.BaselineOverride ? await overrideBaseline(inputs.BaselineOverride, assigned.operatingSystem) : assigned;
  const os = baseline.operatingSystem;
  if (debianFamily.includes(os) && (await execFileOk("apt-get", env))) return { baseline, manager: aptManager };
  if (rpmFamily.includes(os) && ((await execFileOk("dnf", env)) || (await execFileOk("yum", env))))
    return { baseline, manager: dnfManager };
  throw new Error(`Patching ${os} nodes needs apt (the Debian family) or dnf or yum (the RPM family); this node has neither for it.`);
}

/** Installs the wanted candidates; answers the packages after, which failed, and which were installed. */
async function installWanted(env: NodeJS.ProcessEnv, manager: PackageManager, packages: NodePackage[], judging: Judging, lines: string[]) {
  const targets = packages.filter((pkg) => judging.wanted(pkg));
  if (targets.length === 0) return { packages, failed: new Set<string>(), installed: new Set<string>() };
  lines.push(`Installing ${targets.map((t) => `${t.name} ${t.candidate}`).join(", ")}.`);
  try {
    await manager.install(env, targets);
  } catch (error) {
    lines.push(`${manager.name} failed: ${(error as { stderr?: string }).stderr?.trim() || (error as Error).message}`);
  }
  const after = new Map((await manager.packages(env)).map((pkg) => [pkg.name, pkg]));
  const failed = new Set(targets.filter((target) => after.get(target.name)?.installed !== target.candidate).map((t) => t.name));
  return { packages: [...after.values()], failed, installed: new Set(targets.map((t) => t.name).filter((name) => !failed.has(name))) };
}

/** One package's state after the run (docs/decisions/025-patching-on-the-node.md). */
function packageState(pkg: NodePackage, judging: Judging, run: { failed: Set<string>; installed: Set<string>; pendingReboot: boolean }) {
  const offered = judging.verdict(pkg, "candidate");
  const own = judging.verdict(pkg, "installed");
  if (run.failed.has(pkg.name)) return frame(pkg, pkg.candidate, "FAILED", offered, judging.product);
  if (judging.wanted(pkg)) return frame(pkg, pkg.candidate, "MISSING", offered, judging.product);
  if (own?.status === "EXPLICIT_REJECTED") return frame(pkg, pkg.installed, "INSTALLED_REJECTED", own, judging.product);
  // With AvailableSecurityUpdatesComplianceStatus set, a security update the baseline does not approve is reported.
  const securityUpdate = pkg.candidate !== pkg.installed && factsOf(pkg, pkg.candidate, judging.product).security;
  if (judging.baseline.body.AvailableSecurityUpdatesComplianceStatus && securityUpdate && offered?.status !== "EXPLICIT_REJECTED")
    return frame(pkg, pkg.candidate, "AVAILABLE_SECURITY_UPDATE", offered, judging.product);
  if (run.installed.has(pkg.name) && run.pendingReboot) return frame(pkg, pkg.installed, "INSTALLED_PENDING_REBOOT", own, judging.product);
  if (approves(own) || run.installed.has(pkg.name)) return frame(pkg, pkg.installed, "INSTALLED", own, judging.product);
  return frame(pkg, pkg.installed, "INSTALLED_OTHER", own, judging.product);
}

export async function runPatchBaseline(inputs: Record<string, string>, env: NodeJS.ProcessEnv, now: () => number): Promise<PatchRun> {
  const startedAt = now();
  const operation = inputs.Operation === "Install" ? "Install" : "Scan";
  const rebootOption = inputs.RebootOption === "NoReboot" ? "NoReboot" : "RebootIfNeeded";
  const { baseline, manager } = await chooseBaseline(inputs, env);
  const override = operation === "Install" && inputs.InstallOverrideList ? await overrideList(inputs.InstallOverrideList) : undefined;
  const product = await productName();
  const verdict: Judging["verdict"] = (pkg, which) =>
    judge(baseline.operatingSystem, baseline.body, factsOf(pkg, pkg[which], product), startedAt);
  const judging: Judging = {
    baseline,
    product,
    verdict,
    wanted: (pkg) => pkg.candidate !== pkg.installed && (override ? override.has(pkg.name) : approves(verdict(pkg, "candidate"))),
  };
  const lines = [`Baseline ${baseline.baselineId}${baseline.patchGroup ? ` (patch group ${baseline.patchGroup})` : ""}, ${operation}.`];
  const scanned = await manager.packages(env);
  const run =
    operation === "Install"
      ? await installWanted(env, manager, scanned, judging, lines)
      : { packages: scanned, failed: new Set<string>(), installed: new Set<string>() };
  const pendingReboot = run.installed.size > 0 && (await manager.rebootRequired(env));
  const patches = run.packages.map((pkg) => packageState(pkg, judging, { ...run, pendingReboot }));
  // Explicitly approved packages the node does not have.
  const names = new Set(run.packages.map((pkg) => pkg.name));
  for (const id of baseline.body.ApprovedPatches ?? [])
    if (!id.includes("*") && !id.includes("=") && !names.has(id))
      patches.push({ title: id, kbId: id, classification: "", severity: "", state: "NOT_APPLICABLE", complianceLevel: "UNSPECIFIED" });
  const counts = new Map<string, number>();
  for (const patch of patches) counts.set(patch.state, (counts.get(patch.state) ?? 0) + 1);
  lines.push([...counts].map(([state, count]) => `${state} ${count}`).join(", ") || "No packages.");
  const reboot = pendingReboot && rebootOption === "RebootIfNeeded";
  if (pendingReboot)
    lines.push(reboot ? "A package asked for a restart: the node restarts after reporting." : "A package asked for a restart (NoReboot).");
  const availableSecurityUpdates = baseline.body.AvailableSecurityUpdatesComplianceStatus;
  return {
    report: {
      baselineId: baseline.baselineId,
      patchGroup: baseline.patchGroup,
      operation,
      rebootOption,
      startedAt,
      endedAt: now(),
      ...(availableSecurityUpdates ? { availableSecurityUpdates } : {}),
      patches,
      // Newer versions the repositories offer, approved or not: the account's catalog of available patches.
      available: run.packages
        .filter((pkg) => pkg.candidate !== pkg.installed)
        .map((pkg) => {
          const about = pkg.about(pkg.candidate);
          return {
            name: pkg.name,
            version: pkg.candidate,
            arch: pkg.arch,
            product,
            repository: about.repository ?? "",
            classification: about.classification,
            severity: about.severity,
            security: about.security,
          };
        }),
    },
    lines,
    reboot,
  };
}

async function execFileOk(command: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return promisify(execFile)("sh", ["-c", `command -v ${command}`], { env }).then(
    () => true,
    () => false,
  );
}
