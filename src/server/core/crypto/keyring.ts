/** @module The master key and the keys derived from it (HKDF-SHA256); AES-256-GCM sealing with bound context. */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

const masterKeyFile = "master.key";
const ivLength = 12;
const tagLength = 16;

/** Raised when sealed bytes fail authentication: wrong key, wrong context, or tampering. */
export class SealBroken extends Error {}

/** Holds the master key; everything secret at rest is sealed with a key derived from it. */
export class Keyring {
  private readonly derived = new Map<string, Buffer>();
  private constructor(private readonly master: Buffer) {}

  /**
   * Loads the master key from `BOSUN_MASTER_KEY` (base64 of 32 bytes, or a passphrase of 32+ characters) or from
   * `<dataDir>/master.key`, creating that file (mode 0600) on first start.
   */
  static async load(dataDir: string, fromEnv: string | undefined): Promise<Keyring> {
    if (fromEnv !== undefined && fromEnv !== "") return new Keyring(Keyring.parseMaster(fromEnv));
    const path = join(dataDir, masterKeyFile);
    try {
      return new Keyring(Keyring.parseMaster((await readFile(path, "utf8")).trim()));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const key = randomBytes(32);
    await writeFile(path, `${key.toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    await chmod(path, 0o600);
    return new Keyring(key);
  }

  /** A keyring for tests and tools that hold the key in memory. */
  static fromKey(key: Buffer): Keyring {
    return new Keyring(Buffer.from(key));
  }

  private static parseMaster(text: string): Buffer {
    const decoded = Buffer.from(text, "base64");
    if (decoded.length === 32 && decoded.toString("base64") === text) return decoded;
    if (text.length < 32) throw new Error("BOSUN_MASTER_KEY must be base64 of 32 bytes or a passphrase of at least 32 characters");
    return Buffer.from(hkdfSync("sha256", Buffer.from(text, "utf8"), "bosun-master-passphrase", "", 32));
  }

  /** A 32-byte key for one purpose (e.g. `account-kms`) and one context (e.g. an account id). */
  key(purpose: string, context: string): Buffer {
    const id = `${purpose}\u0000${context}`;
    let key = this.derived.get(id);
    if (!key) {
      key = Buffer.from(hkdfSync("sha256", this.master, `bosun:${purpose}`, context, 32));
      this.derived.set(id, key);
    }
    return key;
  }
}

/** AES-256-GCM: iv ‖ tag ‖ ciphertext, with `aad` bound so a sealed value only opens in its own context. */
export function seal(key: Buffer, plaintext: Uint8Array, aad: string): Buffer {
  const iv = randomBytes(ivLength);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Opens what `seal` made with the same key and aad; throws SealBroken otherwise. */
export function open(key: Buffer, sealed: Uint8Array, aad: string): Buffer {
  if (sealed.length < ivLength + tagLength) throw new SealBroken("sealed value too short");
  const bytes = Buffer.from(sealed);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, ivLength));
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(bytes.subarray(ivLength, ivLength + tagLength));
    return Buffer.concat([decipher.update(bytes.subarray(ivLength + tagLength)), decipher.final()]);
  } catch {
    throw new SealBroken("sealed value does not open in this context");
  }
}
