/**
 * @module The node's packages as apt and dpkg see them: what is installed, what newer version the archives offer and
 * from which suite (a `-security` suite marks a security update), and installing chosen versions. It honours the
 * machine's apt configuration, APT_CONFIG included — which is how tests point it at a scratch root.
 */
import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import type { NodePackage, PackageManager } from "./node-package.ts";

const run = promisify(execFile);
const maxBuffer = 256 * 1024 * 1024;

/** One installed package and what the archives offer for it. */
export interface AptPackage {
  name: string;
  arch: string;
  installed: string;
  /** The version apt would install (the installed one when nothing is newer). */
  candidate: string;
  priority: string;
  section: string;
  /** The suites each version comes from (`bookworm-security`, …); the dpkg status file is not a suite. */
  suites: Record<string, string[]>;
  /** When dpkg last unpacked the package (its file list's time), if known. */
  installedTime?: number;
}

/** Where apt's configuration puts the dpkg database and the root (`/` on a machine, a scratch folder in tests). */
export async function aptPaths(env: NodeJS.ProcessEnv): Promise<{ status: string; admindir: string; root: string }> {
  const { stdout } = await run("apt-config", ["shell", "STATUS", "Dir::State::status/f", "ROOT", "Dir/"], { env });
  const value = (name: string) => new RegExp(`^${name}='(.*)'$`, "m").exec(stdout)?.[1] ?? "";
  const status = value("STATUS") || "/var/lib/dpkg/status";
  return { status, admindir: dirname(status), root: value("ROOT") || "/" };
}

/** `apt-cache policy`'s answer: each package's installed and candidate versions, and each version's suites. */
export function parsePolicy(text: string): Map<string, { installed: string; candidate: string; suites: Record<string, string[]> }> {
  const out = new Map<string, { installed: string; candidate: string; suites: Record<string, string[]> }>();
  let current: { installed: string; candidate: string; suites: Record<string, string[]> } | undefined;
  let version = "";
  for (const line of text.split("\n")) {
    const name = /^(\S+):$/.exec(line)?.[1];
    if (name) {
      current = { installed: "", candidate: "", suites: {} };
      out.set(name.replace(/:[a-z0-9]+$/, ""), current);
      continue;
    }
    if (!current) continue;
    const field = /^ {2}(Installed|Candidate): (.+)$/.exec(line);
    if (field) {
      if (field[1] === "Installed") current.installed = field[2] === "(none)" ? "" : (field[2] ?? "");
      else current.candidate = field[2] === "(none)" ? "" : (field[2] ?? "");
      continue;
    }
    const versionLine = /^ (?:\*\*\*| {3}) (\S+) -?\d+$/.exec(line);
    if (versionLine) {
      version = versionLine[1] ?? "";
      current.suites[version] = [];
      continue;
    }
    // `500 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages`
    const source = /^ {8}-?\d+ (\S+) (\S+)\/\S+ \S+ Packages$/.exec(line) ?? /^ {8}-?\d+ (\S+) (\S+) Packages$/.exec(line);
    if (source && version) current.suites[version]?.push(source[2] ?? "");
  }
  return out;
}

/** Refreshes the package lists and reads every installed package with what the archives offer for it. */
export async function aptPackages(env: NodeJS.ProcessEnv): Promise<AptPackage[]> {
  await run("apt-get", ["update", "-q"], { env, maxBuffer });
  const { admindir } = await aptPaths(env);
  // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own ${Field} format, not a template.
  const format = "${Package}\\t${Architecture}\\t${Version}\\t${db:Status-Abbrev}\\t${Priority}\\t${Section}\\n";
  const { stdout: query } = await run("dpkg-query", [`--admindir=${admindir}`, "-W", "-f", format], { env, maxBuffer });
  const installed = query
    .split("\n")
    .map((line) => line.split("\t"))
    .filter((fields) => fields.length >= 6 && fields[3]?.startsWith("ii"));
  if (installed.length === 0) return [];
  const { stdout: policy } = await run("apt-cache", ["policy", ...installed.map((fields) => fields[0] ?? "")], { env, maxBuffer });
  const offers = parsePolicy(policy);
  const packages: AptPackage[] = [];
  for (const [name = "", arch = "", version = "", , priority = "", section = ""] of installed) {
    const offer = offers.get(name);
    const list = await stat(join(admindir, "info", `${name}.list`)).catch(() =>
      stat(join(admindir, "info", `${name}:${arch}.list`)).catch(() => undefined),
    );
    packages.push({
      name,
      arch,
      installed: version,
      candidate: offer?.candidate || version,
      priority,
      // `contrib/net` is the net section of contrib.
      section: section.split("/").pop() ?? section,
      suites: offer?.suites ?? {},
      ...(list ? { installedTime: Math.round(list.mtimeMs) } : {}),
    });
  }
  return packages;
}

/** Installs the given versions (upgrades only); resolves with apt's output, rejects with it when apt fails. */
export async function aptInstall(env: NodeJS.ProcessEnv, targets: { name: string; version: string }[]): Promise<string> {
  if (targets.length === 0) return "";
  const { stdout, stderr } = await run(
    "apt-get",
    ["install", "-y", "-q", "--only-upgrade", "-o", "Dpkg::Options::=--force-confold", ...targets.map((t) => `${t.name}=${t.version}`)],
    { env: { ...env, DEBIAN_FRONTEND: "noninteractive" }, maxBuffer },
  );
  return `${stdout}${stderr}`;
}

/** Whether a package wants the machine restarted (Debian's /var/run/reboot-required, under apt's root). */
export async function rebootRequired(env: NodeJS.ProcessEnv): Promise<boolean> {
  const { root } = await aptPaths(env);
  return (await stat(join(root, "var/run/reboot-required")).catch(() => undefined)) !== undefined;
}

/** A Debian or Ubuntu security suite: `bookworm-security`, `jammy-security`, or the older `…/updates`. */
export const isSecuritySuite = (suite: string) => /-security$|\/updates$/.test(suite);

/** An apt package as a patch run reads it: a version's suites say whether it is a security update. */
function nodePackage(pkg: AptPackage): NodePackage {
  return {
    name: pkg.name,
    arch: pkg.arch,
    installed: pkg.installed,
    candidate: pkg.candidate,
    ...(pkg.installedTime !== undefined ? { installedTime: pkg.installedTime } : {}),
    about(version) {
      const suites = pkg.suites[version] ?? [];
      return {
        classification: pkg.section,
        severity: pkg.priority,
        kbId: `${pkg.name}_${version}`,
        ...(suites[0] ? { repository: suites[0] } : {}),
        security: suites.some(isSecuritySuite),
        facts: { priority: pkg.priority, section: pkg.section },
      };
    },
  };
}

export const aptManager: PackageManager = {
  name: "apt",
  packages: async (env) => (await aptPackages(env)).map(nodePackage),
  async install(env, packages) {
    await aptInstall(
      env,
      packages.map((p) => ({ name: p.name, version: p.candidate })),
    );
  },
  rebootRequired,
};
