/** @module What a node tells the server about itself: platform, address, computer name, agent version. */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { hostname, networkInterfaces, platform, release } from "node:os";

export const agentVersion: string = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;

export interface PlatformInfo {
  Type: "Linux" | "MacOS" | "Windows";
  Name: string;
  Version: string;
}

/** Reads /etc/os-release on Linux (NAME, VERSION_ID), as SSM's PlatformName/PlatformVersion show them. */
export async function platformInfo(): Promise<PlatformInfo> {
  const os = platform();
  if (os === "darwin") return { Type: "MacOS", Name: "macOS", Version: release() };
  if (os === "win32") return { Type: "Windows", Name: "Windows", Version: release() };
  const fields: Record<string, string> = {};
  try {
    for (const line of (await readFile("/etc/os-release", "utf8")).split("\n")) {
      const m = /^([A-Z_]+)=(?:"(.*)"|(.*))$/.exec(line);
      if (m?.[1]) fields[m[1]] = m[2] ?? m[3] ?? "";
    }
  } catch {
    // Not every Linux has os-release; the kernel release still says something.
  }
  return { Type: "Linux", Name: fields.NAME ?? "Linux", Version: fields.VERSION_ID ?? release() };
}

/** The first non-internal IPv4 address, else the first IPv6 one. */
export function primaryAddress(): string | undefined {
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && !a.internal);
  return (addresses.find((a) => a?.family === "IPv4") ?? addresses[0])?.address;
}

/** The machine's name as the node reports it; `BOSUN_AGENT_COMPUTER_NAME` names it where the host name says nothing (containers, the demo). */
export const computerName = (): string => process.env.BOSUN_AGENT_COMPUTER_NAME || hostname();
