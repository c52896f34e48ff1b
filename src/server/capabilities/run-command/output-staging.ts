/**
 * @module Full command output on its way to the object store: an agent streams each step's stdout and stderr in
 * offset-addressed chunks; they are appended to a staging file (never held in memory), and moved to the bucket
 * when the agent's result arrives. A chunk that does not continue the file is refused with the size held, so the
 * agent resumes from there (from 0 after a restart of this server).
 */
import { mkdir, open, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import type { OutputStream } from "../../../protocol/agent/channel.ts";

export class OutputStaging {
  constructor(private readonly root: string) {}

  private dir(commandId: string, instanceId: string): string {
    return join(this.root, commandId, instanceId);
  }

  pathOf(commandId: string, instanceId: string, step: number, stream: OutputStream): string {
    return join(this.dir(commandId, instanceId), `${step}.${stream}`);
  }

  async size(path: string): Promise<number> {
    try {
      return (await stat(path)).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw error;
    }
  }

  /** Writes a chunk at `offset` when it continues the staged bytes (0 starts over); returns the size now held. */
  async append(commandId: string, instanceId: string, step: number, stream: OutputStream, offset: number, data: Buffer): Promise<number> {
    const path = this.pathOf(commandId, instanceId, step, stream);
    const held = await this.size(path);
    if (offset !== 0 && offset !== held) return held;
    await mkdir(this.dir(commandId, instanceId), { recursive: true, mode: 0o700 });
    const handle = await open(path, offset === 0 ? "w" : "a", 0o600);
    try {
      await handle.write(data);
    } finally {
      await handle.close();
    }
    return offset + data.length;
  }

  async discard(commandId: string, instanceId: string): Promise<void> {
    await rm(this.dir(commandId, instanceId), { recursive: true, force: true });
  }
}
