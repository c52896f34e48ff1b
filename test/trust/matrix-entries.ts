/**
 * @module The permission and tenancy matrix: one entry per API action. An entry says how to call the action on a
 * resource of the fixture (and on one that does not exist), which resource that is, and every spelling of it. The
 * matrix test (permission-matrix.test.ts) fails when an action has no entry, so a new action joins the harness.
 */

/** What the fixture made in account A, us-east-1; `missing` names resources that do not exist. */
export interface Fixture {
  accountId: string;
  nodeId: string;
  activationId: string;
  associationId: string;
  commandId: string;
  baselineId: string;
  windowId: string;
  windowTargetId: string;
  windowTaskId: string;
}

/** A kind of resource: the canonical ARN of the fixture's, and how else a request may name it. */
export interface ResourceKind {
  /** The reference to A's resource, and one of the same kind that does not exist. */
  ref(f: Fixture): string;
  missing(f: Fixture): string;
  arn(f: Fixture): string;
  /** Every spelling of `ref` that names the same resource. */
  spellings(f: Fixture): string[];
  /** Not regional (an account's machine sources, a bucket): another Region is not foreign. */
  global?: true;
  /**
   * What another account hears when it is not a plain not-found: S3 answers another account's bucket with
   * AccessDenied (403, not 404), since bucket names are global; Bosun does the same.
   */
  foreignAnswer?: string;
}

const ssmArn = (f: Fixture, path: string) => `arn:aws:ssm:us-east-1:${f.accountId}:${path}`;

export const kinds = {
  parameter: {
    ref: () => "/matrix/param",
    missing: () => "/matrix/none",
    arn: (f) => ssmArn(f, "parameter/matrix/param"),
    spellings: () => ["/matrix/param", " /matrix/param", "/matrix/param "],
  },
  document: {
    ref: () => "MatrixDoc",
    missing: () => "MatrixNone",
    arn: (f) => ssmArn(f, "document/MatrixDoc"),
    spellings: (f) => [
      "MatrixDoc",
      ssmArn(f, "document/MatrixDoc"),
      "arn:aws:ssm:::document/MatrixDoc",
      `arn:aws:ssm::${f.accountId}:document/MatrixDoc`,
    ],
  },
  node: {
    ref: (f) => f.nodeId,
    missing: () => "mi-0000000000000000a",
    arn: (f) => ssmArn(f, `managed-instance/${f.nodeId}`),
    spellings: (f) => [f.nodeId],
  },
  inventory: {
    ref: (f) => f.nodeId,
    missing: () => "mi-0000000000000000a",
    arn: (f) => ssmArn(f, `managed-instance-inventory/${f.nodeId}`),
    spellings: (f) => [f.nodeId],
  },
  activation: {
    ref: (f) => f.activationId,
    missing: () => "00000000-0000-4000-8000-000000000000",
    arn: (f) => ssmArn(f, `activation/${f.activationId}`),
    spellings: (f) => [f.activationId],
  },
  association: {
    ref: (f) => f.associationId,
    missing: () => "00000000-0000-4000-8000-000000000000",
    arn: (f) => ssmArn(f, `association/${f.associationId}`),
    spellings: (f) => [f.associationId],
  },
  command: {
    ref: (f) => f.commandId,
    missing: () => "00000000-0000-4000-8000-000000000000",
    arn: (f) => ssmArn(f, `command/${f.commandId}`),
    spellings: (f) => [f.commandId],
  },
  session: {
    ref: () => "matrix-0123456789abcdef0",
    missing: () => "matrix-00000000000000000",
    arn: (f) => ssmArn(f, "session/matrix-0123456789abcdef0"),
    spellings: () => ["matrix-0123456789abcdef0", " matrix-0123456789abcdef0"],
  },
  baseline: {
    ref: (f) => f.baselineId,
    missing: () => "pb-00000000000000000",
    arn: (f) => ssmArn(f, `patchbaseline/${f.baselineId}`),
    spellings: (f) => [f.baselineId, ssmArn(f, `patchbaseline/${f.baselineId}`)],
  },
  window: {
    ref: (f) => f.windowId,
    missing: () => "mw-00000000000000000",
    arn: (f) => ssmArn(f, `maintenancewindow/${f.windowId}`),
    spellings: (f) => [f.windowId],
  },
  sync: {
    ref: () => "matrix-sync",
    missing: () => "matrix-none",
    arn: (f) => ssmArn(f, "resource-data-sync/matrix-sync"),
    spellings: () => ["matrix-sync"],
  },
  machineSource: {
    ref: () => "matrix-cmdb",
    missing: () => "matrix-none",
    arn: (f) => ssmArn(f, "machine-source/matrix-cmdb"),
    spellings: () => ["matrix-cmdb"],
    global: true,
  },
  bucket: {
    ref: () => "matrix-bucket",
    missing: () => "matrix-nobody",
    arn: () => "arn:aws:s3:::matrix-bucket",
    spellings: () => ["matrix-bucket"],
    global: true,
    foreignAnswer: "AccessDeniedException",
  },
} satisfies Record<string, ResourceKind>;

