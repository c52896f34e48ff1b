/**
 * @module A scratch dnf world for patching tests on the RPM family: RPMs built with rpmbuild, a repository made by
 * createrepo_c with an updateinfo (advisories with type and severity) added by modifyrepo_c, and dnf's options
 * (`--installroot`, `--config`) that keep every install inside a scratch folder — the machine's own packages are never
 * touched. Debian ships dnf, rpm and createrepo-c, so this is the real dnf on this machine.
 */
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export interface RpmPackage {
  name: string;
  version: string;
  release: string;
}

export interface RpmAdvisory {
  id: string;
  type: "security" | "bugfix" | "enhancement";
  severity?: string;
  package: RpmPackage;
}

export interface DnfWorld {
  /** What an agent's environment needs to patch the scratch root (BOSUN_DNF_OPTIONS). */
  env: Record<string, string>;
  /** Installs packages into the scratch root (the node's starting state). */
  install(packages: RpmPackage[]): Promise<void>;
  /** The `version-release` of each package installed in the scratch root. */
  installed(): Promise<Record<string, string>>;
}

/** Whether this machine lacks a tool the dnf world needs (CI installs them: .ci/run). */
export async function dnfMissing(): Promise<string | false> {
  for (const tool of ["dnf", "rpmbuild", "createrepo_c", "modifyrepo_c"])
    if (
      !(await run("sh", ["-c", `command -v ${tool}`]).then(
        () => true,
        () => false,
      ))
    )
      return `no ${tool} here (apt-get install dnf rpm createrepo-c)`;
  return false;
}

async function buildRpm(dir: string, pkg: RpmPackage): Promise<void> {
  const spec = join(dir, `${pkg.name}-${pkg.version}-${pkg.release}.spec`);
  await writeFile(
    spec,
    [
      `Name: ${pkg.name}`,
      `Version: ${pkg.version}`,
      `Release: ${pkg.release}`,
      "Summary: A package for Bosun's patching tests",
      "License: MIT",
      "BuildArch: noarch",
      "%description",
      "A package for Bosun's patching tests.",
      "%files",
      "",
    ].join("\n"),
  );
  await run("rpmbuild", ["--quiet", "--define", `_topdir ${dir}`, "-bb", spec]);
}

function updateinfo(advisories: RpmAdvisory[]): string {
  const updates = advisories.map(
    (a) => `  <update from="test@example.com" status="final" type="${a.type}" version="2">
    <id>${a.id}</id>
    <title>${a.package.name} update</title>${a.severity ? `\n    <severity>${a.severity}</severity>` : ""}
    <issued date="2026-11-01 00:00:00"/>
    <description>An update.</description>
    <pkglist><collection short="test"><name>test</name>
      <package name="${a.package.name}" version="${a.package.version}" release="${a.package.release}" epoch="0" arch="noarch"><filename>${a.package.name}-${a.package.version}-${a.package.release}.noarch.rpm</filename></package>
    </collection></pkglist>
  </update>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<updates>\n${updates.join("\n")}\n</updates>\n`;
}

/** Builds every package, a repository offering them all with the advisories, and a scratch root dnf installs into. */
export async function makeDnfWorld(dir: string, packages: RpmPackage[], advisories: RpmAdvisory[]): Promise<DnfWorld> {
  const build = join(dir, "build");
  const repo = join(dir, "repo");
  const root = join(dir, "root");
  for (const folder of [build, repo, root, join(dir, "repos.d"), join(dir, "cache")]) await mkdir(folder, { recursive: true });
  for (const pkg of packages) await buildRpm(build, pkg);
  await run("sh", ["-c", `cp "${build}"/RPMS/noarch/*.rpm "${repo}"/`]);
  await run("createrepo_c", ["-q", repo]);
  await writeFile(join(dir, "updateinfo.xml"), updateinfo(advisories));
  await run("modifyrepo_c", ["--mdtype=updateinfo", join(dir, "updateinfo.xml"), join(repo, "repodata")]);
  await writeFile(join(dir, "repos.d", "test.repo"), `[test]\nname=Bosun test repository\nbaseurl=file://${repo}\nenabled=1\ngpgcheck=0\n`);
  await writeFile(join(dir, "dnf.conf"), `[main]\ngpgcheck=0\ninstall_weak_deps=0\n`);
  const options = [
    `--installroot=${root}`,
    `--config=${join(dir, "dnf.conf")}`,
    "--releasever=9",
    `--setopt=reposdir=${join(dir, "repos.d")}`,
    `--setopt=cachedir=${join(dir, "cache")}`,
  ];
  return {
    env: { BOSUN_DNF_OPTIONS: options.join(" ") },
    async install(list) {
      await run("dnf", [...options, "-y", "-q", "install", ...list.map((p) => `${p.name}-${p.version}-${p.release}`)]);
    },
    async installed() {
      const { stdout } = await run("dnf", [...options, "-q", "repoquery", "--installed", "--qf", "%{name} %{version}-%{release}\\n"]);
      return Object.fromEntries(
        stdout
          .split("\n")
          .filter((line) => line.trim())
          .map((line) => line.trim().split(" ") as [string, string]),
      );
    },
  };
}
