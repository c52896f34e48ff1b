/** @module The user a session runs as: its uid, gid and home from the node's user database (getent passwd). */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { userInfo } from "node:os";
import { promisify } from "node:util";

export interface RunAsUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

/** The named user, or the agent's own when none is named; throws when the user does not exist or cannot be taken. */
export async function runAsUser(name: string | undefined): Promise<RunAsUser> {
  const me = userInfo();
  if (!name || name === me.username) return { name: me.username, uid: me.uid, gid: me.gid, home: me.homedir };
  if (!/^[a-z_][a-z0-9_.-]{0,31}\$?$/i.test(name)) throw new Error(`${name} is not a user name.`);
  const { stdout } = await promisify(execFile)("getent", ["passwd", name]).catch(() => ({ stdout: "" }));
  const fields = stdout.trim().split(":");
  if (fields.length < 7) throw new Error(`There is no user ${name} on this node.`);
  // Only an agent running as root can start a process as another user.
  if (me.uid !== 0) throw new Error(`The agent runs as ${me.username} and cannot run a session as ${name}.`);
  // A system user's home may not exist (nobody's is /nonexistent): its sessions start in /.
  const home = fields[5] && existsSync(fields[5]) ? fields[5] : "/";
  return { name, uid: Number(fields[2]), gid: Number(fields[3]), home };
}
