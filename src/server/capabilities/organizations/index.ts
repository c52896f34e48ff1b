/** @module AWS Organizations (a subset, on its own protocol target): organizations, accounts, OUs, delegated administrators. */
import { AccessDenied } from "../../../protocol/errors/errors.ts";
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { AccountDirectory } from "../identity/index.ts";
import {
  createAccountAction,
  describeCreateAccountStatusAction,
  listAccountsAction,
  listAccountsForParentAction,
  moveAccountAction,
} from "./actions/accounts.ts";
import { listDelegatedAdministratorsAction, registerDelegatedAdministratorAction } from "./actions/delegated-administrators.ts";
import { createOrganizationAction, describeOrganizationAction } from "./actions/organization.ts";
import { createOrganizationalUnitAction, listOrganizationalUnitsForParentAction, listRootsAction } from "./actions/units.ts";
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
      createAccountAction(deps),
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
