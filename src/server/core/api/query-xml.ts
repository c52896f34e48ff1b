/** @module The query protocol's answers (STS, IAM): XML text, escaped, with the request id AWS's clients read. */
import type { ServerResponse } from "node:http";

export const xmlText = (text: string): string =>
  text.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c);

export function respondXml(res: ServerResponse, status: number, body: string, requestId: string): void {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
  res.writeHead(status, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(text), "x-amzn-RequestId": requestId });
  res.end(text);
}
