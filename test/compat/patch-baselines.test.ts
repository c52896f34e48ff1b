/**
 * Patch baselines and patch groups through the SDK and the real AWS CLI, on the test engine: the predefined baselines
 * of every operating system; an account's own baselines created (idempotently with a ClientToken), read with their
 * defaults, updated member by member or replaced, tagged, listed with every filter and deleted; the default baseline
 * per operating system; patch groups registered, looked up, listed and deregistered, with the rules SSM keeps (one
 * baseline per group and system, a baseline in use cannot go); and SSM's errors for bad input, the tables unchanged.
 */
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CreatePatchBaselineCommand,
  type CreatePatchBaselineCommandInput,
  DeletePatchBaselineCommand,
  DeregisterPatchBaselineForPatchGroupCommand,
  DescribePatchBaselinesCommand,
  DescribePatchGroupsCommand,
  GetDefaultPatchBaselineCommand,
  GetPatchBaselineCommand,
  GetPatchBaselineForPatchGroupCommand,
  ListTagsForResourceCommand,
  RegisterDefaultPatchBaselineCommand,
  RegisterPatchBaselineForPatchGroupCommand,
  type SSMClient,
  UpdatePatchBaselineCommand,
} from "@aws-sdk/client-ssm";
import { awsCliMissing, awsSsm } from "../kit/aws-cli.ts";
import { outcome } from "../kit/outcome.ts";
import { tablesSnapshot } from "../kit/table-snapshot.ts";
import { startTestServer, type TestServer, testEngine } from "../kit/test-server.ts";

let t: TestServer;
let ssm: SSMClient;

before(async () => {
  t = await startTestServer();
  ssm = t.ssm();
});

after(async () => {
  ssm?.destroy();
  await t?.close();
});

const debianRules: CreatePatchBaselineCommandInput = {
  Name: "debian-prod",
  OperatingSystem: "DEBIAN",
  Description: "Security updates of every priority, at once",
  ApprovalRules: {
    PatchRules: [
      {
        PatchFilterGroup: {
          PatchFilters: [
            { Key: "PRIORITY", Values: ["Required", "Important"] },
            { Key: "SECTION", Values: ["*"] },
          ],
        },
        ApproveAfterDays: 0,
        ComplianceLevel: "HIGH",
      },
    ],
  },
  RejectedPatches: ["telnet*"],
  RejectedPatchesAction: "BLOCK",
  Sources: [{ Name: "internal", Products: ["Debian12"], Configuration: "deb http://apt.example/ bookworm main" }],
  Tags: [{ Key: "team", Value: "ops" }],
};

const create = async (input: Partial<CreatePatchBaselineCommandInput> = {}) =>
  (await ssm.send(new CreatePatchBaselineCommand({ ...debianRules, ...input }))).BaselineId ?? "";

/** Every row Patch Manager and tags own, as text: compared before and after bad calls. */
const snapshot = () => tablesSnapshot(t, ["patch_baselines", "patch_default_baselines", "patch_groups", "resource_tags"]);

