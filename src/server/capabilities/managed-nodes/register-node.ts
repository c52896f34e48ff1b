/** @module Registers a machine with an activation: checks the code, the region, the expiry and the limit, atomically. */
import { createPublicKey, randomBytes } from "node:crypto";
import type { RegisterRequest } from "../../../protocol/agent/registration.ts";
import { ActivationExpired, ActivationLimitExceeded, InvalidActivation, ValidationException } from "../../../protocol/errors/errors.ts";
import type { TagStore } from "../tags/index.ts";
import { activationCodeMatches } from "./activation-code.ts";
import type { ActivationStore } from "./activation-store.ts";
import type { InstanceStore } from "./instance-store.ts";
import { activationResourceType, managedInstanceResourceType } from "./managed-node-shapes.ts";

/** SSM's standard tier: 1,000 hybrid nodes per account and region. */
/** SSM's standard tier: 1,000 hybrid nodes per account and region (a server can be configured for more). */
export const defaultMaxNodesPerScope = 1000;

const invalidActivation =
  "The activation isn't valid. The activation might have been deleted, or the ActivationId and the ActivationCode don't match.";

export const newInstanceId = (): string => `mi-${randomBytes(9).toString("hex").slice(0, 17)}`;

function checkPublicKey(base64: string): void {
  try {
    const key = createPublicKey({ key: Buffer.from(base64, "base64"), format: "der", type: "spki" });
    if (key.asymmetricKeyType !== "ed25519") throw new Error("not ed25519");
  } catch {
    throw new ValidationException("PublicKey must be the base64 DER (SubjectPublicKeyInfo) of an Ed25519 public key.");
  }
}

export interface RegistrationDeps {
  activations: ActivationStore;
  instances: InstanceStore;
  tags: TagStore;
  maxNodesPerScope: number;
}

/** Returns the new node's id; throws InvalidActivation, ActivationExpired or ActivationLimitExceeded and creates nothing. */
export async function registerNode(deps: RegistrationDeps, request: RegisterRequest, now: number): Promise<string> {
  checkPublicKey(request.PublicKey);
  const activation = await deps.activations.getForRegistration(request.ActivationId);
  // The code is checked before anything else is revealed about the activation.
  if (!activation || !activationCodeMatches(request.ActivationCode, activation.code_sha256) || activation.region !== request.Region) {
    throw new InvalidActivation(invalidActivation);
  }
  if (activation.expires_at <= now) throw new ActivationExpired("The activation has expired; create a new one.");
  const scope = { accountId: activation.account_id, region: activation.region };
  const instanceId = newInstanceId();
  const tags = await deps.tags.list(scope, activationResourceType, activation.activation_id);
  // Every query below goes through the transaction's handle: on SQLite any other query would wait for it forever.
  await deps.activations.transaction(async (store) => {
    if (!(await store.claimRegistration(activation.activation_id))) {
      throw new ActivationLimitExceeded(`The activation has reached its registration limit of ${activation.registration_limit}.`);
    }
    if ((await deps.instances.countInScope(scope, store.handle)) >= deps.maxNodesPerScope) {
      throw new ActivationLimitExceeded(
        `The account already has ${deps.maxNodesPerScope} managed nodes in ${scope.region}, this server's limit.`,
      );
    }
    await deps.instances.insert(
      {
        instance_id: instanceId,
        account_id: scope.accountId,
        region: scope.region,
        activation_id: activation.activation_id,
        iam_role: activation.iam_role,
        name: activation.default_instance_name,
        registered_at: now,
        public_key: request.PublicKey,
        previous_public_key: null,
        previous_key_valid_until: null,
        platform_type: null,
        platform_name: null,
        platform_version: null,
        agent_version: null,
        ip_address: null,
        computer_name: request.Hostname ?? null,
        last_ping_at: null,
        agent_stopped_at: null,
        terminated_at: null,
      },
      store.handle,
    );
    // As in SSM, the activation's tags are applied to the nodes that register with it.
    if (tags.length > 0) await deps.tags.put(scope, managedInstanceResourceType, instanceId, tags, store.handle);
  });
  return instanceId;
}
