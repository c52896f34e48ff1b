/**
 * @module AWS Organizations through `@aws-sdk/client-organizations` and the real AWS CLI: an organization of three
 * accounts, its tree, delegated administrators, who may call what, and bad input answered with Organizations' own
 * InvalidInputException and Reason.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListDelegatedAdministratorsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  RegisterDelegatedAdministratorCommand,
} from "@aws-sdk/client-organizations";
import { adminKeysOf, newAccount } from "../kit/accounts.ts";
import { apiClient } from "../kit/api-call.ts";
import { awsCli, awsCliMissing } from "../kit/aws-cli.ts";
import { startTestServer, type TestServer } from "../kit/test-server.ts";

type Keys = { accessKeyId: string; secretAccessKey: string };
let t: TestServer;
let home: string;
let management: { accountId: string; admin: Keys };
let outsider: { accountId: string; admin: Keys };
const clients: OrganizationsClient[] = [];
const org = (credentials: Keys) => {
  const client = new OrganizationsClient({ endpoint: t.endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
  clients.push(client);
  return client;
};

/** The error a call fails with: its name and, for InvalidInput/ConstraintViolation, its Reason. */
async function failure(call: Promise<unknown>): Promise<{ name: string; reason?: string; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { name: string; Reason?: string; message: string };
    return { name: e.name, message: e.message, ...(e.Reason ? { reason: e.Reason } : {}) };
  }
  throw new Error("the call succeeded");
}

/** Keys for the `admin` user of an account the organization created (the operator makes them, as in Bosun). */

before(async () => {
  t = await startTestServer();
  home = await mkdtemp(join(tmpdir(), "bosun-org-"));
  // Only the operator account's organization creates accounts (Bosun's operator makes accounts; decision 015).
  management = { accountId: t.accountId, admin: t.admin };
  outsider = await newAccount(t, "outsider");
});
after(async () => {
  for (const client of clients) client.destroy();
  await t?.close();
  await rm(home, { recursive: true, force: true });
});

