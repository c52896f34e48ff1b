/**
 * @module AWS:Service on Linux: systemd units with status, start type and dependencies. Where systemd is not running
 * (containers), the unit files themselves are read, and the status is "Unknown".
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { entry, runTool } from "./run-tool.ts";

const properties = ["Id", "Description", "ActiveState", "SubState", "UnitFileState", "Type", "Requires", "Wants", "RequiredBy", "WantedBy"];

async function fromSystemd(): Promise<Record<string, string>[] | undefined> {
  const out = await runTool("systemctl", ["show", "--type=service", "--all", `--property=${properties.join(",")}`, "*"], 20_000);
  if (!out?.trim()) return undefined;
  return out
    .split("\n\n")
    .map((block) => Object.fromEntries(block.split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)])))
    .filter((u) => String(u.Id ?? "").endsWith(".service"))
    .map((u) =>
      entry({
        Name: u.Id,
        DisplayName: u.Description,
        ServiceType: u.Type,
        Status: u.ActiveState === "active" ? "Running" : u.ActiveState === "failed" ? "Failed" : "Stopped",
        StartType: u.UnitFileState === "enabled" ? "Automatic" : u.UnitFileState === "disabled" ? "Manual" : u.UnitFileState,
        ServicesDependedOn: [u.Requires, u.Wants].filter(Boolean).join(" "),
        DependentServices: [u.RequiredBy, u.WantedBy].filter(Boolean).join(" "),
      }),
    );
}

async function fromUnitFiles(): Promise<Record<string, string>[]> {
  const found = new Map<string, Record<string, string>>();
  for (const dir of ["/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system"]) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.endsWith(".service") && !found.has(n))) {
      let text = "";
      try {
        text = await readFile(join(dir, name), "utf8");
      } catch {}
      const value = (key: string) => [...text.matchAll(new RegExp(`^${key}=(.*)$`, "gm"))].map((m) => m[1]?.trim()).join(" ");
      found.set(
        name,
        entry({
          Name: name,
          DisplayName: value("Description"),
          ServiceType: value("Type") || "simple",
          Status: "Unknown",
          StartType: value("WantedBy") ? "Automatic" : "Manual",
          ServicesDependedOn: [value("Requires"), value("Wants"), value("After")].filter(Boolean).join(" "),
          DependentServices: value("WantedBy"),
        }),
      );
    }
  }
  return [...found.values()];
}

export async function services(): Promise<Record<string, string>[]> {
  return (await fromSystemd()) ?? (await fromUnitFiles());
}
