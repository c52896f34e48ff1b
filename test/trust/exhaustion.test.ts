/**
 * @module Requests that try to exhaust the server before they are authenticated: oversized and stalled bodies, a
 * total budget for bodies being received, slow headers, idle connections and a connection flood. The server refuses
 * clearly (413, 503), closes what stalls, and /health answers afterwards.
 */
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { after, before, describe, it } from "node:test";
import { startTestServer, type TestServer } from "../kit/test-server.ts";
import { waitFor } from "../kit/wait.ts";

let t: TestServer;
let port: number;
const limits = {
  maxConnections: 40,
  maxPendingBodyBytes: 1024 * 1024,
  headersTimeoutMs: 1000,
  requestTimeoutMs: 2000,
  keepAliveTimeoutMs: 1000,
};
const sockets: Socket[] = [];

before(async () => {
  t = await startTestServer({ httpLimits: limits });
  port = Number(new URL(t.endpoint).port);
});
after(async () => {
  for (const socket of sockets) socket.destroy();
  await t?.close();
});

/** A raw connection that records what the server says and whether it closed. */
function open(): Promise<{ socket: Socket; text: () => string; closed: () => boolean }> {
  return new Promise((resolve, reject) => {
    let received = "";
    let closed = false;
    const socket = connect(port, "127.0.0.1", () => resolve({ socket, text: () => received, closed: () => closed }));
    sockets.push(socket);
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("close", () => {
      closed = true;
    });
    socket.on("error", reject);
  });
}

const apiHeaders = (length: number) =>
  `POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AmazonSSM.GetParameter\r\nContent-Length: ${length}\r\n\r\n`;

async function healthy(): Promise<boolean> {
  const response = await fetch(new URL("/health", t.endpoint)).catch(() => undefined);
  return response?.status === 200;
}

describe("requests that would exhaust the server before authentication", () => {
  it("refuses a Content-Length over the action's limit before reading the body", async () => {
    const c = await open();
    c.socket.write(apiHeaders(64 * 1024 * 1024));
    await waitFor(() => c.closed());
    assert.match(c.text(), /^HTTP\/1\.1 413 /);
    assert.match(c.text(), /RequestEntityTooLargeException/);
  });

  it("caps the bytes of bodies being received at once: a body past the budget is answered 503 at once", async () => {
    const stalled = [await open(), await open()];
    for (const c of stalled) c.socket.write(apiHeaders(500 * 1024));
    const third = await open();
    third.socket.write(apiHeaders(500 * 1024));
    await waitFor(() => third.closed());
    assert.match(third.text(), /^HTTP\/1\.1 503 /);
    assert.match(third.text(), /ServiceUnavailableException/);
    // The stalled bodies are cut off by the request timeout, which gives their bytes back.
    await waitFor(() => stalled.every((c) => c.closed()), 15_000);
    const fourth = await open();
    fourth.socket.write(apiHeaders(2));
    fourth.socket.write("{}");
    await waitFor(() => fourth.text().includes("\r\n\r\n"));
    assert.match(fourth.text(), /^HTTP\/1\.1 400 /, "a small body is read and answered (unsigned: 400)");
    assert.match(fourth.text(), /MissingAuthenticationTokenException/);
  });

  it("closes a connection whose headers come too slowly, and an idle one", async () => {
    const slow = await open();
    slow.socket.write("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    const timer = setInterval(() => slow.socket.writable && slow.socket.write("X-Slow: 1\r\n"), 200);
    const idle = await open();
    try {
      await waitFor(() => slow.closed() && idle.closed(), 15_000);
    } finally {
      clearInterval(timer);
    }
    assert.ok(await healthy());
  });

  it("keeps serving through a flood of idle connections: the longest idle one makes room for a newcomer", async () => {
    const flood = [];
    for (let i = 0; i < limits.maxConnections + 20; i++) flood.push(await open());
    assert.ok(await healthy(), "/health answers while the flood holds every slot");
    await waitFor(() => flood.slice(0, 20).every((c) => c.closed()));
    for (const c of flood) c.socket.destroy();
  });

  it("answers 503 when every connection is busy with a request, and serves again once they go", async () => {
    const busy = [];
    for (let i = 0; i < limits.maxConnections; i++) {
      const c = await open();
      // With Expect: 100-continue the server says when it has the headers: from then on the request is under way.
      c.socket.write(apiHeaders(100).replace("\r\n\r\n", "\r\nExpect: 100-continue\r\n\r\n"));
      busy.push(c);
    }
    await waitFor(() => busy.every((c) => c.text().includes("100 Continue")));
    const refused = await open();
    await waitFor(() => refused.closed());
    assert.match(refused.text(), /^HTTP\/1\.1 503 /);
    for (const c of busy) c.socket.destroy();
    await waitFor(healthy);
  });

  it("logs an aborted unauthenticated request without a stack trace", async () => {
    const c = await open();
    c.socket.write(apiHeaders(1000));
    c.socket.write("{");
    c.socket.destroy();
    await waitFor(healthy);
    assert.doesNotMatch(t.logText(), /route failed|"stack"/);
  });
});