describe("patch baselines", () => {
  it("has a predefined default baseline for every operating system, readable by its ARN", async () => {
    const listed = await ssm.send(new DescribePatchBaselinesCommand({ Filters: [{ Key: "OWNER", Values: ["AWS"] }] }));
    const identities = listed.BaselineIdentities ?? [];
    const defaults = identities.filter((b) => b.DefaultBaseline).map((b) => b.OperatingSystem);
    for (const os of [
      "WINDOWS",
      "DEBIAN",
      "UBUNTU",
      "AMAZON_LINUX_2",
      "AMAZON_LINUX_2023",
      "REDHAT_ENTERPRISE_LINUX",
      "ROCKY_LINUX",
      "ALMA_LINUX",
    ])
      assert.ok(defaults.includes(os as never), `a default baseline for ${os}`);
    const debian = identities.find((b) => b.BaselineName === "AWS-DebianDefaultPatchBaseline");
    assert.match(debian?.BaselineId ?? "", /^arn:aws:ssm:us-east-1::patchbaseline\/pb-[0-9a-f]{17}$/);
    const got = await ssm.send(new GetPatchBaselineCommand({ BaselineId: debian?.BaselineId }));
    assert.equal(got.OperatingSystem, "DEBIAN");
    assert.deepEqual(
      got.ApprovalRules?.PatchRules?.[0]?.PatchFilterGroup?.PatchFilters?.map((f) => f.Key),
      ["PRODUCT", "SECTION", "PRIORITY"],
    );
    const windows = await ssm.send(new GetDefaultPatchBaselineCommand({}));
    assert.equal(windows.OperatingSystem, "WINDOWS");
    const named = identities.find((b) => b.BaselineId === windows.BaselineId);
    assert.equal(named?.BaselineName, "AWS-WindowsPredefinedPatchBaseline-OS");
    await assert.rejects(ssm.send(new DeletePatchBaselineCommand({ BaselineId: debian?.BaselineId })), { name: "InvalidResourceId" });
    await assert.rejects(ssm.send(new UpdatePatchBaselineCommand({ BaselineId: debian?.BaselineId, Name: "mine" })), {
      name: "InvalidResourceId",
    });
  });

  it("creates a baseline, answers it with its defaults and tags, and repeats a ClientToken's answer", async () => {
    const id = await create({ ClientToken: "token-1" });
    assert.match(id, /^pb-[0-9a-f]{17}$/);
    assert.equal(await create({ ClientToken: "token-1" }), id, "the same request with the same token makes nothing new");
    await assert.rejects(create({ ClientToken: "token-1", Name: "other-name" }), { name: "IdempotentParameterMismatch" });
    const got = await ssm.send(new GetPatchBaselineCommand({ BaselineId: id }));
    assert.equal(got.Name, "debian-prod");
    assert.equal(got.OperatingSystem, "DEBIAN");
    assert.equal(got.Description, "Security updates of every priority, at once");
    assert.equal(got.ApprovalRules?.PatchRules?.[0]?.ComplianceLevel, "HIGH");
    assert.deepEqual(got.RejectedPatches, ["telnet*"]);
    assert.equal(got.RejectedPatchesAction, "BLOCK");
    assert.deepEqual(got.ApprovedPatches, []);
    assert.equal(got.ApprovedPatchesComplianceLevel, "UNSPECIFIED");
    assert.equal(got.ApprovedPatchesEnableNonSecurity, false);
    assert.deepEqual(got.GlobalFilters, { PatchFilters: [] });
    assert.equal(got.Sources?.[0]?.Name, "internal");
    assert.deepEqual(got.PatchGroups, []);
    assert.ok(got.CreatedDate instanceof Date && got.ModifiedDate instanceof Date);
    // By its ARN, too.
    const byArn = await ssm.send(new GetPatchBaselineCommand({ BaselineId: `arn:aws:ssm:us-east-1:${t.accountId}:patchbaseline/${id}` }));
    assert.equal(byArn.BaselineId, id);
    const tags = await ssm.send(new ListTagsForResourceCommand({ ResourceType: "PatchBaseline", ResourceId: id }));
    assert.deepEqual(tags.TagList, [{ Key: "team", Value: "ops" }]);
    const windows = await create({
      Name: "windows-default-os",
      OperatingSystem: undefined,
      ApprovalRules: undefined,
      Sources: undefined,
      ApprovedPatches: ["KB5050001"],
      ApprovedPatchesComplianceLevel: "CRITICAL",
      AvailableSecurityUpdatesComplianceStatus: "COMPLIANT",
    });
    const windowsBaseline = await ssm.send(new GetPatchBaselineCommand({ BaselineId: windows }));
    assert.deepEqual(
      [
        windowsBaseline.OperatingSystem,
        windowsBaseline.ApprovedPatchesComplianceLevel,
        windowsBaseline.AvailableSecurityUpdatesComplianceStatus,
      ],
      ["WINDOWS", "CRITICAL", "COMPLIANT"],
    );
  });

  it("updates the members a request names, or replaces the whole baseline", async () => {
    const id = await create({ Name: "to-update" });
    const merged = await ssm.send(new UpdatePatchBaselineCommand({ BaselineId: id, ApprovedPatches: ["openssl"], Name: "updated" }));
    assert.equal(merged.Name, "updated");
    assert.deepEqual(merged.ApprovedPatches, ["openssl"]);
    assert.deepEqual(merged.RejectedPatches, ["telnet*"], "what the request leaves out stays");
    assert.equal(merged.OperatingSystem, "DEBIAN");
    const levels = await ssm.send(
      new UpdatePatchBaselineCommand({
        BaselineId: id,
        ApprovedPatchesComplianceLevel: "MEDIUM",
        AvailableSecurityUpdatesComplianceStatus: "NON_COMPLIANT",
      }),
    );
    assert.deepEqual([levels.ApprovedPatchesComplianceLevel, levels.AvailableSecurityUpdatesComplianceStatus], ["MEDIUM", "NON_COMPLIANT"]);
    const replaced = await ssm.send(new UpdatePatchBaselineCommand({ BaselineId: id, Replace: true, ApprovedPatches: ["curl"] }));
    assert.deepEqual(replaced.ApprovedPatches, ["curl"]);
    assert.deepEqual(replaced.RejectedPatches, [], "Replace resets what the request leaves out");
    assert.deepEqual(replaced.ApprovalRules, { PatchRules: [] });
    assert.equal(replaced.RejectedPatchesAction, "ALLOW_AS_DEPENDENCY");
    assert.equal(replaced.ApprovedPatchesComplianceLevel, "UNSPECIFIED");
    assert.equal(replaced.AvailableSecurityUpdatesComplianceStatus, undefined);
    assert.equal(replaced.Name, "updated");
    const got = await ssm.send(new GetPatchBaselineCommand({ BaselineId: id }));
    assert.deepEqual(got.ApprovedPatches, ["curl"]);
  });

  it("lists baselines by owner, operating system and name prefix", async () => {
    const own = await ssm.send(new DescribePatchBaselinesCommand({ Filters: [{ Key: "OWNER", Values: ["Self"] }] }));
    assert.ok((own.BaselineIdentities ?? []).length >= 2);
    assert.ok((own.BaselineIdentities ?? []).every((b) => b.BaselineId?.startsWith("pb-")));
    const all = await ssm.send(new DescribePatchBaselinesCommand({ Filters: [{ Key: "OWNER", Values: ["All"] }] }));
    const none = await ssm.send(new DescribePatchBaselinesCommand({}));
    assert.equal(all.BaselineIdentities?.length, none.BaselineIdentities?.length);
    const debian = await ssm.send(
      new DescribePatchBaselinesCommand({
        Filters: [
          { Key: "OPERATING_SYSTEM", Values: ["DEBIAN"] },
          { Key: "NAME_PREFIX", Values: ["debian-"] },
        ],
      }),
    );
    assert.deepEqual(
      debian.BaselineIdentities?.map((b) => [b.BaselineName, b.OperatingSystem, b.DefaultBaseline]),
      [["debian-prod", "DEBIAN", false]],
    );
    const paged = await ssm.send(new DescribePatchBaselinesCommand({ MaxResults: 2 }));
    assert.equal(paged.BaselineIdentities?.length, 2);
    const next = await ssm.send(new DescribePatchBaselinesCommand({ MaxResults: 2, NextToken: paged.NextToken }));
    assert.notDeepEqual(next.BaselineIdentities, paged.BaselineIdentities);
  });

  it("registers an account's default baseline per operating system, and a default cannot be deleted", async () => {
    const id = await create({ Name: "debian-default" });
    const predefined = (await ssm.send(new GetDefaultPatchBaselineCommand({ OperatingSystem: "DEBIAN" }))).BaselineId ?? "";
    assert.match(predefined, /^arn:aws:ssm:/);
    assert.equal((await ssm.send(new RegisterDefaultPatchBaselineCommand({ BaselineId: id }))).BaselineId, id);
    const registered = await ssm.send(new GetDefaultPatchBaselineCommand({ OperatingSystem: "DEBIAN" }));
    assert.deepEqual([registered.BaselineId, registered.OperatingSystem], [id, "DEBIAN"]);
    const listed = await ssm.send(new DescribePatchBaselinesCommand({ Filters: [{ Key: "OPERATING_SYSTEM", Values: ["DEBIAN"] }] }));
    assert.deepEqual(
      listed.BaselineIdentities?.filter((b) => b.DefaultBaseline).map((b) => b.BaselineId),
      [id],
      "one default per operating system",
    );
    await assert.rejects(ssm.send(new DeletePatchBaselineCommand({ BaselineId: id })), { name: "ResourceInUseException" });
    // Registering the predefined default goes back to it.
    await ssm.send(new RegisterDefaultPatchBaselineCommand({ BaselineId: predefined }));
    assert.equal((await ssm.send(new GetDefaultPatchBaselineCommand({ OperatingSystem: "DEBIAN" }))).BaselineId, predefined);
    assert.equal((await ssm.send(new DeletePatchBaselineCommand({ BaselineId: id }))).BaselineId, id);
    await assert.rejects(ssm.send(new GetPatchBaselineCommand({ BaselineId: id })), { name: "DoesNotExistException" });
    assert.equal((await ssm.send(new DeletePatchBaselineCommand({ BaselineId: id }))).BaselineId, id, "deleting again is no error");
  });

  it("registers patch groups: one baseline per group and operating system, looked up, listed and deregistered", async () => {
    const debian = await create({ Name: "groups-debian" });
    const ubuntu = await create({ Name: "groups-ubuntu", OperatingSystem: "UBUNTU", Sources: undefined });
    await ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: debian, PatchGroup: "web servers" }));
    await ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: debian, PatchGroup: "db" }));
    // Another operating system's baseline for the same group is allowed; a second one for the same system is not.
    await ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: ubuntu, PatchGroup: "web servers" }));
    const other = await create({ Name: "groups-debian-2" });
    await assert.rejects(ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: other, PatchGroup: "db" })), {
      name: "AlreadyExistsException",
    });
    const forGroup = await ssm.send(new GetPatchBaselineForPatchGroupCommand({ PatchGroup: "web servers", OperatingSystem: "UBUNTU" }));
    assert.equal(forGroup.BaselineId, ubuntu);
    const unregistered = await ssm.send(new GetPatchBaselineForPatchGroupCommand({ PatchGroup: "nobody", OperatingSystem: "DEBIAN" }));
    assert.equal(unregistered.BaselineId, (await ssm.send(new GetDefaultPatchBaselineCommand({ OperatingSystem: "DEBIAN" }))).BaselineId);
    assert.deepEqual((await ssm.send(new GetPatchBaselineCommand({ BaselineId: debian }))).PatchGroups, ["db", "web servers"]);
    const groups = await ssm.send(new DescribePatchGroupsCommand({}));
    assert.deepEqual(
      groups.Mappings?.map((m) => [m.PatchGroup, m.BaselineIdentity?.BaselineName]),
      [
        ["db", "groups-debian"],
        ["web servers", "groups-debian"],
        ["web servers", "groups-ubuntu"],
      ],
    );
    const filtered = await ssm.send(
      new DescribePatchGroupsCommand({
        Filters: [
          { Key: "NAME_PREFIX", Values: ["web"] },
          { Key: "OPERATING_SYSTEM", Values: ["UBUNTU"] },
        ],
      }),
    );
    assert.deepEqual(
      filtered.Mappings?.map((m) => m.BaselineIdentity?.BaselineId),
      [ubuntu],
    );
    await assert.rejects(ssm.send(new DeletePatchBaselineCommand({ BaselineId: ubuntu })), { name: "ResourceInUseException" });
    await ssm.send(new DeregisterPatchBaselineForPatchGroupCommand({ BaselineId: ubuntu, PatchGroup: "web servers" }));
    await assert.rejects(ssm.send(new DeregisterPatchBaselineForPatchGroupCommand({ BaselineId: ubuntu, PatchGroup: "web servers" })), {
      name: "InvalidResourceId",
    });
    await ssm.send(new DeletePatchBaselineCommand({ BaselineId: ubuntu }));
    const predefined = (await ssm.send(new GetDefaultPatchBaselineCommand({ OperatingSystem: "UBUNTU" }))).BaselineId;
    await assert.rejects(ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: predefined, PatchGroup: "x" })), {
      name: "InvalidResourceId",
    });
  });

  it("answers bad input with SSM's errors and changes nothing", async () => {
    const id = await create({ Name: "bad-input" });
    const before = await snapshot();
    const rules = (rule: Record<string, unknown>) => ({ PatchRules: [{ PatchFilterGroup: { PatchFilters: [] }, ...rule }] });
    const cases: [string, () => Promise<unknown>, string][] = [
      ["a name outside the pattern", () => create({ Name: "no spaces allowed" }), "ValidationException"],
      ["an unknown operating system", () => create({ OperatingSystem: "BEOS" as "DEBIAN" }), "ValidationException"],
      [
        "a filter key the operating system does not know",
        () => create({ GlobalFilters: { PatchFilters: [{ Key: "MSRC_SEVERITY", Values: ["Critical"] }] } }),
        "ValidationException",
      ],
      [
        "a filter key twice",
        () =>
          create({
            GlobalFilters: {
              PatchFilters: [
                { Key: "PRIORITY", Values: ["Required"] },
                { Key: "PRIORITY", Values: ["Optional"] },
              ],
            },
          }),
        "ValidationException",
      ],
      [
        "a rule with both delays",
        () => create({ ApprovalRules: rules({ ApproveAfterDays: 1, ApproveUntilDate: "2026-12-01" }) as never }),
        "ValidationException",
      ],
      ["a rule with neither delay", () => create({ ApprovalRules: rules({}) as never }), "ValidationException"],
      [
        "a date that is no date",
        () => create({ ApprovalRules: rules({ ApproveUntilDate: "2026-02-30" }) as never }),
        "ValidationException",
      ],
      ["ApproveAfterDays past 360", () => create({ ApprovalRules: rules({ ApproveAfterDays: 361 }) as never }), "ValidationException"],
      [
        "eleven rules",
        () => create({ ApprovalRules: { PatchRules: Array(11).fill(rules({ ApproveAfterDays: 1 }).PatchRules[0]) } }),
        "ValidationException",
      ],
      [
        "fifty-one approved patches",
        () => create({ ApprovedPatches: Array.from({ length: 51 }, (_, i) => `p${i}`) }),
        "ValidationException",
      ],
      ["sources on Windows", () => create({ OperatingSystem: "WINDOWS", ApprovalRules: undefined }), "ValidationException"],
      ["an unknown rejected-patches action", () => create({ RejectedPatchesAction: "IGNORE" as "BLOCK" }), "ValidationException"],
      [
        "an id that is no baseline id",
        () => ssm.send(new GetPatchBaselineCommand({ BaselineId: "not-a-baseline-id-at-all" })),
        "InvalidResourceId",
      ],
      [
        "a baseline that does not exist",
        () => ssm.send(new GetPatchBaselineCommand({ BaselineId: "pb-0123456789abcdef0" })),
        "DoesNotExistException",
      ],
      ["a short id", () => ssm.send(new GetPatchBaselineCommand({ BaselineId: "pb-1" })), "ValidationException"],
      [
        "another account's baseline ARN",
        () => ssm.send(new GetPatchBaselineCommand({ BaselineId: `arn:aws:ssm:us-east-1:111122223333:patchbaseline/${id}` })),
        "InvalidResourceId",
      ],
      [
        "updating one that does not exist",
        () => ssm.send(new UpdatePatchBaselineCommand({ BaselineId: "pb-0123456789abcdef0" })),
        "DoesNotExistException",
      ],
      [
        "a patch group outside the pattern",
        () => ssm.send(new RegisterPatchBaselineForPatchGroupCommand({ BaselineId: id, PatchGroup: "no*stars" })),
        "ValidationException",
      ],
      [
        "a default that does not exist",
        () => ssm.send(new RegisterDefaultPatchBaselineCommand({ BaselineId: "pb-0123456789abcdef0" })),
        "DoesNotExistException",
      ],
      [
        "an unknown listing filter",
        () => ssm.send(new DescribePatchBaselinesCommand({ Filters: [{ Key: "COLOUR", Values: ["red"] }] })),
        "ValidationException",
      ],
      [
        "a listing filter without values",
        () => ssm.send(new DescribePatchGroupsCommand({ Filters: [{ Key: "NAME_PREFIX", Values: [] }] })),
        "ValidationException",
      ],
      ["MaxResults past 100", () => ssm.send(new DescribePatchGroupsCommand({ MaxResults: 101 })), "ValidationException"],
      ["a forged token", () => ssm.send(new DescribePatchBaselinesCommand({ NextToken: "forged" })), "InvalidNextToken"],
      [
        "an unknown default operating system",
        () => ssm.send(new GetDefaultPatchBaselineCommand({ OperatingSystem: "BEOS" as "DEBIAN" })),
        "ValidationException",
      ],
    ];
    for (const [what, call, error] of cases) assert.equal(await outcome(call()), error, what);
    assert.equal(await snapshot(), before);
  });

  // The CLI sees the server's answers, which the SDK cases above check on both engines: one pass of it is enough.
  const cliSkip = awsCliMissing() ?? (testEngine === "postgres" ? "the AWS CLI case runs in the SQLite pass" : undefined);
  it("works from the real AWS CLI", { skip: cliSkip }, async () => {
    const home = await mkdtemp(join(tmpdir(), "bosun-patch-cli-"));
    try {
      const created = await awsSsm(
        t,
        home,
        "create-patch-baseline",
        "--name",
        "cli-rocky",
        "--operating-system",
        "ROCKY_LINUX",
        "--approval-rules",
        "PatchRules=[{PatchFilterGroup={PatchFilters=[{Key=CLASSIFICATION,Values=[Security]},{Key=SEVERITY,Values=[Critical,Important]}]},ApproveAfterDays=7,ComplianceLevel=CRITICAL}]",
        "--approved-patches",
        "kernel",
      );
      const id = String(created.BaselineId);
      assert.match(id, /^pb-/);
      const got = await awsSsm(t, home, "get-patch-baseline", "--baseline-id", id);
      assert.equal(got.OperatingSystem, "ROCKY_LINUX");
      assert.deepEqual(got.ApprovedPatches, ["kernel"]);
      await awsSsm(t, home, "register-patch-baseline-for-patch-group", "--baseline-id", id, "--patch-group", "cli-group");
      const forGroup = await awsSsm(
        t,
        home,
        "get-patch-baseline-for-patch-group",
        "--patch-group",
        "cli-group",
        "--operating-system",
        "ROCKY_LINUX",
      );
      assert.equal(forGroup.BaselineId, id);
      const groups = await awsSsm(t, home, "describe-patch-groups", "--filters", "Key=NAME_PREFIX,Values=cli-");
      assert.deepEqual(
        (groups.Mappings as { PatchGroup: string }[]).map((m) => m.PatchGroup),
        ["cli-group"],
      );
      const listed = await awsSsm(t, home, "describe-patch-baselines", "--filters", "Key=NAME_PREFIX,Values=cli-");
      assert.deepEqual(
        (listed.BaselineIdentities as { BaselineId: string }[]).map((b) => b.BaselineId),
        [id],
      );
      await awsSsm(t, home, "register-default-patch-baseline", "--baseline-id", id);
      const byDefault = await awsSsm(t, home, "get-default-patch-baseline", "--operating-system", "ROCKY_LINUX");
      assert.equal(byDefault.BaselineId, id);
      const updated = await awsSsm(t, home, "update-patch-baseline", "--baseline-id", id, "--rejected-patches", "telnet");
      assert.deepEqual(updated.RejectedPatches, ["telnet"]);
      await awsSsm(t, home, "deregister-patch-baseline-for-patch-group", "--baseline-id", id, "--patch-group", "cli-group");
      const predefined = await awsSsm(
        t,
        home,
        "describe-patch-baselines",
        "--filters",
        "Key=OWNER,Values=AWS",
        "Key=OPERATING_SYSTEM,Values=ROCKY_LINUX",
      );
      const rocky = (predefined.BaselineIdentities as { BaselineId: string }[])[0]?.BaselineId ?? "";
      await awsSsm(t, home, "register-default-patch-baseline", "--baseline-id", rocky);
      const deleted = await awsSsm(t, home, "delete-patch-baseline", "--baseline-id", id);
      assert.equal(deleted.BaselineId, id);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
