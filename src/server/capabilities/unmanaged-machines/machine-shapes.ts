/** @module What the unmanaged-machine actions share: their dependencies, and who may act for which account. */
import { AccessDenied } from "../../../protocol/errors/errors.ts";
import type { ActionContext } from "../../core/api/action.ts";
import type { Keyring } from "../../core/crypto/keyring.ts";
import type { Logger } from "../../core/log.ts";
import type { ManagedNodesCapability } from "../managed-nodes/index.ts";
import { accountsToRead, type OrganizationView } from "../organizations/index.ts";
import type { AwsAccess } from "./ec2-discovery.ts";
import type { MachineStore } from "./machine-store.ts";

export interface MachineDeps {
  store: MachineStore;
  nodes: ManagedNodesCapability;
  organization: OrganizationView;
  keyring: Keyring;
  aws: AwsAccess;
  log: Logger;
  /** How long a node may miss heartbeats before it counts as offline. */
  lostAfterMs: number;
}

/** The caller's own account, or every account it reads in its organization (AllAccounts). */
export const accountsFor = (deps: MachineDeps, ctx: ActionContext, allAccounts: boolean | undefined): Promise<string[]> =>
  accountsToRead(deps.organization, ctx.accountId, allAccounts, "machines");

/** The account a source belongs to: the caller's, or a member's when the caller administers the organization. */
export async function targetAccount(deps: MachineDeps, ctx: ActionContext, accountId: string | undefined): Promise<string> {
  if (accountId === undefined || accountId === ctx.accountId) return ctx.accountId;
  if (!(await deps.organization.fleetAccounts(ctx.accountId))?.includes(accountId))
    throw new AccessDenied(`Only the organization's management account or a delegated administrator configures sources for ${accountId}.`);
  return accountId;
}
