/**
 * @module Go binaries: the build information the Go toolchain (1.18+) embeds — the main module, its version and the
 * module dependencies — found by its magic `\xff Go buildinf:` in the first 64 MB of an executable.
 */
import { open } from "node:fs/promises";

const magic = Buffer.from("\xff Go buildinf:", "latin1");
const scanLimit = 64 * 1024 * 1024;

export interface GoModule {
  path: string;
  version: string;
  main: boolean;
}

function varint(buffer: Buffer, offset: number): [value: number, next: number] {
  let value = 0;
  let shift = 0;
  for (let i = offset; i < buffer.length && i < offset + 10; i++) {
    const byte = buffer[i] ?? 0;
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, i + 1];
    shift += 7;
  }
  return [-1, buffer.length];
}

/** The modules of a Go binary, or none when it is not one (or was built before Go 1.18). */
export async function goModules(path: string): Promise<{ goVersion: string; modules: GoModule[] } | undefined> {
  const file = await open(path, "r").catch(() => undefined);
  if (!file) return undefined;
  try {
    const chunk = Buffer.alloc(1024 * 1024 + 64 * 1024);
    for (let position = 0; position < scanLimit; position += 1024 * 1024) {
      const { bytesRead } = await file.read(chunk, 0, chunk.length, position);
      if (bytesRead < magic.length) return undefined;
      const at = chunk.subarray(0, bytesRead).indexOf(magic);
      if (at < 0) continue;
      const header = Buffer.alloc(32 + 64 * 1024);
      const { bytesRead: got } = await file.read(header, 0, header.length, position + at);
      const flags = header[15] ?? 0;
      if ((flags & 0x2) === 0) return undefined;
      const [versionLength, afterVersionLength] = varint(header.subarray(0, got), 32);
      const goVersion = header.subarray(afterVersionLength, afterVersionLength + versionLength).toString("utf8");
      const [infoLength, afterInfoLength] = varint(header.subarray(0, got), afterVersionLength + versionLength);
      // The module information is wrapped in 16-byte sentinels.
      const info = header.subarray(afterInfoLength + 16, afterInfoLength + Math.max(16, infoLength - 16)).toString("utf8");
      const modules: GoModule[] = [];
      for (const line of info.split("\n")) {
        const [kind, modulePath, version] = line.split("\t");
        if ((kind === "mod" || kind === "dep") && modulePath && version) modules.push({ path: modulePath, version, main: kind === "mod" });
      }
      return { goVersion, modules };
    }
    return undefined;
  } finally {
    await file.close();
  }
}
