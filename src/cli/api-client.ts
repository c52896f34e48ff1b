/** @module Calls Bosun's API the way an AWS SDK does: AWS JSON 1.1, signed with SigV4. */
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { readErrorBody } from "../protocol/errors/error-body.ts";
import type { Credentials } from "./credentials.ts";

export interface ApiClientOptions {
  endpoint: string;
  region: string;
  credentials: Credentials;
}

/** An error the server answered with: its AWS exception name and message. */
export class ApiError extends Error {
  constructor(
    readonly exception: string,
    message: string,
    readonly status: number,
  ) {
    super(`${exception}: ${message}`);
  }
}

/** Organizations' and KMS's actions are signed for their own services; SSM's and Bosun's for `ssm`. */
const serviceOf = (target: string): string =>
  target.startsWith("AWSOrganizationsV20161128.") ? "organizations" : target.startsWith("TrentService.") ? "kms" : "ssm";

export class ApiClient {
  private readonly signers = new Map<string, SignatureV4>();
  constructor(private readonly options: ApiClientOptions) {}

  private signer(service: string): SignatureV4 {
    let signer = this.signers.get(service);
    if (!signer) {
      signer = new SignatureV4({
        credentials: this.options.credentials,
        region: this.options.region,
        service,
        sha256: Hash.bind(null, "sha256"),
      });
      this.signers.set(service, signer);
    }
    return signer;
  }

  /** Calls `target` (e.g. `Bosun.CreateUser` or `AmazonSSM.GetParameter`) with a JSON input. */
  async call<T = Record<string, unknown>>(target: string, input: object): Promise<T> {
    const url = new URL(this.options.endpoint);
    const body = JSON.stringify(input);
    const request = new HttpRequest({
      method: "POST",
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: "/",
      headers: { host: url.host, "content-type": "application/x-amz-json-1.1", "x-amz-target": target },
      body,
    });
    const signed = await this.signer(serviceOf(target)).sign(request);
    const response = await fetch(new URL("/", url), { method: "POST", headers: signed.headers as Record<string, string>, body });
    const payload = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      const error = readErrorBody(response.status, payload, response.headers.get("x-amzn-errortype"));
      throw new ApiError(error.exception, error.message, response.status);
    }
    return payload as T;
  }
}
