/**
 * @module POST /agent/v1/register: the only way a machine becomes a managed node. Authenticated by the activation;
 * wrong codes slow down their source address and the activation they name with a growing wait, so codes cannot be
 * guessed at speed.
 */
import { randomUUID } from "node:crypto";
import { RegisterRequest, registerPath } from "../../../protocol/agent/registration.ts";
import { InternalServerError, SerializationException, ThrottlingException } from "../../../protocol/errors/errors.ts";
import { ServiceError } from "../../../protocol/errors/service-error.ts";
import { respondError, respondJson } from "../../core/api/respond.ts";
import { machineClock } from "../../core/clock.ts";
import { type BackoffPolicy, FailureBackoff } from "../../core/http/failure-backoff.ts";
import type { Route } from "../../core/http/http-server.ts";
import type { Logger } from "../../core/log.ts";
import { InputValidator } from "../../core/validation/validate-input.ts";
import { type RegistrationDeps, registerNode } from "./register-node.ts";

const validator = new InputValidator(RegisterRequest);
const guessing: BackoffPolicy = { freeFailures: 10, baseMs: 1000, maxMs: 5 * 60_000, forgetAfterMs: 15 * 60_000, maxKeys: 10_000 };

function parse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new SerializationException("The registration request is not valid JSON.");
  }
}

export function registrationRoute(deps: RegistrationDeps, log: Logger, now: () => number): Route {
  const backoff = new FailureBackoff(guessing, machineClock);
  return {
    method: "POST",
    path: registerPath,
    auth: "none",
    async handle(req, res, body) {
      const requestId = randomUUID();
      const source = `source:${req.socket.remoteAddress ?? "unknown"}`;
      let activation = "";
      try {
        const request = validator.validate(parse(body));
        activation = `activation:${request.ActivationId}`;
        const wait = Math.max(backoff.waitFor(source), backoff.waitFor(activation));
        if (wait > 0) {
          res.setHeader("Retry-After", String(Math.ceil(wait / 1000)));
          throw new ThrottlingException("Too many registrations with wrong activation codes; wait before trying again.");
        }
        const instanceId = await registerNode(deps, request, now());
        log.info({ requestId, instanceId }, "managed node registered");
        respondJson(res, 200, { InstanceId: instanceId }, requestId);
      } catch (error) {
        if (error instanceof ServiceError) {
          // Never log the request: it holds the activation code.
          log.info({ requestId, exception: error.exception }, "registration refused");
          if (error.exception === "InvalidActivation") {
            backoff.failed(source);
            backoff.failed(activation);
          }
          respondError(res, error, { "x-amzn-RequestId": requestId });
        } else {
          log.error({ requestId, err: error }, "registration failed");
          respondError(res, new InternalServerError("An internal error occurred."), { "x-amzn-RequestId": requestId });
        }
      }
    },
  };
}