describe("AWS Organizations", () => {
  let memberA: string;
  let memberB: string;
  let rootId: string;
  let prodOu: string;

  it("lets only the operator create accounts, not the management account of another organization", async () => {
    const own = org((await newAccount(t, "minter")).admin);
    await own.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    const refused = await failure(own.send(new CreateAccountCommand({ Email: "mint@example.com", AccountName: "minted" })));
    assert.equal(refused.name, "AccessDeniedException");
    const { Accounts } = await apiClient(t.endpoint, t.admin).call<{ Accounts: { AccountName: string }[] }>("Bosun.ListAccounts", {});
    assert.ok(!Accounts.some((a) => a.AccountName === "minted"), "no account was made");
  });

  it("makes the caller the management account, once", async () => {
    const mgmt = org(management.admin);
    assert.equal((await failure(mgmt.send(new DescribeOrganizationCommand({})))).name, "AWSOrganizationsNotInUseException");
    const { Organization } = await mgmt.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
    assert.match(Organization?.Id ?? "", /^o-[a-z0-9]{10}$/);
    assert.equal(Organization?.MasterAccountId, management.accountId);
    assert.equal(Organization?.Arn, `arn:aws:organizations::${management.accountId}:organization/${Organization?.Id}`);
    assert.equal(Organization?.FeatureSet, "ALL");
    assert.equal((await failure(mgmt.send(new CreateOrganizationCommand({})))).name, "AlreadyInOrganizationException");
    assert.deepEqual((await mgmt.send(new DescribeOrganizationCommand({}))).Organization, Organization);
  });

  it("creates member accounts that are real Bosun accounts, complete at once", async () => {
    const mgmt = org(management.admin);
    const a = (await mgmt.send(new CreateAccountCommand({ Email: "a@example.com", AccountName: "member-a" }))).CreateAccountStatus;
    assert.equal(a?.State, "SUCCEEDED");
    assert.match(a?.Id ?? "", /^car-[a-z0-9]{8,32}$/);
    assert.match(a?.AccountId ?? "", /^\d{12}$/);
    memberA = a?.AccountId ?? "";
    const b = (await mgmt.send(new CreateAccountCommand({ Email: "b@example.com", AccountName: "member-b" }))).CreateAccountStatus;
    memberB = b?.AccountId ?? "";
    const status = await mgmt.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: a?.Id }));
    assert.equal(status.CreateAccountStatus?.AccountId, memberA);
    const { Accounts } = await apiClient(t.endpoint, t.admin).call<{ Accounts: { AccountId: string; AccountName: string }[] }>(
      "Bosun.ListAccounts",
      {},
    );
    assert.ok(Accounts.some((acct) => acct.AccountId === memberA && acct.AccountName === "member-a"));
    // Its admin can sign in: a key made for it works against Organizations.
    const described = await org(await adminKeysOf(t, memberA)).send(new DescribeOrganizationCommand({}));
    assert.equal(described.Organization?.MasterAccountId, management.accountId);

    const first = await mgmt.send(new ListAccountsCommand({ MaxResults: 2 }));
    assert.equal(first.Accounts?.length, 2);
    assert.ok(first.NextToken);
    const second = await mgmt.send(new ListAccountsCommand({ MaxResults: 2, NextToken: first.NextToken }));
    const all = [...(first.Accounts ?? []), ...(second.Accounts ?? [])];
    assert.deepEqual(all.map((x) => x.Id).sort(), [management.accountId, memberA, memberB].sort());
    const listedA = all.find((x) => x.Id === memberA);
    assert.equal(listedA?.Email, "a@example.com");
    assert.equal(listedA?.JoinedMethod, "CREATED");
    assert.equal(listedA?.Status, "ACTIVE");
  });

  it("keeps a tree of OUs under one root, and moves accounts in it", async () => {
    const mgmt = org(management.admin);
    const roots = (await mgmt.send(new ListRootsCommand({}))).Roots ?? [];
    assert.equal(roots.length, 1);
    rootId = roots[0]?.Id ?? "";
    assert.match(rootId, /^r-[a-z0-9]{4}$/);
    const prod = await mgmt.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "prod" }));
    prodOu = prod.OrganizationalUnit?.Id ?? "";
    assert.match(prodOu, new RegExp(`^ou-${rootId.slice(2)}-[a-z0-9]{8}$`));
    assert.equal(
      (await failure(mgmt.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "prod" })))).name,
      "DuplicateOrganizationalUnitException",
    );
    let parent = prodOu;
    for (let level = 2; level <= 5; level++)
      parent =
        (await mgmt.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: `level-${level}` }))).OrganizationalUnit?.Id ?? "";
    const tooDeep = await failure(mgmt.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: "level-6" })));
    assert.deepEqual([tooDeep.name, tooDeep.reason], ["ConstraintViolationException", "OU_DEPTH_LIMIT_EXCEEDED"]);
    assert.equal(
      (await failure(mgmt.send(new CreateOrganizationalUnitCommand({ ParentId: `ou-${rootId.slice(2)}-zzzzzzzz`, Name: "x" })))).name,
      "ParentNotFoundException",
    );
    const underRoot = await mgmt.send(new ListOrganizationalUnitsForParentCommand({ ParentId: rootId }));
    assert.deepEqual(
      underRoot.OrganizationalUnits?.map((u) => u.Name),
      ["prod"],
    );

    await mgmt.send(new MoveAccountCommand({ AccountId: memberA, SourceParentId: rootId, DestinationParentId: prodOu }));
    const inProd = await mgmt.send(new ListAccountsForParentCommand({ ParentId: prodOu }));
    assert.deepEqual(
      inProd.Accounts?.map((x) => x.Id),
      [memberA],
    );
    const inRoot = await mgmt.send(new ListAccountsForParentCommand({ ParentId: rootId }));
    assert.deepEqual(inRoot.Accounts?.map((x) => x.Id).sort(), [management.accountId, memberB].sort());
    const move = (AccountId: string, SourceParentId: string, DestinationParentId: string) =>
      failure(mgmt.send(new MoveAccountCommand({ AccountId, SourceParentId, DestinationParentId })));
    assert.equal((await move(memberA, rootId, prodOu)).name, "DuplicateAccountException");
    assert.equal((await move(outsider.accountId, rootId, prodOu)).name, "AccountNotFoundException");
    assert.equal((await move(memberB, `ou-${rootId.slice(2)}-zzzzzzzz`, prodOu)).name, "SourceParentNotFoundException");
    assert.equal((await move(memberB, rootId, `ou-${rootId.slice(2)}-zzzzzzzz`)).name, "DestinationParentNotFoundException");
  });

  it("registers a delegated administrator, who may read the organization but not change it", async () => {
    const mgmt = org(management.admin);
    const member = org(await adminKeysOf(t, memberB));
    assert.equal((await failure(member.send(new ListAccountsCommand({})))).name, "AccessDeniedException");
    await mgmt.send(new RegisterDelegatedAdministratorCommand({ AccountId: memberB, ServicePrincipal: "ssm.amazonaws.com" }));
    const again = await failure(
      mgmt.send(new RegisterDelegatedAdministratorCommand({ AccountId: memberB, ServicePrincipal: "ssm.amazonaws.com" })),
    );
    assert.equal(again.name, "AccountAlreadyRegisteredException");
    const self = await failure(
      mgmt.send(new RegisterDelegatedAdministratorCommand({ AccountId: management.accountId, ServicePrincipal: "ssm.amazonaws.com" })),
    );
    assert.deepEqual([self.name, self.reason], ["ConstraintViolationException", "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR"]);
    assert.equal(
      (
        await failure(
          mgmt.send(new RegisterDelegatedAdministratorCommand({ AccountId: outsider.accountId, ServicePrincipal: "ssm.amazonaws.com" })),
        )
      ).name,
      "AccountNotFoundException",
    );
    const delegated = await mgmt.send(new ListDelegatedAdministratorsCommand({ ServicePrincipal: "ssm.amazonaws.com" }));
    assert.deepEqual(
      delegated.DelegatedAdministrators?.map((d) => d.Id),
      [memberB],
    );
    assert.equal((await member.send(new ListAccountsCommand({}))).Accounts?.length, 3, "a delegated administrator reads the accounts");
    assert.equal(
      (await failure(member.send(new CreateAccountCommand({ Email: "x@example.com", AccountName: "x" })))).name,
      "AccessDeniedException",
    );
    const plainMember = org(await adminKeysOf(t, memberA));
    for (const call of [
      () => plainMember.send(new ListAccountsCommand({})),
      () => plainMember.send(new ListRootsCommand({})),
      () => plainMember.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: "mine" })),
      () => plainMember.send(new MoveAccountCommand({ AccountId: memberA, SourceParentId: prodOu, DestinationParentId: rootId })),
      () => plainMember.send(new RegisterDelegatedAdministratorCommand({ AccountId: memberA, ServicePrincipal: "ssm.amazonaws.com" })),
    ])
      assert.equal((await failure(call())).name, "AccessDeniedException");
    const stranger = org(outsider.admin);
    for (const call of [() => stranger.send(new DescribeOrganizationCommand({})), () => stranger.send(new ListAccountsCommand({}))])
      assert.equal((await failure(call())).name, "AWSOrganizationsNotInUseException");
  });

  it("answers bad input with InvalidInputException and the Reason Organizations gives", async () => {
    const mgmt = org(management.admin);
    const cases: [() => Promise<unknown>, string][] = [
      [() => mgmt.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: "car-BAD!" })), "INVALID_PATTERN"],
      [() => mgmt.send(new ListAccountsCommand({ MaxResults: 21 })), "MAX_VALUE_EXCEEDED"],
      [() => mgmt.send(new ListAccountsCommand({ MaxResults: 0 })), "MIN_VALUE_EXCEEDED"],
      [() => mgmt.send(new ListAccountsCommand({ NextToken: "forged" })), "INVALID_NEXT_TOKEN"],
      [() => mgmt.send(new CreateAccountCommand({ Email: "a@b", AccountName: "x" })), "MIN_LENGTH_EXCEEDED"],
      [() => mgmt.send(new CreateAccountCommand({ Email: "nobody", AccountName: "xyz123" })), "INVALID_PATTERN"],
      [() => mgmt.send(new CreateAccountCommand({ Email: "x@example.com", AccountName: "x".repeat(51) })), "MAX_LENGTH_EXCEEDED"],
      [
        () => mgmt.send(new CreateAccountCommand({ Email: "x@example.com", AccountName: "t", Tags: [{ Key: "k", Value: "v" }] })),
        "TARGET_NOT_SUPPORTED",
      ],
      [
        () => mgmt.send(new MoveAccountCommand({ AccountId: "12", SourceParentId: "r-ab12", DestinationParentId: "r-ab12" })),
        "INVALID_PATTERN",
      ],
      [() => org(outsider.admin).send(new CreateOrganizationCommand({ FeatureSet: "SOME" as "ALL" })), "INVALID_ENUM"],
      // The SDK sends what it is given: a required member left out reaches the server.
      [() => mgmt.send(new CreateAccountCommand({ AccountName: "no-email" } as never)), "INPUT_REQUIRED"],
    ];
    for (const [call, reason] of cases) {
      const got = await failure(call());
      assert.deepEqual([got.name, got.reason], ["InvalidInputException", reason], got.message);
    }
    assert.equal(
      (await failure(mgmt.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: "car-0123456789abcdef" })))).name,
      "CreateAccountStatusNotFoundException",
    );
    // Nothing was made by the refused calls: still the three accounts.
    assert.equal((await mgmt.send(new ListAccountsCommand({}))).Accounts?.length, 3);
  });

  it("works from the real AWS CLI", { skip: awsCliMissing() }, async () => {
    const cli = (...args: string[]) => awsCli(t, home, management.admin, "organizations", ...args);
    const described = (await cli("describe-organization")) as { Organization: { MasterAccountId: string } };
    assert.equal(described.Organization.MasterAccountId, management.accountId);
    const listed = (await cli("list-accounts")) as { Accounts: { Id: string }[] };
    assert.equal(listed.Accounts.length, 3, "the CLI follows NextToken itself");
    const ou = (await cli("create-organizational-unit", "--parent-id", rootId, "--name", "staging")) as {
      OrganizationalUnit: { Id: string };
    };
    const units = (await cli("list-organizational-units-for-parent", "--parent-id", rootId)) as { OrganizationalUnits: { Id: string }[] };
    assert.ok(units.OrganizationalUnits.some((u) => u.Id === ou.OrganizationalUnit.Id));
    const roots = (await cli("list-roots")) as { Roots: { Id: string; Name: string }[] };
    assert.deepEqual(
      roots.Roots.map((r) => [r.Id, r.Name]),
      [[rootId, "Root"]],
    );
    const admins = (await cli("list-delegated-administrators", "--service-principal", "ssm.amazonaws.com")) as {
      DelegatedAdministrators: { Id: string }[];
    };
    assert.deepEqual(
      admins.DelegatedAdministrators.map((d) => d.Id),
      [memberB],
    );
  });
});
