/** @module The agent's state folder (0700): its private key, its registration, and later its work journal and logs. */
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const defaultStateDir = "/var/lib/bosun/agent";

export interface Registration {
  InstanceId: string;
  Region: string;
  Server: string;
  ActivationId: string;
  RegisteredAt: string;
}

export const privateKeyPath = (dir: string): string => join(dir, "private-key.pem");
/** A key being rotated in: it replaces private-key.pem once the server has confirmed it. */
export const nextPrivateKeyPath = (dir: string): string => join(dir, "private-key.next.pem");
export const registrationPath = (dir: string): string => join(dir, "registration.json");

/** Creates the folder if needed and makes sure only its owner can enter it. */
export async function ensureStateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

/** Writes a file owner-only, atomically (a crash never leaves half a key or half a registration). */
export async function writePrivateFile(path: string, content: string): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, content, { mode: 0o600 });
  await rename(temporary, path);
}

export async function readRegistration(dir: string): Promise<Registration | undefined> {
  try {
    return JSON.parse(await readFile(registrationPath(dir), "utf8")) as Registration;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}
