/**
 * @module Session-data encryption, as Amazon's plugin and agent do it when the preferences name a KMS key: the agent's
 * handshake asks for it (KMSEncryption, with the key id); the client has KMS make a 64-byte data key bound to the
 * session and the node, and answers with the key's ciphertext; the agent has it opened (Bosun's agent asks its
 * server, which checks the context names that session and node), proves both ends hold the key with a challenge, and
 * from then on stream payloads are AES-256-GCM: a random 12-byte nonce, then the sealed bytes and their tag.
 *
 * The first 32 bytes of the data key are the agent's (it encrypts with them, the client decrypts), the last 32 the
 * client's. The agent encrypts output, standard error and the exit code; the client encrypts its output (keystrokes,
 * port data). Flags, resizes and the handshake stay clear. Pure: the platform brings AES-GCM.
 */
import { PayloadType } from "./client-message.ts";

/** Node's cipher objects, as far as AES-GCM needs them (node:crypto's createCipheriv and createDecipheriv). */
interface GcmCipher {
  update(data: Uint8Array): Uint8Array;
  final(): Uint8Array;
  getAuthTag(): Uint8Array;
}
interface GcmDecipher {
  update(data: Uint8Array): Uint8Array;
  final(): Uint8Array;
  setAuthTag(tag: Uint8Array): unknown;
}

export interface NodeCipherFunctions {
  createCipheriv(algorithm: "aes-256-gcm", key: Uint8Array, iv: Uint8Array): GcmCipher;
  createDecipheriv(algorithm: "aes-256-gcm", key: Uint8Array, iv: Uint8Array): GcmDecipher;
  randomBytes(size: number): Uint8Array;
}

export const nonceBytes = 12;
const tagBytes = 16;
/** What encryption adds to a payload: the nonce and the tag. */
export const cipherOverhead = nonceBytes + tagBytes;
/** The data key's size: two AES-256 keys. */
export const dataKeyBytes = 64;

export class CipherError extends Error {}

/** The encryption context a session's data key is bound to. */
export const sessionKeyContext = (sessionId: string, targetId: string): Record<string, string> => ({
  "aws:ssm:SessionId": sessionId,
  "aws:ssm:TargetId": targetId,
});

/** The payload types each end encrypts. */
export const encryptedBy = {
  agent: new Set<number>([PayloadType.output, PayloadType.stdErr, PayloadType.exitCode]),
  client: new Set<number>([PayloadType.output]),
} as const;

/** The KMSEncryption handshake action's parameters and the client's answer (blobs base64, as Go writes []byte). */
export interface KmsEncryptionRequest {
  KMSKeyId: string;
}
export interface KmsEncryptionResponse {
  KMSCipherTextKey: string;
  KMSCipherTextHash?: string;
}
/** The challenge (payload type 8) and its answer (9): random bytes, encrypted by the agent, re-encrypted by the client. */
export interface EncryptionChallenge {
  Challenge: string;
}

export class SessionCipher {
  private readonly encryptKey: Uint8Array;
  private readonly decryptKey: Uint8Array;

  constructor(
    dataKey: Uint8Array,
    readonly role: "agent" | "client",
    private readonly platform: NodeCipherFunctions,
  ) {
    if (dataKey.length !== dataKeyBytes) throw new CipherError(`a session data key is ${dataKeyBytes} bytes, not ${dataKey.length}`);
    // Copies (Uint8Array.from), never views: callers wipe the data key once the cipher holds it, and a Buffer's slice
    // is a view — a wiped view would leave the session encrypting under zeros.
    const agentHalf = Uint8Array.from(dataKey.subarray(0, dataKeyBytes / 2));
    const clientHalf = Uint8Array.from(dataKey.subarray(dataKeyBytes / 2));
    this.encryptKey = role === "agent" ? agentHalf : clientHalf;
    this.decryptKey = role === "agent" ? clientHalf : agentHalf;
  }

  /** Whether this end encrypts payloads of this type. */
  encrypts(payloadType: number): boolean {
    return encryptedBy[this.role].has(payloadType);
  }

  /** Whether the other end encrypted payloads of this type. */
  decrypts(payloadType: number): boolean {
    return encryptedBy[this.role === "agent" ? "client" : "agent"].has(payloadType);
  }

  encrypt(plaintext: Uint8Array): Buffer {
    const nonce = this.platform.randomBytes(nonceBytes);
    const cipher = this.platform.createCipheriv("aes-256-gcm", this.encryptKey, nonce);
    return Buffer.concat([nonce, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  }

  /** Opens what the other end encrypted; throws CipherError when it does not open (a wrong key, altered bytes). */
  decrypt(sealed: Uint8Array): Buffer {
    if (sealed.length < cipherOverhead) throw new CipherError("an encrypted payload is shorter than its nonce and tag");
    try {
      const decipher = this.platform.createDecipheriv("aes-256-gcm", this.decryptKey, sealed.subarray(0, nonceBytes));
      decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
      return Buffer.concat([decipher.update(sealed.subarray(nonceBytes, sealed.length - tagBytes)), decipher.final()]);
    } catch {
      throw new CipherError("an encrypted payload does not open with the session's key");
    }
  }
}