export type KindName = keyof typeof kinds;

export type MatrixEntry =
  /** An action on one resource: denied through every spelling; another account or Region gets the answer a missing one gets. */
  | { resource: KindName; input: (ref: string, f: Fixture) => object }
  /**
   * An action that lists or searches: denied on `*`; another account's or Region's answer never holds A's resources
   * (`global`: what it lists spans Regions, so only another account is foreign).
   */
  | { listing: (f: Fixture) => object; global?: true }
  /** Authorized on `*` or the caller itself; tenancy is the reason given (tested by its own suite). */
  | { input: (f: Fixture) => object; tenancy: string };

const runShell = { commands: ["true"] };

export const matrix: Record<string, MatrixEntry> = {
  // Parameter Store
  "AmazonSSM.PutParameter": {
    input: () => ({ Name: "/matrix/new", Value: "v", Type: "String" }),
    tenancy: "creates in the caller's own account and Region",
  },
  "AmazonSSM.GetParameter": { resource: "parameter", input: (Name) => ({ Name }) },
  "AmazonSSM.GetParameters": { resource: "parameter", input: (name) => ({ Names: [name] }) },
  "AmazonSSM.GetParameterHistory": { resource: "parameter", input: (Name) => ({ Name }) },
  "AmazonSSM.GetParametersByPath": { listing: () => ({ Path: "/matrix", Recursive: true }) },
  "AmazonSSM.DescribeParameters": { listing: () => ({}) },
  "AmazonSSM.DeleteParameter": { resource: "parameter", input: (Name) => ({ Name }) },
  "AmazonSSM.DeleteParameters": { resource: "parameter", input: (name) => ({ Names: [name] }) },
  "AmazonSSM.LabelParameterVersion": { resource: "parameter", input: (Name) => ({ Name, ParameterVersion: 1, Labels: ["other"] }) },
  "AmazonSSM.UnlabelParameterVersion": { resource: "parameter", input: (Name) => ({ Name, ParameterVersion: 1, Labels: ["lbl"] }) },
  // Tags
  "AmazonSSM.AddTagsToResource": {
    resource: "parameter",
    input: (ResourceId) => ({ ResourceType: "Parameter", ResourceId, Tags: [{ Key: "k", Value: "v" }] }),
  },
  "AmazonSSM.RemoveTagsFromResource": {
    resource: "parameter",
    input: (ResourceId) => ({ ResourceType: "Parameter", ResourceId, TagKeys: ["k"] }),
  },
  "AmazonSSM.ListTagsForResource": { resource: "parameter", input: (ResourceId) => ({ ResourceType: "Parameter", ResourceId }) },
  // Documents
  "AmazonSSM.CreateDocument": {
    input: () => ({
      Name: "MatrixNew",
      DocumentType: "Command",
      Content: JSON.stringify({
        schemaVersion: "2.2",
        description: "d",
        mainSteps: [{ name: "s", action: "aws:runShellScript", inputs: { runCommand: ["true"] } }],
      }),
    }),
    tenancy: "creates in the caller's own account and Region",
  },
  "AmazonSSM.GetDocument": { resource: "document", input: (Name) => ({ Name }) },
  "AmazonSSM.DescribeDocument": { resource: "document", input: (Name) => ({ Name }) },
  "AmazonSSM.ListDocuments": { listing: () => ({ Filters: [{ Key: "Owner", Values: ["Self"] }] }) },
  "AmazonSSM.ListDocumentVersions": { resource: "document", input: (Name) => ({ Name }) },
  "AmazonSSM.UpdateDocument": {
    resource: "document",
    input: (Name) => ({
      Name,
      DocumentVersion: "$LATEST",
      Content: JSON.stringify({
        schemaVersion: "2.2",
        description: "v2",
        mainSteps: [{ name: "s", action: "aws:runShellScript", inputs: { runCommand: ["false"] } }],
      }),
    }),
  },
  "AmazonSSM.UpdateDocumentDefaultVersion": { resource: "document", input: (Name) => ({ Name, DocumentVersion: "1" }) },
  "AmazonSSM.DeleteDocument": { resource: "document", input: (Name) => ({ Name }) },
  "AmazonSSM.ModifyDocumentPermission": {
    resource: "document",
    input: (Name) => ({ Name, PermissionType: "Share", AccountIdsToAdd: ["123456789012"] }),
  },
  "AmazonSSM.DescribeDocumentPermission": { resource: "document", input: (Name) => ({ Name, PermissionType: "Share" }) },
  // Managed nodes
  "AmazonSSM.CreateActivation": { input: () => ({ IamRole: "SSMRole" }), tenancy: "creates in the caller's own account and Region" },
  "AmazonSSM.DescribeActivations": { listing: () => ({}) },
  "AmazonSSM.DeleteActivation": { resource: "activation", input: (ActivationId) => ({ ActivationId }) },
  "AmazonSSM.DescribeInstanceInformation": { listing: () => ({}) },
  "AmazonSSM.DeregisterManagedInstance": { resource: "node", input: (InstanceId) => ({ InstanceId }) },
  // Run Command
  "AmazonSSM.SendCommand": {
    resource: "node",
    input: (id) => ({ DocumentName: "AWS-RunShellScript", InstanceIds: [id], Parameters: runShell }),
  },
  "AmazonSSM.ListCommands": { listing: () => ({}) },
  "AmazonSSM.ListCommandInvocations": { listing: () => ({}) },
  "AmazonSSM.GetCommandInvocation": { resource: "command", input: (CommandId, f) => ({ CommandId, InstanceId: f.nodeId }) },
  "AmazonSSM.CancelCommand": { resource: "command", input: (CommandId) => ({ CommandId }) },
  // Session Manager
  "AmazonSSM.StartSession": { resource: "node", input: (Target) => ({ Target }) },
  "AmazonSSM.GetConnectionStatus": { resource: "node", input: (Target) => ({ Target }) },
  "AmazonSSM.TerminateSession": { resource: "session", input: (SessionId) => ({ SessionId }) },
  "AmazonSSM.ResumeSession": { resource: "session", input: (SessionId) => ({ SessionId }) },
  "AmazonSSM.DescribeSessions": { listing: () => ({ State: "History" }) },
  "Bosun.GetSessionRecording": { resource: "session", input: (SessionId) => ({ SessionId }) },
  // State Manager
  "AmazonSSM.CreateAssociation": { resource: "document", input: (Name, f) => ({ Name, InstanceId: f.nodeId }) },
  "AmazonSSM.CreateAssociationBatch": { resource: "document", input: (Name, f) => ({ Entries: [{ Name, InstanceId: f.nodeId }] }) },
  "AmazonSSM.DescribeAssociation": { resource: "association", input: (AssociationId) => ({ AssociationId }) },
  "AmazonSSM.ListAssociations": { listing: () => ({}) },
  "AmazonSSM.UpdateAssociation": { resource: "association", input: (AssociationId) => ({ AssociationId, MaxErrors: "1" }) },
  "AmazonSSM.DeleteAssociation": { resource: "association", input: (AssociationId) => ({ AssociationId }) },
  "AmazonSSM.ListAssociationVersions": { resource: "association", input: (AssociationId) => ({ AssociationId }) },
  "AmazonSSM.StartAssociationsOnce": { resource: "association", input: (id) => ({ AssociationIds: [id] }) },
  "AmazonSSM.DescribeAssociationExecutions": { resource: "association", input: (AssociationId) => ({ AssociationId }) },
  "AmazonSSM.DescribeAssociationExecutionTargets": {
    resource: "association",
    input: (AssociationId) => ({ AssociationId, ExecutionId: "00000000-0000-4000-8000-000000000001" }),
  },
  "AmazonSSM.DescribeInstanceAssociationsStatus": { resource: "node", input: (InstanceId) => ({ InstanceId }) },
  "AmazonSSM.DescribeEffectiveInstanceAssociations": { resource: "node", input: (InstanceId) => ({ InstanceId }) },
  // Inventory
  "AmazonSSM.PutInventory": {
    resource: "inventory",
    input: (InstanceId) => ({
      InstanceId,
      Items: [{ TypeName: "Custom:Matrix", SchemaVersion: "1.0", CaptureTime: "2026-11-30T00:00:00Z", Content: [{ k: "v" }] }],
    }),
  },
  "AmazonSSM.ListInventoryEntries": { resource: "inventory", input: (InstanceId) => ({ InstanceId, TypeName: "Custom:Matrix" }) },
  "AmazonSSM.GetInventory": { listing: () => ({}) },
  "AmazonSSM.GetInventorySchema": { listing: () => ({}) },
  "AmazonSSM.DeleteInventory": {
    input: () => ({ TypeName: "Custom:Nothing" }),
    tenancy: "acts on the caller's own custom type (inventory suite)",
  },
  "AmazonSSM.DescribeInventoryDeletions": { listing: () => ({}) },
  "Bosun.SearchInventory": {
    listing: () => ({ Conditions: [{ Key: "InstanceId", Operator: "Exists", Values: [] }] }),
  },
  // Compliance
  "AmazonSSM.PutComplianceItems": {
    resource: "node",
    input: (ResourceId) => ({
      ResourceId,
      ResourceType: "ManagedInstance",
      ComplianceType: "Custom:Matrix",
      ExecutionSummary: { ExecutionTime: 1764460800 },
      Items: [{ Id: "matrix-1", Severity: "LOW", Status: "COMPLIANT" }],
    }),
  },
  "AmazonSSM.ListComplianceItems": { listing: () => ({}) },
  "AmazonSSM.ListComplianceSummaries": { listing: () => ({}) },
  "AmazonSSM.ListResourceComplianceSummaries": { listing: () => ({}) },
  // Patch Manager
  "AmazonSSM.CreatePatchBaseline": {
    input: () => ({ Name: "matrix-new-baseline", OperatingSystem: "DEBIAN" }),
    tenancy: "creates in the caller's own account and Region",
  },
  "AmazonSSM.GetPatchBaseline": { resource: "baseline", input: (BaselineId) => ({ BaselineId }) },
  "AmazonSSM.UpdatePatchBaseline": { resource: "baseline", input: (BaselineId) => ({ BaselineId, Description: "changed" }) },
  "AmazonSSM.DeletePatchBaseline": { resource: "baseline", input: (BaselineId) => ({ BaselineId }) },
  "AmazonSSM.DescribePatchBaselines": { listing: () => ({}) },
  "AmazonSSM.CreateMaintenanceWindow": {
    input: () => ({ Name: "matrix-new-window", Schedule: "rate(7 days)", Duration: 2, Cutoff: 1, AllowUnassociatedTargets: false }),
    tenancy: "creates in the caller's own account and Region",
  },
  "AmazonSSM.GetMaintenanceWindow": { resource: "window", input: (WindowId) => ({ WindowId }) },
  "AmazonSSM.UpdateMaintenanceWindow": { resource: "window", input: (WindowId) => ({ WindowId, Description: "changed" }) },
  "AmazonSSM.DeleteMaintenanceWindow": { resource: "window", input: (WindowId) => ({ WindowId }) },
  "AmazonSSM.DescribeMaintenanceWindows": { listing: () => ({}) },
  "AmazonSSM.RegisterTargetWithMaintenanceWindow": {
    resource: "window",
    input: (WindowId) => ({ WindowId, ResourceType: "INSTANCE", Targets: [{ Key: "tag:env", Values: ["matrix"] }] }),
  },
  "AmazonSSM.UpdateMaintenanceWindowTarget": {
    resource: "window",
    input: (WindowId, f) => ({ WindowId, WindowTargetId: f.windowTargetId, Name: "changed" }),
  },
  "AmazonSSM.DeregisterTargetFromMaintenanceWindow": {
    resource: "window",
    input: (WindowId, f) => ({ WindowId, WindowTargetId: f.windowTargetId }),
  },
  "AmazonSSM.DescribeMaintenanceWindowTargets": { resource: "window", input: (WindowId) => ({ WindowId }) },
  "AmazonSSM.RegisterTaskWithMaintenanceWindow": {
    resource: "window",
    input: (WindowId) => ({
      WindowId,
      TaskType: "RUN_COMMAND",
      TaskArn: "AWS-RunShellScript",
      Targets: [{ Key: "tag:env", Values: ["matrix"] }],
      MaxConcurrency: "1",
      MaxErrors: "0",
    }),
  },
  "AmazonSSM.GetMaintenanceWindowTask": { resource: "window", input: (WindowId, f) => ({ WindowId, WindowTaskId: f.windowTaskId }) },
  "AmazonSSM.UpdateMaintenanceWindowTask": {
    resource: "window",
    input: (WindowId, f) => ({ WindowId, WindowTaskId: f.windowTaskId, Priority: 3 }),
  },
  "AmazonSSM.DeregisterTaskFromMaintenanceWindow": {
    resource: "window",
    input: (WindowId, f) => ({ WindowId, WindowTaskId: f.windowTaskId }),
  },
  "AmazonSSM.DescribeMaintenanceWindowTasks": { resource: "window", input: (WindowId) => ({ WindowId }) },
  "AmazonSSM.RegisterDefaultPatchBaseline": { resource: "baseline", input: (BaselineId) => ({ BaselineId }) },
  "AmazonSSM.GetDefaultPatchBaseline": { listing: () => ({ OperatingSystem: "DEBIAN" }) },
  "AmazonSSM.RegisterPatchBaselineForPatchGroup": {
    resource: "baseline",
    input: (BaselineId) => ({ BaselineId, PatchGroup: "matrix-other-group" }),
  },
  "AmazonSSM.DeregisterPatchBaselineForPatchGroup": {
    resource: "baseline",
    input: (BaselineId) => ({ BaselineId, PatchGroup: "matrix-group" }),
  },
  "AmazonSSM.GetPatchBaselineForPatchGroup": { listing: () => ({ PatchGroup: "matrix-group", OperatingSystem: "DEBIAN" }) },
  "AmazonSSM.DescribePatchGroups": { listing: () => ({}) },
  "AmazonSSM.DescribeInstancePatchStates": { resource: "node", input: (id) => ({ InstanceIds: [id] }) },
  "AmazonSSM.DescribeInstancePatches": { resource: "node", input: (InstanceId) => ({ InstanceId }) },
  "AmazonSSM.DescribeInstancePatchStatesForPatchGroup": { listing: () => ({ PatchGroup: "matrix-group" }) },
  "AmazonSSM.DescribePatchGroupState": { listing: () => ({ PatchGroup: "matrix-group" }) },
  "AmazonSSM.DescribeAvailablePatches": { listing: () => ({}) },
  "AmazonSSM.DescribeEffectivePatchesForPatchBaseline": { resource: "baseline", input: (BaselineId) => ({ BaselineId }) },
  "AmazonSSM.DescribePatchProperties": { listing: () => ({ OperatingSystem: "DEBIAN", Property: "PRODUCT" }) },
  // Vulnerabilities
  "Bosun.ImportVulnerabilities": {
    input: () => ({ Advisories: ["{}"] }),
    tenancy: "operator only: advisories are the installation's public data (vulnerabilities suite)",
  },
  "Bosun.GetVulnerability": {
    input: () => ({ VulnerabilityId: "CVE-2021-44228" }),
    tenancy: "advisories are public data, the same for every account (decision 026)",
  },
  "Bosun.ListVulnerabilities": { listing: () => ({}) },
  "Bosun.ListVulnerabilityFindings": {
    resource: "node",
    input: (id) => ({ Filters: [{ Key: "InstanceId", Values: [id] }] }),
  },
  // Resource data sync
  "AmazonSSM.CreateResourceDataSync": {
    input: () => ({ SyncName: "matrix-new", S3Destination: { BucketName: "matrix-lake", SyncFormat: "JsonSerDe", Region: "us-east-1" } }),
    tenancy: "creates in the caller's own account (bucket ownership: bucket-ownership.test.ts)",
  },
  "AmazonSSM.ListResourceDataSync": { listing: () => ({}) },
  "AmazonSSM.DeleteResourceDataSync": { resource: "sync", input: (SyncName) => ({ SyncName }) },
  "AmazonSSM.UpdateResourceDataSync": {
    resource: "sync",
    input: (SyncName) => ({
      SyncName,
      SyncType: "SyncFromSource",
      SyncSource: { SourceType: "SingleAccountMultiRegions", SourceRegions: ["us-east-1"] },
    }),
  },
  "Bosun.QueryResourceDataSync": { resource: "sync", input: (SyncName) => ({ SyncName, QueryString: "SELECT 1" }) },
  // Unmanaged machines
  "Bosun.PutMachineSource": {
    input: () => ({ SourceName: "matrix-new", SourceType: "CMDB", Content: "id,region\nm-1,us-east-1\n", ContentFormat: "CSV" }),
    tenancy: "creates in the caller's own account (a management account's AccountId: unmanaged-machines suite)",
  },
  "Bosun.ListMachineSources": { listing: () => ({}), global: true },
  "Bosun.DeleteMachineSource": { resource: "machineSource", input: (SourceName) => ({ SourceName }) },
  "Bosun.RefreshMachineSources": { listing: () => ({}), global: true },
  "Bosun.ListUnmanagedMachines": { listing: () => ({}), global: true },
  // Buckets
  // Buckets are not regional: an account owns a bucket name in every Region, as in S3.
  "Bosun.ListBuckets": { listing: () => ({}), global: true },
  "Bosun.PutBucketPolicy": {
    resource: "bucket",
    input: (Bucket, f) => ({
      Bucket,
      Policy: JSON.stringify({ Statement: [{ Effect: "Allow", Principal: { AWS: f.accountId }, Action: "s3:PutObject" }] }),
    }),
  },
  "Bosun.GetBucketPolicy": { resource: "bucket", input: (Bucket) => ({ Bucket }) },
  "Bosun.DeleteBucketPolicy": { resource: "bucket", input: (Bucket) => ({ Bucket }) },
  // Identity: the operator's and each account's administration (auth.test.ts, identity-bad-input.test.ts)
  "Bosun.CreateAccount": { input: () => ({ AccountName: "matrix-new" }), tenancy: "operator only (organizations suite)" },
  "Bosun.ListAccounts": { input: () => ({}), tenancy: "lists the caller's own account unless the operator asks" },
  "Bosun.CreateUser": {
    input: () => ({ UserName: "matrix-new" }),
    tenancy: "in the caller's own account unless the operator names another",
  },
  "Bosun.PutUserPolicy": {
    input: () => ({ UserName: "matrix-new", PolicyName: "p", PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [] }) }),
    tenancy: "in the caller's own account unless the operator names another",
  },
  "Bosun.CreateAccessKey": {
    input: () => ({ UserName: "matrix-new" }),
    tenancy: "in the caller's own account unless the operator names another",
  },
  "Bosun.DeleteAccessKey": {
    input: () => ({ UserName: "matrix-new", AccessKeyId: "AKIAMATRIXNOTAKEY000" }),
    tenancy: "in the caller's own account unless the operator names another",
  },
  "Bosun.PutLoginProfile": {
    input: () => ({ UserName: "matrix-new", Password: "a long enough password" }),
    tenancy: "in the caller's own account unless the operator names another",
  },
  "Bosun.GetSessionToken": { input: () => ({}), tenancy: "keys for the caller itself" },
  // IAM's user, key, policy and tag actions (aws-cli-iam.test.ts, identity-bad-input.test.ts)
  ...Object.fromEntries(
    (
      [
        ["GetUser", {}],
        ["DeleteUser", {}],
        ["DeleteLoginProfile", {}],
        ["ListAccessKeys", {}],
        ["UpdateAccessKey", { AccessKeyId: "AKIAMATRIXNOTAKEY000", Status: "Inactive" }],
        ["GetUserPolicy", { PolicyName: "p" }],
        ["ListUserPolicies", {}],
        ["DeleteUserPolicy", { PolicyName: "p" }],
        ["TagUser", { Tags: [{ Key: "team", Value: "ops" }] }],
        ["UntagUser", { TagKeys: ["team"] }],
        ["ListUserTags", {}],
      ] as const
    ).map(([name, extra]) => [
      `Bosun.${name}`,
      { input: () => ({ UserName: "matrix-new", ...extra }), tenancy: "in the caller's own account unless the operator names another" },
    ]),
  ),
  "Bosun.ListUsers": { input: () => ({}), tenancy: "the caller's own account unless the operator names another" },
  // KMS data keys: every key id names the caller's own account's key; another account's key ARN is not found, and a
  // blob opens only in the account that made it (kms.test.ts).
  "TrentService.GenerateDataKey": {
    input: () => ({ KeyId: "alias/matrix", NumberOfBytes: 32 }),
    tenancy: "a key of the caller's own account and Region",
  },
  "TrentService.Decrypt": {
    input: () => ({ CiphertextBlob: "AQ==" }),
    tenancy: "the blob's key, sealed under the caller's own account's key",
  },
  // Organizations: who may call what is the organizations suite's; every action is authorized here.
  "AWSOrganizationsV20161128.CreateOrganization": { input: () => ({ FeatureSet: "ALL" }), tenancy: "the caller's own organization" },
  "AWSOrganizationsV20161128.DescribeOrganization": { input: () => ({}), tenancy: "the caller's own organization" },
  "AWSOrganizationsV20161128.ListRoots": { input: () => ({}), tenancy: "the caller's own organization" },
  "AWSOrganizationsV20161128.ListAccounts": { input: () => ({}), tenancy: "the caller's own organization" },
  "AWSOrganizationsV20161128.CreateAccount": { input: () => ({ Email: "m@example.com", AccountName: "matrix" }), tenancy: "operator only" },
  "AWSOrganizationsV20161128.DescribeCreateAccountStatus": {
    input: () => ({ CreateAccountRequestId: "car-abcdefgh" }),
    tenancy: "the caller's own organization",
  },
  "AWSOrganizationsV20161128.CreateOrganizationalUnit": {
    input: () => ({ ParentId: "r-ab12", Name: "ou" }),
    tenancy: "the caller's own organization",
  },
  "AWSOrganizationsV20161128.ListOrganizationalUnitsForParent": {
    input: () => ({ ParentId: "r-ab12" }),
    tenancy: "the caller's own organization",
  },
  "AWSOrganizationsV20161128.ListAccountsForParent": { input: () => ({ ParentId: "r-ab12" }), tenancy: "the caller's own organization" },
  "AWSOrganizationsV20161128.MoveAccount": {
    input: (f) => ({ AccountId: f.accountId, SourceParentId: "r-ab12", DestinationParentId: "ou-ab12-abcdefgh" }),
    tenancy: "the caller's own organization",
  },
  "AWSOrganizationsV20161128.RegisterDelegatedAdministrator": {
    input: (f) => ({ AccountId: f.accountId, ServicePrincipal: "ssm.amazonaws.com" }),
    tenancy: "the caller's own organization",
  },
  "AWSOrganizationsV20161128.ListDelegatedAdministrators": { input: () => ({}), tenancy: "the caller's own organization" },
};
