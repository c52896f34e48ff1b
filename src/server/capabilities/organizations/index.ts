/**
 * @module AWS Organizations (a subset, on its own protocol target): organizations, accounts, OUs, delegated
 * administrators.
 */
import { AccessDenied } from "../../../protocol/errors/errors.ts";
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { AccountDirectory } from "../identity/index.ts";
import { createOrganizationAccountAction } from "./actions/create-account.ts";
import { createOrganizationAction } from "./actions/create-organization.ts";
import { createOrganizationalUnitAction } from "./actions/create-organizational-unit.ts";
import { describeCreateAccountStatusAction } from "./actions/describe-create-account-status.ts";
import { describeOrganizationAction } from "./actions/describe-organization.ts";
import { listAccountsAction } from "./actions/list-accounts.ts";
import { listAccountsForParentAction } from "./actions/list-accounts-for-parent.ts";
import { listDelegatedAdministratorsAction } from "./actions/list-delegated-administrators.ts";
import { listOrganizationalUnitsForParentAction } from "./actions/list-organizational-units-for-parent.ts";
import { listRootsAction } from "./actions/list-roots.ts";
import { moveAccountAction } from "./actions/move-account.ts";
import { registerDelegatedAdministratorAction } from "./actions/register-delegated-administrator.ts";
import { organizationsMigrations } from "./migrations.ts";
import type { OrganizationsDeps } from "./organization-shapes.ts";
import { OrganizationsStore } from "./organizations-store.ts";

/** The service principal whose delegated administrators read the organization's fleet data. */
export const systemsManagerPrincipal = "ssm.amazonaws.com";

/** What other capabilities ask of the organization: whose fleet data an account may read. */
export interface OrganizationView {
  /**
   * Every account of the organization, when `accountId` is its management account or a delegated administrator for
   * Systems Manager; undefined otherwise (a member reads only its own data, never another member's).
   */
  fleetAccounts(accountId: string): Promise<string[] | undefined>;
  /** The id (`o-…`) of the organization an account belongs to, for `aws:PrincipalOrgID` in bucket policies. */
  organizationIdOf(accountId: string): Promise<string | undefined>;
}

export interface OrganizationsCapability extends Capability, OrganizationView {}

/**
 * The caller's own account, or, with `allAccounts`, every account of its organization; AccessDenied unless the caller
 * is the management account or a delegated administrator (`what` names the data, for the message).
 */
export async function accountsToRead(
  view: OrganizationView,
  accountId: string,
  allAccounts: boolean | undefined,
  what: string,
): Promise<string[]> {
  if (!allAccounts) return [accountId];
  const accounts = await view.fleetAccounts(accountId);
  if (!accounts)
    throw new AccessDenied(
      `AllAccounts reads other accounts' ${what}: only an organization's management account or a delegated administrator for ssm.amazonaws.com may.`,
    );
  return accounts;
}

export function createOrganizationsCapability(core: CoreServices, accounts: AccountDirectory): OrganizationsCapability {
  const deps: OrganizationsDeps = { store: new OrganizationsStore(core.database.db), keyring: core.keyring, accounts };
  return {
    async organizationIdOf(accountId) {
      return (await deps.store.membership(accountId))?.organization.organization_id;
    },
    async fleetAccounts(accountId) {
      const found = await deps.store.membership(accountId);
      if (!found) return undefined;
      const organizationId = found.organization.organization_id;
      const reads =
        found.organization.management_account_id === accountId ||
        (await deps.store.delegatedAdmins(organizationId, systemsManagerPrincipal)).some((d) => d.account_id === accountId);
      return reads ? (await deps.store.members(organizationId)).map((m) => m.account_id) : undefined;
    },
    name: "organizations",
    migrations: organizationsMigrations,
    actions: [
      createOrganizationAction(deps),
      describeOrganizationAction(deps),
      createOrganizationAccountAction(deps),
      describeCreateAccountStatusAction(deps),
      listAccountsAction(deps),
      listAccountsForParentAction(deps),
      moveAccountAction(deps),
      listRootsAction(deps),
      createOrganizationalUnitAction(deps),
      listOrganizationalUnitsForParentAction(deps),
      registerDelegatedAdministratorAction(deps),
      listDelegatedAdministratorsAction(deps),
    ],
    jobs: [],
  };
}
