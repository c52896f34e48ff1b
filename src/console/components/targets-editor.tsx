/**
 * @module Which nodes a command or an association targets: nodes chosen by id, or every node with a tag. The same
 * choice on the Run Command form and the association form, and its translation to and from the API's Targets.
 */
import type { InstanceInformation, Target } from "@aws-sdk/client-ssm";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Multiselect from "@cloudscape-design/components/multiselect";
import RadioGroup from "@cloudscape-design/components/radio-group";
import SpaceBetween from "@cloudscape-design/components/space-between";

export interface Targeting {
  kind: "ids" | "tags";
  instanceIds: string[];
  tagKey: string;
  /** Comma-separated, as typed. */
  tagValues: string;
}

export const noTargets: Targeting = { kind: "ids", instanceIds: [], tagKey: "", tagValues: "" };

/** What is missing before the choice can be sent, as the field's error; undefined when it is complete. */
export function targetingProblem(t: Targeting): string | undefined {
  if (t.kind === "ids") return t.instanceIds.length === 0 ? "Choose at least one node." : undefined;
  return t.tagKey.trim() === "" || t.tagValues.trim() === "" ? "Enter a tag key and at least one value." : undefined;
}

/** The choice as Targets (associations always, and commands sent by tag). */
export function toTargets(t: Targeting): Target[] {
  return t.kind === "ids"
    ? [{ Key: "InstanceIds", Values: t.instanceIds }]
    : [{ Key: `tag:${t.tagKey.trim()}`, Values: t.tagValues.split(",").map((v) => v.trim()) }];
}

/** The choice from a command's or an association's Targets (and a command's InstanceIds). */
export function fromTargets(targets: readonly Target[] | undefined, instanceIds: readonly string[] = []): Targeting {
  const tag = targets?.find((t) => t.Key?.startsWith("tag:"));
  if (tag) return { ...noTargets, kind: "tags", tagKey: tag.Key?.slice("tag:".length) ?? "", tagValues: (tag.Values ?? []).join(",") };
  const ids = targets?.find((t) => t.Key === "InstanceIds")?.Values ?? instanceIds;
  return { ...noTargets, instanceIds: [...ids] };
}

export function TargetsEditor({
  value,
  onChange,
  nodes,
  loading,
  error,
}: {
  value: Targeting;
  onChange: (next: Targeting) => void;
  nodes: readonly InstanceInformation[];
  loading: boolean;
  error: string | undefined;
}) {
  const options = nodes.map((n) => ({
    value: n.InstanceId ?? "",
    label: n.InstanceId,
    description: `${n.ComputerName ?? ""} · ${n.PingStatus ?? ""}`,
  }));
  return (
    <SpaceBetween size="m">
      <RadioGroup
        value={value.kind}
        onChange={({ detail }) => onChange({ ...value, kind: detail.value as Targeting["kind"] })}
        items={[
          { value: "ids", label: "Choose nodes manually" },
          { value: "tags", label: "Specify node tags" },
        ]}
      />
      {value.kind === "ids" ? (
        <FormField label="Nodes" errorText={error}>
          <Multiselect
            ariaLabel="Nodes"
            filteringType="auto"
            placeholder="Choose nodes"
            statusType={loading ? "loading" : "finished"}
            selectedOptions={options.filter((n) => value.instanceIds.includes(n.value))}
            options={options}
            onChange={({ detail }) => onChange({ ...value, instanceIds: detail.selectedOptions.map((o) => o.value ?? "") })}
          />
        </FormField>
      ) : (
        <ColumnLayout columns={2}>
          <FormField label="Tag key" errorText={error}>
            <Input ariaLabel="Tag key" value={value.tagKey} onChange={({ detail }) => onChange({ ...value, tagKey: detail.value })} />
          </FormField>
          <FormField label="Tag values" constraintText="Separate values with commas.">
            <Input
              ariaLabel="Tag values"
              value={value.tagValues}
              onChange={({ detail }) => onChange({ ...value, tagValues: detail.value })}
            />
          </FormField>
        </ColumnLayout>
      )}
    </SpaceBetween>
  );
}
