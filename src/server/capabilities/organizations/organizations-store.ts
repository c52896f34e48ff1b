/** @module Reads and writes of organizations. Organizations are global (no Region); every query names its organization. */
import type { AnyDb } from "../../core/store/database.ts";
import { TransactionalStore } from "../../core/store/transactional-store.ts";

export interface OrganizationRow {
  organization_id: string;
  management_account_id: string;
  feature_set: string;
  root_id: string;
  created_at: number;
}

export interface MemberRow {
  account_id: string;
  organization_id: string;
  parent_id: string;
  name: string;
  email: string;
  joined_method: "CREATED" | "INVITED";
  joined_at: number;
}

export interface UnitRow {
  ou_id: string;
  organization_id: string;
  parent_id: string;
  name: string;
  created_at: number;
}

export interface CreateAccountRow {
  request_id: string;
  organization_id: string;
  account_id: string;
  account_name: string;
  state: string;
  requested_at: number;
  completed_at: number;
}

export interface DelegatedAdminRow {
  organization_id: string;
  account_id: string;
  service_principal: string;
  registered_at: number;
}

type Tables = {
  organizations: OrganizationRow;
  organization_accounts: MemberRow;
  organizational_units: UnitRow;
  create_account_requests: CreateAccountRow;
  delegated_administrators: DelegatedAdminRow;
};

export class OrganizationsStore extends TransactionalStore<Tables> {
  constructor(db: AnyDb) {
    super(db);
  }

  /** The organization an account belongs to, with its membership; undefined when it belongs to none. */
  async membership(accountId: string): Promise<{ organization: OrganizationRow; member: MemberRow } | undefined> {
    const member = await this.db.selectFrom("organization_accounts").selectAll().where("account_id", "=", accountId).executeTakeFirst();
    if (!member) return undefined;
    const organization = await this.db
      .selectFrom("organizations")
      .selectAll()
      .where("organization_id", "=", member.organization_id)
      .executeTakeFirstOrThrow();
    return { organization, member };
  }

  async createOrganization(organization: OrganizationRow, management: MemberRow): Promise<void> {
    await this.db.insertInto("organizations").values(organization).execute();
    await this.db.insertInto("organization_accounts").values(management).execute();
  }

  async addMember(member: MemberRow, request: CreateAccountRow): Promise<void> {
    await this.db.insertInto("organization_accounts").values(member).execute();
    await this.db.insertInto("create_account_requests").values(request).execute();
  }

  async createAccountRequest(organizationId: string, requestId: string): Promise<CreateAccountRow | undefined> {
    return this.db
      .selectFrom("create_account_requests")
      .selectAll()
      .where("organization_id", "=", organizationId)
      .where("request_id", "=", requestId)
      .executeTakeFirst();
  }

  async members(organizationId: string, parentId?: string): Promise<MemberRow[]> {
    return this.db
      .selectFrom("organization_accounts")
      .selectAll()
      .where("organization_id", "=", organizationId)
      .$if(parentId !== undefined, (q) => q.where("parent_id", "=", parentId ?? ""))
      .orderBy("account_id")
      .execute();
  }

  async member(organizationId: string, accountId: string): Promise<MemberRow | undefined> {
    return this.db
      .selectFrom("organization_accounts")
      .selectAll()
      .where("organization_id", "=", organizationId)
      .where("account_id", "=", accountId)
      .executeTakeFirst();
  }

  async moveMember(organizationId: string, accountId: string, parentId: string): Promise<void> {
    await this.db
      .updateTable("organization_accounts")
      .set({ parent_id: parentId })
      .where("organization_id", "=", organizationId)
      .where("account_id", "=", accountId)
      .execute();
  }

  async unit(organizationId: string, ouId: string): Promise<UnitRow | undefined> {
    return this.db
      .selectFrom("organizational_units")
      .selectAll()
      .where("organization_id", "=", organizationId)
      .where("ou_id", "=", ouId)
      .executeTakeFirst();
  }

  async units(organizationId: string, parentId: string): Promise<UnitRow[]> {
    return this.db
      .selectFrom("organizational_units")
      .selectAll()
      .where("organization_id", "=", organizationId)
      .where("parent_id", "=", parentId)
      .orderBy("ou_id")
      .execute();
  }

  async addUnit(unit: UnitRow): Promise<void> {
    await this.db.insertInto("organizational_units").values(unit).execute();
  }

  async delegatedAdmins(organizationId: string, servicePrincipal?: string): Promise<DelegatedAdminRow[]> {
    return this.db
      .selectFrom("delegated_administrators")
      .selectAll()
      .where("organization_id", "=", organizationId)
      .$if(servicePrincipal !== undefined, (q) => q.where("service_principal", "=", servicePrincipal ?? ""))
      .orderBy("account_id")
      .orderBy("service_principal")
      .execute();
  }

  async addDelegatedAdmin(row: DelegatedAdminRow): Promise<void> {
    await this.db.insertInto("delegated_administrators").values(row).execute();
  }
}
