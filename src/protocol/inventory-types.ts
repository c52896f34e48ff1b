/**
 * @module The inventory types SSM defines, with their schema versions and attributes (SSM-FACTS), and which of them
 * the service makes itself. Custom types (`Custom:<Name>`) are learned from what is put.
 */

export type AttributeType = "string" | "number";

export interface InventoryType {
  typeName: string;
  version: string;
  displayName?: string;
  attributes: Record<string, AttributeType>;
  /** Made by the server from what it knows (nodes, tags); never put by a client. */
  serviceMade?: boolean;
}

const strings = (...names: string[]): Record<string, AttributeType> => Object.fromEntries(names.map((n) => [n, "string" as const]));

export const builtinTypes: readonly InventoryType[] = [
  {
    typeName: "AWS:InstanceInformation",
    version: "1.0",
    serviceMade: true,
    attributes: strings(
      "AgentType",
      "AgentVersion",
      "ComputerName",
      "InstanceId",
      "IpAddress",
      "PlatformName",
      "PlatformType",
      "PlatformVersion",
      "ResourceType",
      "AgentStatus",
      "InstanceStatus",
    ),
  },
  {
    typeName: "AWS:Application",
    version: "1.1",
    attributes: strings(
      "Name",
      "ApplicationType",
      "Publisher",
      "Version",
      "Release",
      "Epoch",
      "InstalledTime",
      "Architecture",
      "URL",
      "Summary",
      "PackageId",
      // Bosun's unpackaged software: where the file was found (AWS:Application attributes are extensible in 1.1).
      "Path",
      // Bosun: a Debian binary package's source package and version, when they differ (advisories name sources).
      "SourcePackage",
      "SourceVersion",
    ),
  },
  {
    typeName: "AWS:AWSComponent",
    version: "1.0",
    attributes: strings("Name", "ApplicationType", "Publisher", "Version", "InstalledTime", "Architecture", "URL"),
  },
  {
    typeName: "AWS:File",
    version: "1.0",
    attributes: {
      ...strings(
        "Name",
        "Description",
        "FileVersion",
        "InstalledDate",
        "ModificationTime",
        "LastAccessTime",
        "ProductName",
        "InstalledDir",
      ),
      ...strings("ProductLanguage", "CompanyName", "ProductVersion"),
      Size: "number",
    },
  },
  {
    typeName: "AWS:Network",
    version: "1.0",
    attributes: strings("Name", "SubnetMask", "Gateway", "DHCPServer", "DNSServer", "MacAddress", "IPV4", "IPV6"),
  },
  { typeName: "AWS:WindowsUpdate", version: "1.0", attributes: strings("HotFixId", "Description", "InstalledTime", "InstalledBy") },
  {
    typeName: "AWS:InstanceDetailedInformation",
    version: "1.0",
    attributes: {
      ...strings("CPUModel", "CPUHyperThreadEnabled", "OSServicePack", "KernelVersion"),
      CPUCores: "number",
      CPUs: "number",
      CPUSpeedMHz: "number",
      CPUSockets: "number",
    },
  },
  {
    typeName: "AWS:Service",
    version: "1.0",
    attributes: strings("Name", "DisplayName", "ServiceType", "Status", "DependentServices", "ServicesDependedOn", "StartType"),
  },
  { typeName: "AWS:WindowsRegistry", version: "1.0", attributes: strings("KeyPath", "ValueName", "ValueType", "Value") },
  {
    typeName: "AWS:WindowsRole",
    version: "1.0",
    attributes: strings(
      "Name",
      "DisplayName",
      "Path",
      "FeatureType",
      "DependsOn",
      "Description",
      "Installed",
      "InstalledState",
      "SubFeatures",
      "ServerComponentDescriptor",
      "Parent",
    ),
  },
  { typeName: "AWS:BillingInfo", version: "1.0", attributes: strings("BillingProductId") },
  { typeName: "AWS:Tag", version: "1.0", serviceMade: true, attributes: strings("Key", "Value") },
  { typeName: "AWS:ResourceGroup", version: "1.0", attributes: strings("Name", "Arn") },
  {
    typeName: "AWS:PatchSummary",
    version: "1.0",
    attributes: {
      ...strings(
        "PatchGroup",
        "BaselineId",
        "SnapshotId",
        "OwnerInformation",
        "ExecutionId",
        "OperationType",
        "OperationStartTime",
        "OperationEndTime",
        "RebootOption",
      ),
      InstalledCount: "number",
      InstalledOtherCount: "number",
      InstalledPendingRebootCount: "number",
      InstalledRejectedCount: "number",
      NotApplicableCount: "number",
      MissingCount: "number",
      FailedCount: "number",
    },
  },
  {
    typeName: "AWS:ComplianceItem",
    version: "1.0",
    attributes: strings(
      "ComplianceType",
      "ExecutionId",
      "ExecutionType",
      "ExecutionTime",
      "Id",
      "Title",
      "Status",
      "Severity",
      "DocumentName",
      "DocumentVersion",
      "Classification",
      "PatchBaselineId",
      "PatchSeverity",
      "PatchState",
      "PatchGroup",
      "InstalledTime",
      "InstallOverrideList",
      "DetailedText",
      "DetailedLink",
      "CVEIds",
    ),
  },
  {
    typeName: "AWS:ComplianceSummary",
    version: "1.0",
    attributes: {
      ...strings(
        "ComplianceType",
        "PatchGroup",
        "PatchBaselineId",
        "Status",
        "OverallSeverity",
        "ExecutionId",
        "ExecutionType",
        "ExecutionTime",
      ),
      CompliantCriticalCount: "number",
      CompliantHighCount: "number",
      CompliantMediumCount: "number",
      CompliantLowCount: "number",
      CompliantInformationalCount: "number",
      CompliantUnspecifiedCount: "number",
      NonCompliantCriticalCount: "number",
      NonCompliantHighCount: "number",
      NonCompliantMediumCount: "number",
      NonCompliantLowCount: "number",
      NonCompliantInformationalCount: "number",
      NonCompliantUnspecifiedCount: "number",
    },
  },
];

export const builtinTypeNamed = new Map(builtinTypes.map((t) => [t.typeName, t]));

/** At most this many custom types per account and region, as SSM allows. */
export const maxCustomTypes = 20;
