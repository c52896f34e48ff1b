/**
 * @module KMS, the part Bosun needs: data keys (GenerateDataKey, Decrypt) under each account's key, for Session
 * Manager's session-data encryption and for SDK users' envelope encryption. Keys are not managed (there is one key per
 * account, named by any key id or alias): see data-keys.ts.
 */
import type { Capability, CoreServices } from "../../core/capability.ts";
import { decryptAction } from "./actions/decrypt.ts";
import { generateDataKeyAction } from "./actions/generate-data-key.ts";

export { keyArnInBlob, keyArnOf, openDataKey } from "./data-keys.ts";

export function createKmsCapability(core: CoreServices): Capability {
  return {
    name: "kms",
    migrations: {},
    actions: [generateDataKeyAction(core.keyring), decryptAction(core.keyring)],
    jobs: [],
  };
}
