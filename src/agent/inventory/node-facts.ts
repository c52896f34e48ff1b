/** @module AWS:Network, AWS:InstanceDetailedInformation and AWS:AWSComponent: facts about the node itself. */
import { readFile } from "node:fs/promises";
import { cpus, networkInterfaces, release } from "node:os";
import { agentVersion } from "../platform-info.ts";
import { entry } from "./run-tool.ts";

async function text(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch {
    return "";
  }
}

/** The default gateway of each interface, from the kernel's routing table (hex, little-endian). */
async function gateways(): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (const line of (await text("/proc/net/route")).split("\n").slice(1)) {
    const [iface, destination, gateway] = line.trim().split(/\s+/);
    if (!iface || destination !== "00000000" || !gateway) continue;
    const bytes = (gateway.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16));
    found.set(iface, bytes.join("."));
  }
  return found;
}

export async function network(): Promise<Record<string, string>[]> {
  const dns = (await text("/etc/resolv.conf"))
    .split("\n")
    .filter((l) => l.startsWith("nameserver"))
    .map((l) => l.split(/\s+/)[1])
    .join(",");
  const routes = await gateways();
  return Object.entries(networkInterfaces()).map(([name, addresses = []]) => {
    const v4 = addresses.filter((a) => a.family === "IPv4");
    const v6 = addresses.filter((a) => a.family === "IPv6");
    return entry({
      Name: name,
      MacAddress: addresses[0]?.mac,
      IPV4: v4.map((a) => a.address).join(","),
      IPV6: v6.map((a) => a.address).join(","),
      SubnetMask: v4.map((a) => a.netmask).join(","),
      Gateway: routes.get(name),
      DNSServer: dns,
    });
  });
}

export async function detailedInformation(): Promise<Record<string, string>[]> {
  const info = await text("/proc/cpuinfo");
  const sockets = new Set([...info.matchAll(/^physical id\s*:\s*(\d+)/gm)].map((m) => m[1])).size || 1;
  const coresPerSocket = Number(/^cpu cores\s*:\s*(\d+)/m.exec(info)?.[1] ?? cpus().length);
  const all = cpus();
  return [
    entry({
      CPUModel: all[0]?.model,
      CPUs: all.length,
      CPUCores: coresPerSocket * sockets,
      CPUSockets: sockets,
      CPUSpeedMHz: all[0]?.speed,
      CPUHyperThreadEnabled: String(all.length > coresPerSocket * sockets),
      KernelVersion: release(),
    }),
  ];
}

export function awsComponents(): Record<string, string>[] {
  return [entry({ Name: "bosun-agent", Version: agentVersion, ApplicationType: "agent", Publisher: "Bosun", Architecture: process.arch })];
}
