/** @module Every error response outside the API's dispatch (routes, limits, the agent channel) comes from the catalog. */
import type { ServerResponse } from "node:http";
import type { ServiceError } from "../../../protocol/errors/service-error.ts";

/** Answers with the error's catalog status and AWS JSON body; `close` ends the connection after it. */
export function sendError(res: ServerResponse, error: ServiceError, headers: Record<string, string> = {}, close = false): void {
  const text = JSON.stringify(error.toBody());
  res.writeHead(error.status, {
    "Content-Type": "application/x-amz-json-1.1",
    "Content-Length": Buffer.byteLength(text),
    "x-amzn-ErrorType": error.exception,
    ...(close ? { Connection: "close" } : {}),
    ...headers,
  });
  res.end(text);
}

/** The raw HTTP/1.1 response for an error, for a socket that never reached the HTTP parser. */
export function rawErrorResponse(error: ServiceError): Buffer {
  const text = JSON.stringify(error.toBody());
  const reason = error.status === 503 ? "Service Unavailable" : "Bad Request";
  return Buffer.from(
    `HTTP/1.1 ${error.status} ${reason}\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-ErrorType: ${error.exception}\r\n` +
      `Connection: close\r\nContent-Length: ${Buffer.byteLength(text)}\r\n\r\n${text}`,
  );
}
