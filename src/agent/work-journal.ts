/**
 * @module The agent's work journal: an invocation is claimed on disk (exclusive create, fsynced) before it runs, so a
 * redelivery after a reconnect or a crash never runs it again. A claim without a result after a restart means the
 * agent died mid-run: that invocation is reported failed, never re-run.
 */
import { mkdir, open, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";

export type JournalState = "new" | "claimed" | "done";

const validId = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class WorkJournal {
  constructor(private readonly dir: string) {}

  private path(id: string, suffix: "claim" | "result"): string {
    if (!validId.test(id)) throw new Error(`invalid work id: ${id.slice(0, 40)}`);
    return join(this.dir, `${id.replaceAll(":", "_")}.${suffix}`);
  }

  async open(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
  }

  /** Claims `id` for running. `new` only the first time ever; then `claimed` (running or interrupted) or `done`. */
  async claim(id: string, detail: object = {}): Promise<JournalState> {
    try {
      const handle = await open(this.path(id, "claim"), "wx", 0o600);
      try {
        await handle.writeFile(JSON.stringify({ claimedAt: new Date().toISOString(), ...detail }));
        await handle.sync();
      } finally {
        await handle.close();
      }
      await syncDirectory(this.dir);
      return "new";
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      return (await this.result(id)) === undefined ? "claimed" : "done";
    }
  }

  /** Records the outcome (atomically), so a redelivery is answered with it instead of a second run. */
  async finish(id: string, result: object): Promise<void> {
    const path = this.path(id, "result");
    const temporary = `${path}.tmp`;
    const handle = await open(temporary, "w", 0o600);
    try {
      await handle.writeFile(JSON.stringify(result));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    await syncDirectory(this.dir);
  }

  async result<T = unknown>(id: string): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.path(id, "result"), "utf8")) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  /** Ids claimed but never finished: after a restart, the invocations the agent was running when it died. */
  async unfinished(): Promise<string[]> {
    const names = await readdir(this.dir);
    const results = new Set(names.filter((n) => n.endsWith(".result")).map((n) => n.slice(0, -".result".length)));
    return names
      .filter((n) => n.endsWith(".claim") && !results.has(n.slice(0, -".claim".length)))
      .map((n) => n.slice(0, -".claim".length).replaceAll("_", ":"));
  }

  /** Forgets finished entries older than `ageMs` (the server stops redelivering long before). */
  async prune(ageMs: number, now = Date.now()): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.dir)) {
      if (!name.endsWith(".result")) continue;
      const path = join(this.dir, name);
      if (now - (await stat(path)).mtimeMs < ageMs) continue;
      await rm(path.replace(/\.result$/, ".claim"), { force: true });
      await rm(path, { force: true });
      removed++;
    }
    return removed;
  }
}
