/** @module Identity: accounts, IAM users and policies, access keys and session tokens; it answers SigV4 key lookups. */
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { Principal } from "../../core/iam/principal.ts";
import type { AccessKeyLookup } from "../../core/sigv4/verify-signature.ts";
import { createAccessKeyAction } from "./actions/create-access-key.ts";
import { createBosunAccountAction, provisionAccount } from "./actions/create-account.ts";
import { createUserAction } from "./actions/create-user.ts";
import { deleteAccessKeyAction } from "./actions/delete-access-key.ts";
import { deleteLoginProfileAction } from "./actions/delete-login-profile.ts";
import { deleteUserAction } from "./actions/delete-user.ts";
import { deleteUserPolicyAction } from "./actions/delete-user-policy.ts";
import { getSessionTokenAction } from "./actions/get-session-token.ts";
import { getUserAction } from "./actions/get-user.ts";
import { getUserPolicyAction } from "./actions/get-user-policy.ts";
import { listAccessKeysAction } from "./actions/list-access-keys.ts";
import { listAccountsAction } from "./actions/list-accounts.ts";
import { listUserPoliciesAction } from "./actions/list-user-policies.ts";
import { listUserTagsAction } from "./actions/list-user-tags.ts";
import { listUsersAction } from "./actions/list-users.ts";
import { putLoginProfileAction } from "./actions/put-login-profile.ts";
import { putUserPolicyAction } from "./actions/put-user-policy.ts";
import { tagUserAction } from "./actions/tag-user.ts";
import { untagUserAction } from "./actions/untag-user.ts";
import { updateAccessKeyAction } from "./actions/update-access-key.ts";
import { type BootstrapResult, bootstrapAdmin, type RootKeys } from "./bootstrap-admin.ts";
import { consoleSignInRoute } from "./console-signin-route.ts";
import { IdentityStore, newAccountId } from "./identity-store.ts";
import { identityMigrations } from "./migrations.ts";

export { adminCredentialsFile, type BootstrapResult, type RootKeys } from "./bootstrap-admin.ts";

export interface IdentityCapability extends Capability {
  lookupAccessKey: AccessKeyLookup<Principal>;
  bootstrap(dataDir: string, rootKeys: RootKeys | undefined): Promise<BootstrapResult>;
  /** Accounts as other capabilities see them (Organizations' CreateAccount makes real accounts). */
  accounts: AccountDirectory;
  /** Users' tags as other capabilities read them (Session Manager's `SSMSessionRunAs`). */
  userTags: UserTagReader;
}

export interface UserTagReader {
  /** The value of a user's tag, or undefined (no such tag, or no such user: the root keys have none). */
  valueOf(accountId: string, userName: string, key: string): Promise<string | undefined>;
}

export interface AccountDirectory {
  /** Makes an account with an `admin` user; returns its id. */
  create(name: string, now: number): Promise<string>;
  find(accountId: string): Promise<{ accountId: string; name: string } | undefined>;
}

export function createIdentityCapability(core: CoreServices): IdentityCapability {
  const store = new IdentityStore(core.database.db, core.keyring);
  return {
    name: "identity",
    migrations: identityMigrations,
    actions: [
      createBosunAccountAction(store),
      listAccountsAction(store),
      createUserAction(store),
      putUserPolicyAction(store),
      createAccessKeyAction(store),
      deleteAccessKeyAction(store),
      getSessionTokenAction(store),
      putLoginProfileAction(store),
      getUserAction(store),
      listUsersAction(store),
      deleteUserAction(store),
      deleteLoginProfileAction(store),
      listAccessKeysAction(store),
      updateAccessKeyAction(store),
      getUserPolicyAction(store),
      listUserPoliciesAction(store),
      deleteUserPolicyAction(store),
      tagUserAction(store),
      untagUserAction(store),
      listUserTagsAction(store),
    ],
    routes: [consoleSignInRoute(store, core.log, core.now)],
    jobs: [{ name: "purge-expired-session-keys", intervalMs: 3_600_000, run: (now) => store.purgeExpiredKeys(now) }],
    lookupAccessKey: (accessKeyId) => store.findAccessKey(accessKeyId),
    bootstrap: (dataDir, rootKeys) => bootstrapAdmin(store, dataDir, rootKeys, core.log, core.now()),
    accounts: {
      async create(name, now) {
        let accountId = newAccountId();
        while (await store.findAccount(accountId)) accountId = newAccountId();
        await provisionAccount(store, accountId, name, now);
        return accountId;
      },
      find: (accountId) => store.findAccount(accountId),
    },
    userTags: {
      valueOf: async (accountId, userName, key) => (await store.listUserTags(accountId, userName)).find((tag) => tag.Key === key)?.Value,
    },
  };
}
