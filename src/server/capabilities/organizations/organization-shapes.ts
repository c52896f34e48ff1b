/**
 * @module What the Organizations actions share: member shapes from the model, ids and ARNs as AWS writes them, the
 * JSON of organizations, accounts, roots and OUs, who may call what, and pages whose bad tokens are
 * InvalidInputException (INVALID_NEXT_TOKEN), as Organizations answers.
 */
import { randomBytes } from "node:crypto";
import { Type } from "@sinclair/typebox";
import { AccessDenied, InvalidInput, OrganizationsNotInUse, ParentNotFound } from "../../../protocol/errors/errors.ts";
import { ServiceError } from "../../../protocol/errors/service-error.ts";
import type { ActionContext } from "../../core/api/action.ts";
import { indexPage } from "../../core/api/next-token.ts";
import type { Keyring } from "../../core/crypto/keyring.ts";
import { AwsInteger, AwsList, AwsString } from "../../core/validation/aws-shapes.ts";
import type { AccountDirectory } from "../identity/index.ts";
import type { MemberRow, OrganizationRow, OrganizationsStore, UnitRow } from "./organizations-store.ts";

export interface OrganizationsDeps {
  store: OrganizationsStore;
  keyring: Keyring;
  accounts: AccountDirectory;
}

export const ParentIdShape = () => AwsString({ max: 100, pattern: "^(r-[0-9a-z]{4,32})|(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$" });
export const AccountIdShape = () => AwsString({ max: 12, pattern: "^\\d{12}$" });
export const ServicePrincipalShape = () => AwsString({ min: 1, max: 128, pattern: "[\\w+=,.@-]*" });
export const pageMembers = () => ({
  NextToken: Type.Optional(AwsString({ max: 100000, pattern: "[\\s\\S]*" })),
  MaxResults: Type.Optional(AwsInteger({ min: 1, max: 20 })),
});
export const TagsShape = () =>
  AwsList(
    Type.Object({
      Key: AwsString({ min: 1, max: 128, pattern: "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$" }),
      Value: AwsString({ min: 0, max: 256, pattern: "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$" }),
    }),
  );

/** Organizations' tags need their own API (ListTagsForResource), which Bosun does not have yet: refused, not dropped. */
export function refuseTags(tags: readonly unknown[] | undefined): void {
  if (tags && tags.length > 0)
    throw new InvalidInput("Bosun does not keep tags on organization resources yet; create it without Tags.").with({
      Reason: "TARGET_NOT_SUPPORTED",
    });
}

const lowerAlnum = (length: number): string => {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(length), (b) => alphabet[b % alphabet.length]).join("");
};
export const newOrganizationId = () => `o-${lowerAlnum(10)}`;
export const newRootId = () => `r-${lowerAlnum(4)}`;
export const newUnitId = (rootId: string) => `ou-${rootId.slice(2)}-${lowerAlnum(8)}`;
export const newCreateAccountRequestId = () => `car-${randomBytes(16).toString("hex")}`;

/** Bosun accounts have no mailbox: an account that did not give one gets an address in the reserved `.invalid` domain. */
export const placeholderEmail = (accountId: string) => `${accountId}@accounts.bosun.invalid`;

const arnBase = (org: OrganizationRow) => `arn:aws:organizations::${org.management_account_id}`;
export const organizationArn = (org: OrganizationRow) => `${arnBase(org)}:organization/${org.organization_id}`;
export const accountArn = (org: OrganizationRow, accountId: string) => `${arnBase(org)}:account/${org.organization_id}/${accountId}`;
export const rootArn = (org: OrganizationRow) => `${arnBase(org)}:root/${org.organization_id}/${org.root_id}`;
export const unitArn = (org: OrganizationRow, ouId: string) => `${arnBase(org)}:ou/${org.organization_id}/${ouId}`;

const seconds = (ms: number) => ms / 1000;

export const organizationJson = (org: OrganizationRow, management: MemberRow | undefined) => ({
  Id: org.organization_id,
  Arn: organizationArn(org),
  FeatureSet: org.feature_set,
  MasterAccountArn: accountArn(org, org.management_account_id),
  MasterAccountId: org.management_account_id,
  MasterAccountEmail: management?.email ?? placeholderEmail(org.management_account_id),
  AvailablePolicyTypes: [],
});

export const accountJson = (org: OrganizationRow, member: MemberRow) => ({
  Id: member.account_id,
  Arn: accountArn(org, member.account_id),
  Email: member.email,
  Name: member.name,
  Status: "ACTIVE",
  State: "ACTIVE",
  JoinedMethod: member.joined_method,
  JoinedTimestamp: seconds(member.joined_at),
});

export const rootJson = (org: OrganizationRow) => ({ Id: org.root_id, Arn: rootArn(org), Name: "Root", PolicyTypes: [] });

export const unitJson = (org: OrganizationRow, unit: UnitRow) => ({ Id: unit.ou_id, Arn: unitArn(org, unit.ou_id), Name: unit.name });

/** The caller's organization; AWSOrganizationsNotInUseException when its account belongs to none. */
export async function callerOrganization(deps: OrganizationsDeps, ctx: ActionContext) {
  const found = await deps.store.membership(ctx.accountId);
  if (!found) throw new OrganizationsNotInUse("Your account is not a member of an organization.");
  return found;
}

const denied = () => new AccessDenied("You don't have permissions to access this resource.");

/** For actions only the management account may call. */
export async function asManagement(deps: OrganizationsDeps, ctx: ActionContext): Promise<OrganizationRow> {
  const { organization } = await callerOrganization(deps, ctx);
  if (organization.management_account_id !== ctx.accountId) throw denied();
  return organization;
}

/** For the read actions AWS also opens to a delegated administrator (of any service). */
export async function asReader(deps: OrganizationsDeps, ctx: ActionContext): Promise<OrganizationRow> {
  const { organization } = await callerOrganization(deps, ctx);
  if (organization.management_account_id === ctx.accountId) return organization;
  const delegated = await deps.store.delegatedAdmins(organization.organization_id);
  if (!delegated.some((d) => d.account_id === ctx.accountId)) throw denied();
  return organization;
}

/** A page of `items`; a token that is not ours is InvalidInputException (INVALID_NEXT_TOKEN). */
export function organizationsPage<T>(
  deps: OrganizationsDeps,
  ctx: ActionContext,
  action: string,
  items: readonly T[],
  input: { NextToken?: string | undefined; MaxResults?: number | undefined },
): { page: T[]; nextToken?: string } {
  try {
    return indexPage(deps.keyring, ctx, action, items, input.NextToken, input.MaxResults ?? 20);
  } catch (error) {
    if (error instanceof ServiceError && error.exception === "InvalidNextToken")
      throw new InvalidInput("The NextToken is not valid for this request.").with({ Reason: "INVALID_NEXT_TOKEN" });
    throw error;
  }
}

/** Throws ParentNotFoundException unless `parentId` is the organization's root or one of its OUs. */
export async function requireParent(deps: OrganizationsDeps, org: OrganizationRow, parentId: string): Promise<void> {
  if (!(await parentExists(deps, org, parentId))) throw new ParentNotFound(`No root or OU ${parentId} in this organization.`);
}

/** Whether `parentId` is the organization's root or one of its OUs. */
export async function parentExists(deps: OrganizationsDeps, org: OrganizationRow, parentId: string): Promise<boolean> {
  return parentId === org.root_id || (await deps.store.unit(org.organization_id, parentId)) !== undefined;
}
