/**
 * @module Writes AWS JSON 1.1 responses: results, and ServiceErrors from the catalog — the API's, and every route's
 * and limit's outside it (sign-in, the agent channel, 404, 413, 503), so no error body is built by hand anywhere.
 */
import type { ServerResponse } from "node:http";
import type { ServiceError } from "../../../protocol/errors/service-error.ts";

const contentType = "application/x-amz-json-1.1";

function writeJson(res: ServerResponse, status: number, payload: object, headers: Record<string, string>): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

export function respondJson(res: ServerResponse, status: number, payload: object, requestId: string): void {
  writeJson(res, status, payload, { "x-amzn-RequestId": requestId });
}

/** An error with its catalog status and body, named in `x-amzn-ErrorType`; `headers` add a request id, Retry-After, … */
export function respondError(res: ServerResponse, error: ServiceError, headers: Record<string, string> = {}): void {
  writeJson(res, error.status, error.toBody(), { "x-amzn-ErrorType": error.exception, ...headers });
}

/** The raw HTTP/1.1 response for an error, for a socket that never reached the HTTP parser. */
export function rawErrorResponse(error: ServiceError): Buffer {
  const text = JSON.stringify(error.toBody());
  const reason = error.status === 503 ? "Service Unavailable" : "Bad Request";
  return Buffer.from(
    `HTTP/1.1 ${error.status} ${reason}\r\nContent-Type: ${contentType}\r\nx-amzn-ErrorType: ${error.exception}\r\n` +
      `Connection: close\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}
