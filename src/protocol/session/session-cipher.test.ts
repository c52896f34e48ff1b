import assert from "node:assert/strict";
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import { PayloadType } from "./client-message.ts";
import { CipherError, cipherOverhead, SessionCipher } from "./session-cipher.ts";

const platform = { createCipheriv, createDecipheriv, randomBytes };

describe("session cipher", () => {
  const dataKey = randomBytes(64);
  const agent = new SessionCipher(dataKey, "agent", platform);
  const client = new SessionCipher(dataKey, "client", platform);

  it("opens at the other end what one end sealed, each way with its own half of the key", () => {
    const keystrokes = Buffer.from("id\r");
    const sealed = client.encrypt(keystrokes);
    assert.equal(sealed.length, keystrokes.length + cipherOverhead);
    assert.deepEqual(agent.decrypt(sealed), keystrokes);
    const output = randomBytes(100_000);
    assert.deepEqual(client.decrypt(agent.encrypt(output)), output);
    // A fresh nonce each time: the same bytes never seal alike.
    assert.notDeepEqual(client.encrypt(keystrokes), client.encrypt(keystrokes));
    // An end cannot open its own payloads: the halves differ by direction.
    assert.throws(() => client.decrypt(client.encrypt(keystrokes)), CipherError);
  });

  it("refuses altered bytes, short payloads and another session's key", () => {
    const sealed = agent.encrypt(Buffer.from("secret output"));
    const altered = Buffer.from(sealed);
    altered[cipherOverhead] = (altered[cipherOverhead] ?? 0) ^ 1;
    assert.throws(() => client.decrypt(altered), CipherError);
    assert.throws(() => client.decrypt(sealed.subarray(0, 20)), CipherError);
    const stranger = new SessionCipher(randomBytes(64), "client", platform);
    assert.throws(() => stranger.decrypt(sealed), CipherError);
    assert.throws(() => new SessionCipher(randomBytes(32), "agent", platform), CipherError);
  });

  it("encrypts what SSM encrypts: the agent's output, errors and exit code; the client's output", () => {
    assert.deepEqual(
      [PayloadType.output, PayloadType.stdErr, PayloadType.exitCode, PayloadType.flag, PayloadType.size].map((t) => agent.encrypts(t)),
      [true, true, true, false, false],
    );
    assert.deepEqual(
      [PayloadType.output, PayloadType.size, PayloadType.flag].map((t) => client.encrypts(t)),
      [true, false, false],
    );
    assert.equal(client.decrypts(PayloadType.exitCode), true);
    assert.equal(agent.decrypts(PayloadType.stdErr), false);
  });
});
