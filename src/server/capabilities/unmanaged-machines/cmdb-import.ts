/**
 * @module A CMDB's list of machines, as CSV (with a header row) or JSON (an array of objects). Columns/keys:
 * `id` (required), `region` (required unless a default is given), `state` (running, stopped or terminated; running
 * when absent), `name`, `hostname`, `ip` (or `private_ip`), `public_ip`, `platform`. Header names are matched without
 * regard to case, spaces, dashes or underscores.
 */
import { parse } from "csv-parse/sync";
import type { MachineState, ReportedMachine } from "./machine-store.ts";

export class CmdbFormatError extends Error {}

const states: Record<string, MachineState> = {
  running: "running",
  active: "running",
  stopped: "stopped",
  off: "stopped",
  terminated: "terminated",
  retired: "terminated",
  decommissioned: "terminated",
};

const normalize = (key: string) => key.toLowerCase().replace(/[\s_-]/g, "");
const aliases: Record<string, keyof ReportedMachine> = {
  id: "machine_id",
  machineid: "machine_id",
  instanceid: "machine_id",
  region: "region",
  state: "state",
  status: "state",
  name: "name",
  hostname: "hostname",
  host: "hostname",
  ip: "private_ip",
  ipaddress: "private_ip",
  privateip: "private_ip",
  publicip: "public_ip",
  platform: "platform",
  os: "platform",
};

const regionPattern = /^[a-z]{2}(-[a-z]+)+-\d$/;
const maxMachines = 100_000;

function toMachine(record: Record<string, unknown>, line: number, defaultRegion: string | undefined): ReportedMachine {
  const fields: Partial<Record<keyof ReportedMachine, string>> = {};
  for (const [key, value] of Object.entries(record)) {
    const field = aliases[normalize(key)];
    if (field && value !== null && value !== undefined && String(value).trim() !== "") fields[field] = String(value).trim();
  }
  if (!fields.machine_id) throw new CmdbFormatError(`Machine ${line} has no id.`);
  if (fields.machine_id.length > 256) throw new CmdbFormatError(`Machine ${line}'s id is longer than 256 characters.`);
  const region = fields.region ?? defaultRegion;
  if (!region || !regionPattern.test(region)) throw new CmdbFormatError(`Machine ${line} (${fields.machine_id}) has no valid region.`);
  const state = fields.state ? states[fields.state.toLowerCase()] : "running";
  if (!state) throw new CmdbFormatError(`Machine ${line} (${fields.machine_id}) has the unknown state "${fields.state}".`);
  const text = (value: string | undefined) => (value === undefined ? null : value.slice(0, 256));
  return {
    machine_id: fields.machine_id,
    region,
    state,
    name: text(fields.name),
    hostname: text(fields.hostname),
    private_ip: text(fields.private_ip),
    public_ip: text(fields.public_ip),
    platform: text(fields.platform),
  };
}

export function parseCmdb(content: string, format: "CSV" | "JSON", defaultRegion?: string): ReportedMachine[] {
  let records: Record<string, unknown>[];
  if (format === "JSON") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      throw new CmdbFormatError("The content is not valid JSON.");
    }
    if (!Array.isArray(parsed) || !parsed.every((r) => typeof r === "object" && r !== null && !Array.isArray(r)))
      throw new CmdbFormatError("The JSON content must be an array of objects, one per machine.");
    records = parsed as Record<string, unknown>[];
  } else {
    try {
      records = parse(content, { columns: true, skip_empty_lines: true, trim: true, bom: true }) as Record<string, unknown>[];
    } catch (error) {
      throw new CmdbFormatError(`The CSV content cannot be read: ${(error as Error).message.split("\n")[0]}`);
    }
  }
  if (records.length > maxMachines) throw new CmdbFormatError(`A list holds at most ${maxMachines} machines.`);
  const machines = records.map((record, i) => toMachine(record, i + 1, defaultRegion));
  const seen = new Set<string>();
  for (const m of machines) {
    const key = `${m.region}/${m.machine_id}`;
    if (seen.has(key)) throw new CmdbFormatError(`The machine ${m.machine_id} is listed twice in ${m.region}.`);
    seen.add(key);
  }
  return machines;
}
