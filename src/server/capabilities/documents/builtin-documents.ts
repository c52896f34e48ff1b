/** @module The documents Amazon owns in SSM that Bosun provides to every account, under the same names. */
import { createHash } from "node:crypto";
import { builtinSessionDocuments } from "./builtin-session-documents.ts";
import { checkDocument, type ParsedDocument } from "./document-content.ts";

export interface BuiltinDocument {
  name: string;
  documentType: "Command" | "Policy" | "Session";
  content: string;
  parsed: ParsedDocument;
  sha256: string;
  createdAt: number;
}

/** executionTimeout: 5 to 172,800 seconds, as SSM allows. */
const executionTimeoutPattern = "^([5-9]|[1-9][0-9]{1,4}|1[0-6][0-9]{4}|17[01][0-9]{3}|172[0-7][0-9]{2}|172800)$";

function scriptDocument(plugin: string, what: string): string {
  return JSON.stringify(
    {
      schemaVersion: "2.2",
      description: `Runs ${what} on the managed node. Each line of commands is one line of the script.`,
      parameters: {
        commands: {
          type: "StringList",
          description: "The commands to run, or the lines of a script.",
          minItems: 1,
          displayType: "textarea",
        },
        workingDirectory: {
          type: "String",
          default: "",
          description: "The folder to run in; a fresh folder per invocation when empty.",
          maxChars: 4096,
        },
        executionTimeout: {
          type: "String",
          default: "3600",
          description: "Seconds the commands may run before they are stopped and the invocation fails (5 to 172800).",
          allowedPattern: executionTimeoutPattern,
        },
      },
      mainSteps: [
        {
          action: plugin,
          name: plugin === "aws:runShellScript" ? "runShellScript" : "runPowerShellScript",
          inputs: { runCommand: "{{ commands }}", workingDirectory: "{{ workingDirectory }}", timeoutSeconds: "{{ executionTimeout }}" },
        },
      ],
    },
    null,
    2,
  );
}

const toggle = (fallback: "Enabled" | "Disabled", description: string) => ({
  type: "String",
  default: fallback,
  description,
  allowedValues: ["Enabled", "Disabled"],
});

/** AWS-GatherSoftwareInventory with SSM's parameters, and Bosun's scan for software no package manager installed. */
function inventoryDocument(): string {
  const parameters = {
    applications: toggle("Enabled", "Installed packages (dpkg, rpm, apk, snap, flatpak)."),
    awsComponents: toggle("Enabled", "The Bosun agent itself."),
    files: {
      type: "String",
      default: "",
      description: 'Files to list, as JSON: [{"Path":"/etc","Pattern":["*.conf"],"Recursive":false}].',
    },
    networkConfig: toggle("Enabled", "Network interfaces and their addresses."),
    windowsUpdates: toggle("Enabled", "Windows updates (not gathered by Bosun)."),
    instanceDetailedInformation: toggle("Enabled", "CPU and kernel details."),
    services: toggle("Enabled", "systemd services with status, start type and dependencies."),
    windowsRegistry: { type: "String", default: "", description: "Windows registry keys (not gathered by Bosun)." },
    windowsRoles: toggle("Disabled", "Windows roles (not gathered by Bosun)."),
    customInventory: toggle("Enabled", "Custom types from JSON files in the agent's inventory/custom folder."),
    billingInfo: toggle("Enabled", "Billing information (not gathered by Bosun)."),
    unpackagedSoftware: toggle("Enabled", "JARs, Node packages, Python distributions and Go binaries no package manager installed."),
    unpackagedRoots: {
      type: "String",
      default: "/opt,/srv,/usr/local,/home",
      description: "Comma-separated folders scanned for unpackaged software.",
    },
  };
  return JSON.stringify(
    {
      schemaVersion: "2.0",
      description: "Gathers the node's inventory and reports it (AWS:Application, AWS:Network, AWS:Service, ...).",
      parameters,
      mainSteps: [
        {
          action: "aws:softwareInventory",
          name: "collectSoftwareInventoryItems",
          inputs: Object.fromEntries(Object.keys(parameters).map((name) => [name, `{{ ${name} }}`])),
        },
      ],
    },
    null,
    2,
  );
}

/**
 * AWS-RunPatchBaseline with SSM's parameters. The server adds the node's own baseline to the step when it sends the
 * work (the patch group's, else the operating system's default), so one command patches every node by its baseline.
 */
function patchDocument(): string {
  const parameters = {
    Operation: {
      type: "String",
      allowedValues: ["Scan", "Install"],
      default: "Scan",
      description: "Scan reports; Install patches, then reports.",
    },
    SnapshotId: {
      type: "String",
      default: "",
      allowedPattern: "(^$)|^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$",
      description: "A run's id, to patch several nodes from one baseline snapshot.",
    },
    InstallOverrideList: {
      type: "String",
      default: "",
      allowedPattern: "(^$)|^\\S+$",
      description: "A YAML file on the node (path or file: URL) listing the patches to install instead.",
    },
    BaselineOverride: {
      type: "String",
      default: "",
      allowedPattern: "(^$)|^\\S+$",
      description: "A JSON file on the node (path or file: URL) holding the baselines to use instead.",
    },
    RebootOption: {
      type: "String",
      allowedValues: ["RebootIfNeeded", "NoReboot"],
      default: "RebootIfNeeded",
      description: "Restart the node when a package asks for it.",
    },
  };
  return JSON.stringify(
    {
      schemaVersion: "2.2",
      description: "Scans for or installs patches from a patch baseline to a Linux, Windows or macOS node.",
      parameters,
      mainSteps: [
        {
          action: "aws:runPatchBaseline",
          name: "PatchLinux",
          inputs: Object.fromEntries(Object.keys(parameters).map((name) => [name, `{{ ${name} }}`])),
        },
      ],
    },
    null,
    2,
  );
}

function builtin(name: string, content: string, documentType: BuiltinDocument["documentType"] = "Command"): BuiltinDocument {
  return {
    name,
    documentType,
    content,
    parsed: checkDocument(documentType, JSON.parse(content) as Record<string, unknown>, "JSON"),
    sha256: createHash("sha256").update(content).digest("hex"),
    createdAt: Date.UTC(2026, 0, 1),
  };
}

export const builtinDocuments: ReadonlyMap<string, BuiltinDocument> = new Map(
  [
    builtin("AWS-RunShellScript", scriptDocument("aws:runShellScript", "a shell script (sh)")),
    builtin("AWS-RunPowerShellScript", scriptDocument("aws:runPowerShellScript", "a PowerShell script (pwsh where it is installed)")),
    // A Policy document in SSM: associations run it; SendCommand does not.
    builtin("AWS-GatherSoftwareInventory", inventoryDocument(), "Policy"),
    builtin("AWS-RunPatchBaseline", patchDocument()),
    ...builtinSessionDocuments.map((d) => builtin(d.name, d.content, "Session")),
  ].map((d) => [d.name, d]),
);

/** Names that only Amazon's documents may take. */
export const reservedDocumentName = (name: string): boolean => /^(aws|amazon|amzn)/i.test(name);
