/**
 * @module The node's packages as dnf (or yum, which takes the same commands) sees them on the RPM family: what is
 * installed, the newest version the repositories offer, and the advisory (updateinfo) behind it — its type (security,
 * bugfix, enhancement, newpackage) and severity (Critical, Important, Moderate, Low) are the CLASSIFICATION and
 * SEVERITY baselines filter on. `BOSUN_DNF_OPTIONS` adds options to every dnf call (an `--installroot`, a `--config`):
 * how tests point it at a scratch root, and how an operator sets what the machine's configuration does not.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { NodePackage, PackageManager, VersionFacts } from "./node-package.ts";

const run = promisify(execFile);
const maxBuffer = 256 * 1024 * 1024;

/** `[epoch:]version-release`, as rpm orders it and dnf names it (no epoch when it is 0). */
export const evr = (epoch: string, version: string, release: string): string =>
  `${epoch && epoch !== "0" && epoch !== "(none)" ? `${epoch}:` : ""}${version}-${release}`;

export interface RpmVersion {
  name: string;
  arch: string;
  evr: string;
  /** When it was installed (installed packages: dnf 4 prints `2026-12-02 14:14`, local time), or its repository. */
  extra: string;
}

/** Lines of `name\tepoch\tversion\trelease\tarch\textra`, as the repoquery format below prints them. */
export function parseQuery(text: string): RpmVersion[] {
  return text
    .split("\n")
    .map((line) => line.trim().split("\t"))
    .filter((fields) => fields.length >= 6 && fields[0])
    .map(([name = "", epoch = "", version = "", release = "", arch = "", extra = ""]) => ({
      name,
      arch,
      evr: evr(epoch, version, release),
      extra,
    }));
}

/** `name-[epoch:]version-release.arch` split into its parts (names may hold dashes; the last two dashes part the rest). */
export function parseNevra(nevra: string): { name: string; evr: string; arch: string } | undefined {
  const dot = nevra.lastIndexOf(".");
  const release = nevra.lastIndexOf("-", dot);
  const version = nevra.lastIndexOf("-", release - 1);
  if (dot < 0 || release < 0 || version <= 0) return undefined;
  return { name: nevra.slice(0, version), evr: nevra.slice(version + 1, dot), arch: nevra.slice(dot + 1) };
}

export interface Advisory {
  id: string;
  classification: string;
  severity: string;
}

const classifications: Record<string, string> = {
  security: "Security",
  "sec.": "Security",
  bugfix: "Bugfix",
  enhancement: "Enhancement",
  newpackage: "Newpackage",
  unknown: "",
};

/**
 * `dnf updateinfo list --updates` (dnf 4; `yum updateinfo list updates` prints the same): one line per advisory and
 * package, `RHSA-2023:7877 Important/Sec. openssl-libs-1:3.0.7-25.el9_3.x86_64`. Answers the advisory of each
 * `name.arch` at each version (the most severe when several name one version).
 */
export function parseUpdateinfo(text: string): Map<string, Advisory> {
  const out = new Map<string, Advisory>();
  const rank = ["Critical", "Important", "Moderate", "Low", "None", ""];
  for (const line of text.split("\n")) {
    const match = /^\s*(?:i\s+)?(\S+)\s+(\S+)\s+(\S+)\s*$/.exec(line);
    if (!match) continue;
    const [, id = "", type = "", nevra = ""] = match;
    const parsed = parseNevra(nevra);
    if (!parsed) continue;
    const [first = "", second] = type.split("/");
    const classification = classifications[(second ?? first).toLowerCase()];
    if (classification === undefined) continue;
    const severity = second !== undefined ? first : classification === "Security" ? "" : "None";
    const key = `${parsed.name}.${parsed.arch}@${parsed.evr}`;
    const known = out.get(key);
    if (!known || rank.indexOf(severity) < rank.indexOf(known.severity)) out.set(key, { id, classification, severity });
  }
  return out;
}

const queryFormat = "%{name}\\t%{epoch}\\t%{version}\\t%{release}\\t%{arch}\\t%{EXTRA}\\n";

/** dnf when the node has it, else yum; with the options BOSUN_DNF_OPTIONS adds. */
async function tool(env: NodeJS.ProcessEnv): Promise<{ command: string; options: string[] }> {
  const options = (env.BOSUN_DNF_OPTIONS ?? "").split(/\s+/).filter(Boolean);
  const has = (command: string) =>
    run("sh", ["-c", `command -v ${command}`], { env }).then(
      () => true,
      () => false,
    );
  return { command: (await has("dnf")) ? "dnf" : "yum", options };
}

/** The facts of one version: its advisory's, if the repositories have one for it. */
function about(name: string, arch: string, version: string, advisories: Map<string, Advisory>, repository?: string): VersionFacts {
  const advisory = advisories.get(`${name}.${arch}@${version}`);
  return {
    classification: advisory?.classification ?? "",
    severity: advisory?.severity ?? "",
    kbId: advisory?.id ?? `${name}-${version}.${arch}`,
    ...(repository ? { repository } : {}),
    security: advisory?.classification === "Security",
    facts: advisory ? { advisoryIds: [advisory.id], classification: advisory.classification, severity: advisory.severity } : {},
  };
}

/** Joins what is installed with the newest offered version of each and its advisory. */
export function nodePackages(installed: RpmVersion[], offered: RpmVersion[], advisories: Map<string, Advisory>): NodePackage[] {
  const newest = new Map(offered.map((o) => [`${o.name}.${o.arch}`, o]));
  return installed.map((pkg) => {
    const offer = newest.get(`${pkg.name}.${pkg.arch}`);
    const candidate = offer?.evr ?? pkg.evr;
    const installedTime = /^\d+$/.test(pkg.extra) ? Number(pkg.extra) * 1000 : Date.parse(pkg.extra.replace(" ", "T"));
    return {
      name: pkg.name,
      arch: pkg.arch,
      installed: pkg.evr,
      candidate,
      ...(Number.isFinite(installedTime) && installedTime > 0 ? { installedTime } : {}),
      about: (version) => about(pkg.name, pkg.arch, version, advisories, version === candidate ? offer?.extra : undefined),
    };
  });
}

export const dnfManager: PackageManager = {
  name: "dnf",
  async packages(env) {
    const { command, options } = await tool(env);
    const query = async (args: string[], extra: string) =>
      parseQuery(
        (await run(command, [...options, "-q", "repoquery", ...args, "--qf", queryFormat.replace("EXTRA", extra)], { env, maxBuffer }))
          .stdout,
      );
    const installed = await query(["--installed"], "installtime");
    const offered = await query(["--upgrades", "--latest-limit", "1"], "repoid");
    const { stdout } = await run(command, [...options, "-q", "updateinfo", "list", "--updates"], { env, maxBuffer });
    return nodePackages(installed, offered, parseUpdateinfo(stdout));
  },
  async install(env, packages) {
    if (packages.length === 0) return;
    const { command, options } = await tool(env);
    const specs = packages.map((p) => `${p.name}-${p.candidate}.${p.arch}`);
    await run(command, [...options, "-y", "-q", "upgrade", ...specs], { env, maxBuffer });
  },
  async rebootRequired(env) {
    const { command, options } = await tool(env);
    // needs-restarting -r exits 1 when a restart is needed, 0 when not; a node without the plugin says nothing.
    return run(command, [...options, "needs-restarting", "-r"], { env }).then(
      () => false,
      (error: { code?: unknown; stderr?: string }) => error.code === 1 && !/no such command/i.test(error.stderr ?? ""),
    );
  },
};
