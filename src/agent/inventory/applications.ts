/** @module AWS:Application from the package managers present: dpkg, rpm, apk, snap and flatpak. */
import { readFile } from "node:fs/promises";
import { entry, runTool } from "./run-tool.ts";

type Entry = Record<string, string>;

/** dpkg's `[epoch:]upstream[-revision]`: SSM reports the epoch apart. */
function splitEpoch(version: string): { epoch?: string; version: string } {
  const colon = version.indexOf(":");
  return colon > 0 && /^\d+$/.test(version.slice(0, colon))
    ? { epoch: version.slice(0, colon), version: version.slice(colon + 1) }
    : { version };
}

async function dpkg(): Promise<Entry[]> {
  const fields = [
    "Package",
    "Version",
    "Architecture",
    "Maintainer",
    "Homepage",
    "Section",
    "binary:Summary",
    "db:Status-Status",
    "source:Package",
    "source:Version",
  ];
  // dpkg-query's own `${Field}` syntax.
  const format = `${fields.map((f) => `\${${f}}`).join("\\t")}\\n`;
  const out = await runTool("dpkg-query", ["-W", "-f", format]);
  if (!out) return [];
  return out
    .split("\n")
    .map((line) => line.split("\t"))
    .filter((f) => f.length >= 8 && f[7] === "installed")
    .map(([name = "", raw = "", arch = "", maintainer, homepage, section, summary, , source, sourceVersion]) => {
      const { epoch, version } = splitEpoch(raw);
      return entry({
        Name: name,
        Version: version,
        Epoch: epoch,
        Architecture: arch,
        Publisher: maintainer,
        URL: homepage,
        ApplicationType: section,
        Summary: summary,
        PackageId: `${name}_${raw}_${arch}.deb`,
        // Vulnerability advisories name source packages: kept when they differ from the binary's.
        SourcePackage: source && source !== name ? source : undefined,
        SourceVersion: sourceVersion && sourceVersion !== raw ? sourceVersion : undefined,
      });
    });
}

async function rpm(): Promise<Entry[]> {
  const out = await runTool("rpm", [
    "-qa",
    "--qf",
    "%{NAME}\\t%{EPOCHNUM}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{VENDOR}\\t%{URL}\\t%{GROUP}\\t%{SUMMARY}\\t%{INSTALLTIME}\\n",
  ]);
  if (!out) return [];
  return out
    .split("\n")
    .map((line) => line.split("\t"))
    .filter((f) => f.length >= 10)
    .map(([name = "", epoch, version = "", release, arch, vendor, url, group, summary, installed]) =>
      entry({
        Name: name,
        Epoch: epoch === "0" ? undefined : epoch,
        Version: version,
        Release: release,
        Architecture: arch,
        Publisher: vendor === "(none)" ? undefined : vendor,
        URL: url === "(none)" ? undefined : url,
        ApplicationType: group,
        Summary: summary,
        InstalledTime: installed ? new Date(Number(installed) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z") : undefined,
        PackageId: `${name}-${version}-${release}.${arch}.rpm`,
      }),
    );
}

/** Alpine's database: blocks of `K:value` lines. */
async function apk(): Promise<Entry[]> {
  let text: string;
  try {
    text = await readFile("/lib/apk/db/installed", "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n\n")
    .map((block) => Object.fromEntries(block.split("\n").map((line) => [line.slice(0, 1), line.slice(2)])))
    .filter((f) => f.P)
    .map((f) => {
      const [version, release] = String(f.V ?? "").split("-r");
      return entry({
        Name: f.P,
        Version: version,
        Release: release ? `r${release}` : undefined,
        Architecture: f.A,
        URL: f.U,
        Summary: f.T,
        ApplicationType: "apk",
      });
    });
}

async function snap(): Promise<Entry[]> {
  const out = await runTool("snap", ["list"], 10_000);
  if (!out) return [];
  return out
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 2 && f[0])
    .map(([name, version, , , publisher]) => entry({ Name: name, Version: version, Publisher: publisher, ApplicationType: "snap" }));
}

async function flatpak(): Promise<Entry[]> {
  const out = await runTool("flatpak", ["list", "--app", "--columns=application,version,origin"], 10_000);
  if (!out) return [];
  return out
    .split("\n")
    .map((line) => line.split("\t"))
    .filter((f) => f[0])
    .map(([name, version, origin]) => entry({ Name: name, Version: version, Publisher: origin, ApplicationType: "flatpak" }));
}

export async function packagedApplications(): Promise<Entry[]> {
  const lists = await Promise.all([dpkg(), rpm(), apk(), snap(), flatpak()]);
  return lists.flat();
}
