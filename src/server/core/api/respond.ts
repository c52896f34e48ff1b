/** @module Writes AWS JSON 1.1 responses (results and ServiceErrors) with a request id. */
import type { ServerResponse } from "node:http";
import type { ServiceError } from "../../../protocol/errors/service-error.ts";

const contentType = "application/x-amz-json-1.1";

export function respondJson(res: ServerResponse, status: number, payload: object, requestId: string): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text), "x-amzn-RequestId": requestId });
  res.end(text);
}

export function respondError(res: ServerResponse, error: ServiceError, requestId: string): void {
  respondJson(res, error.status, error.toBody(), requestId);
}
