/** @module POST /agent/v1/register: the only way a machine becomes a managed node. Authenticated by the activation. */
import { randomUUID } from "node:crypto";
import { RegisterRequest, registerPath } from "../../../protocol/agent/registration.ts";
import { InternalServerError, SerializationException } from "../../../protocol/errors/errors.ts";
import { ServiceError } from "../../../protocol/errors/service-error.ts";
import { respondError, respondJson } from "../../core/api/respond.ts";
import type { Route } from "../../core/http/http-server.ts";
import type { Logger } from "../../core/log.ts";
import { InputValidator } from "../../core/validation/validate-input.ts";
import { type RegistrationDeps, registerNode } from "./register-node.ts";

const validator = new InputValidator(RegisterRequest);

function parse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new SerializationException("The registration request is not valid JSON.");
  }
}

export function registrationRoute(deps: RegistrationDeps, log: Logger): Route {
  return {
    method: "POST",
    path: registerPath,
    auth: "none",
    async handle(_req, res, body) {
      const requestId = randomUUID();
      try {
        const instanceId = await registerNode(deps, validator.validate(parse(body)), Date.now());
        log.info({ requestId, instanceId }, "managed node registered");
        respondJson(res, 200, { InstanceId: instanceId }, requestId);
      } catch (error) {
        if (error instanceof ServiceError) {
          // Never log the request: it holds the activation code.
          log.info({ requestId, exception: error.exception }, "registration refused");
          respondError(res, error, requestId);
        } else {
          log.error({ requestId, err: error }, "registration failed");
          respondError(res, new InternalServerError("An internal error occurred."), requestId);
        }
      }
    },
  };
}
