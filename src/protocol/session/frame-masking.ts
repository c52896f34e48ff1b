/**
 * @module Whether a session's WebSocket client must mask its frames. RFC 6455 has clients mask every frame so that an
 * intermediary reading the connection cannot be fooled by bytes a browser script chose (cache poisoning). Masking a
 * 128 KiB message costs a copy and its garbage on every hop a session's bytes cross from a client; where no
 * intermediary can read the bytes — TLS (`wss:`) or a loopback address — the agent and the plugin send a zero mask,
 * which the `ws` library (its `generateMask` option) sends without copying. Browsers always mask.
 */

const loopbackHosts = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Whether frames to this `ws:`/`wss:` URL must carry a real mask. */
export function framesNeedMask(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return true;
  }
  return parsed.protocol !== "wss:" && !loopbackHosts.test(parsed.hostname);
}

/** The `ws` client options for a session socket to this URL: a zero mask (left as allocated) where none is needed. */
export function maskOptions(url: string): { generateMask?: (mask: Uint8Array) => void } {
  return framesNeedMask(url) ? {} : { generateMask: () => undefined };
}
