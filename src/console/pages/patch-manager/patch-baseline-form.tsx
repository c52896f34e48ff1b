/**
 * @module Create or edit a patch baseline (CreatePatchBaseline, UpdatePatchBaseline): name, operating system,
 * description, approval rules — each a set of patch filters, a delay after release or a date, a compliance level and
 * whether non-security updates count — and the approved and rejected patches. The server checks which filter keys the
 * system knows; a refused save shows its error at the field it is about.
 */
import {
  CreatePatchBaselineCommand,
  GetPatchBaselineCommand,
  type OperatingSystem,
  type PatchComplianceLevel,
  type PatchFilterKey,
  type PatchRule,
  UpdatePatchBaselineCommand,
} from "@aws-sdk/client-ssm";
import AttributeEditor from "@cloudscape-design/components/attribute-editor";
import BreadcrumbGroup from "@cloudscape-design/components/breadcrumb-group";
import Button from "@cloudscape-design/components/button";
import Checkbox from "@cloudscape-design/components/checkbox";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Textarea from "@cloudscape-design/components/textarea";
import { useEffect, useState } from "react";
import { complianceLevels, filterKeys, operatingSystems } from "../../../protocol/patch/baseline.ts";
import { describeError, ssmClient } from "../../api.ts";
import { type FieldErrors, fieldErrors } from "../../field-errors.ts";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";

type Field = "name" | "description" | "rules" | "approved" | "rejected";

const errorPlaces = {
  exceptions: { ResourceLimitExceededException: "name", AlreadyExistsException: "name" },
  members: [
    ["'name'", "name"],
    ["description", "description"],
    ["approvedpatches", "approved"],
    ["approved patch", "approved"],
    ["rejectedpatches", "rejected"],
    ["rejected patch", "rejected"],
    ["filter", "rules"],
    ["rule", "rules"],
    ["approve", "rules"],
  ],
} as const satisfies { exceptions: Record<string, Field>; members: readonly (readonly [string, Field])[] };

interface FilterRow {
  key: string;
  values: string;
}

interface RuleForm {
  filters: FilterRow[];
  /** Days after release, or a date (`YYYY-MM-DD`) by which a patch must have been released. */
  delay: string;
  level: string;
  nonSecurity: boolean;
}

const newRule = (): RuleForm => ({ filters: [{ key: "PRIORITY", values: "*" }], delay: "7", level: "UNSPECIFIED", nonSecurity: false });

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);

/** A rule as the API takes it. */
function ruleOf(rule: RuleForm): PatchRule {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(rule.delay.trim());
  return {
    PatchFilterGroup: {
      PatchFilters: rule.filters
        .filter((f) => f.key && f.values.trim())
        .map((f) => ({ Key: f.key as PatchFilterKey, Values: lines(f.values) })),
    },
    ...(date ? { ApproveUntilDate: rule.delay.trim() } : { ApproveAfterDays: Number(rule.delay || "0") }),
    ComplianceLevel: rule.level as PatchComplianceLevel,
    EnableNonSecurity: rule.nonSecurity,
  };
}

/** What the form can tell before asking the API. */
function checkFields(name: string, rules: RuleForm[]): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {};
  if (!/^[a-zA-Z0-9_\-.]{3,128}$/.test(name)) errors.name = "3 to 128 letters, digits, dots, dashes and underscores.";
  const bad = rules.find((r) => !/^\d{4}-\d{2}-\d{2}$/.test(r.delay.trim()) && !/^\d{1,3}$/.test(r.delay.trim()));
  if (bad) errors.rules = "Approve after a number of days (0 to 360), or give a date as YYYY-MM-DD.";
  return errors;
}

function RuleEditor({
  rule,
  index,
  onChange,
  onRemove,
}: {
  rule: RuleForm;
  index: number;
  onChange: (rule: RuleForm) => void;
  onRemove: () => void;
}) {
  return (
    <Container
      header={
        <Header
          variant="h3"
          actions={
            <Button formAction="none" onClick={onRemove}>
              Remove rule
            </Button>
          }
        >
          Rule {index + 1}
        </Header>
      }
    >
      <SpaceBetween size="m">
        <AttributeEditor
          items={rule.filters}
          addButtonText="Add filter"
          removeButtonText="Remove"
          empty="No filters: every patch"
          onAddButtonClick={() => onChange({ ...rule, filters: [...rule.filters, { key: "", values: "" }] })}
          onRemoveButtonClick={({ detail }) => onChange({ ...rule, filters: rule.filters.filter((_, i) => i !== detail.itemIndex) })}
          definition={[
            {
              label: "Filter",
              control: (filter, i) => (
                <Select
                  ariaLabel={`Rule ${index + 1} filter ${i + 1} key`}
                  selectedOption={filter.key ? { value: filter.key } : null}
                  placeholder="Choose a key"
                  options={filterKeys.map((key) => ({ value: key }))}
                  onChange={({ detail }) =>
                    onChange({
                      ...rule,
                      filters: rule.filters.map((f, j) => (j === i ? { ...f, key: detail.selectedOption.value ?? "" } : f)),
                    })
                  }
                />
              ),
            },
            {
              label: "Values",
              info: undefined,
              control: (filter, i) => (
                <Input
                  ariaLabel={`Rule ${index + 1} filter ${i + 1} values`}
                  value={filter.values}
                  placeholder="Comma-separated; * matches any"
                  onChange={({ detail }) =>
                    onChange({ ...rule, filters: rule.filters.map((f, j) => (j === i ? { ...f, values: detail.value } : f)) })
                  }
                />
              ),
            },
          ]}
        />
        <SpaceBetween direction="horizontal" size="l">
          <FormField label="Approve" constraintText="Days after release (0–360), or a release date limit (YYYY-MM-DD).">
            <Input
              ariaLabel={`Rule ${index + 1} approval delay`}
              value={rule.delay}
              onChange={({ detail }) => onChange({ ...rule, delay: detail.value })}
            />
          </FormField>
          <FormField label="Compliance level">
            <Select
              ariaLabel={`Rule ${index + 1} compliance level`}
              selectedOption={{ value: rule.level }}
              options={complianceLevels.map((level) => ({ value: level }))}
              onChange={({ detail }) => onChange({ ...rule, level: detail.selectedOption.value ?? "UNSPECIFIED" })}
            />
          </FormField>
        </SpaceBetween>
        <Checkbox checked={rule.nonSecurity} onChange={({ detail }) => onChange({ ...rule, nonSecurity: detail.checked })}>
          Include non-security updates
        </Checkbox>
      </SpaceBetween>
    </Container>
  );
}

export function PatchBaselineFormPage({ session, editing }: { session: Session; editing: string | undefined }) {
  const [name, setName] = useState("");
  const [os, setOs] = useState<string>("DEBIAN");
  const [description, setDescription] = useState("");
  const [rules, setRules] = useState<RuleForm[]>([newRule()]);
  const [approved, setApproved] = useState("");
  const [rejected, setRejected] = useState("");
  const [rejectedAction, setRejectedAction] = useState("ALLOW_AS_DEPENDENCY");
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  /** A field's error goes once the field changes (the next save checks again). */
  const clear = (field: Field) => setErrors(({ [field]: _gone, ...rest }) => rest);

  useEffect(() => {
    if (!editing) return;
    ssmClient(session)
      .send(new GetPatchBaselineCommand({ BaselineId: editing }))
      .then((b) => {
        setName(b.Name ?? "");
        setOs(b.OperatingSystem ?? "DEBIAN");
        setDescription(b.Description ?? "");
        setRules(
          (b.ApprovalRules?.PatchRules ?? []).map((r) => ({
            filters: (r.PatchFilterGroup?.PatchFilters ?? []).map((f) => ({ key: f.Key ?? "", values: (f.Values ?? []).join(", ") })),
            delay: r.ApproveUntilDate ?? String(r.ApproveAfterDays ?? 0),
            level: r.ComplianceLevel ?? "UNSPECIFIED",
            nonSecurity: r.EnableNonSecurity ?? false,
          })),
        );
        setApproved((b.ApprovedPatches ?? []).join("\n"));
        setRejected((b.RejectedPatches ?? []).join("\n"));
        setRejectedAction(b.RejectedPatchesAction ?? "ALLOW_AS_DEPENDENCY");
      })
      .catch((e: unknown) => setErrors({ form: Object.values(describeError(e)).join(": ") }));
  }, [session, editing]);

  const save = async () => {
    const found = checkFields(name, rules);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    const body = {
      Description: description,
      ApprovalRules: { PatchRules: rules.map(ruleOf) },
      ApprovedPatches: lines(approved),
      RejectedPatches: lines(rejected),
      RejectedPatchesAction: rejectedAction as "ALLOW_AS_DEPENDENCY" | "BLOCK",
    };
    try {
      const id = editing
        ? (await ssmClient(session).send(new UpdatePatchBaselineCommand({ BaselineId: editing, Name: name, ...body }))).BaselineId
        : (await ssmClient(session).send(new CreatePatchBaselineCommand({ Name: name, OperatingSystem: os as OperatingSystem, ...body })))
            .BaselineId;
      window.location.hash = href("patch-baselines", id ?? editing);
    } catch (e) {
      setErrors(fieldErrors(describeError(e), errorPlaces));
      setSaving(false);
    }
  };

  const title = editing ? `Edit ${name || editing}` : "Create patch baseline";
  return (
    <SpaceBetween size="m">
      <BreadcrumbGroup
        items={[
          { text: "Patch Manager", href: href("patch-baselines") },
          { text: title, href: href("patch-baseline-edit", editing) },
        ]}
      />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Form
          header={<Header variant="h1">{title}</Header>}
          errorText={errors.form}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button formAction="none" variant="link" href={editing ? href("patch-baselines", editing) : href("patch-baselines")}>
                Cancel
              </Button>
              <Button variant="primary" loading={saving}>
                {editing ? "Save changes" : "Create patch baseline"}
              </Button>
            </SpaceBetween>
          }
        >
          <SpaceBetween size="m">
            <Container header={<Header variant="h2">Baseline details</Header>}>
              <SpaceBetween size="m">
                <FormField label="Name" constraintText="3 to 128 letters, digits, dots, dashes and underscores." errorText={errors.name}>
                  <Input
                    ariaLabel="Name"
                    value={name}
                    onChange={({ detail }) => {
                      setName(detail.value);
                      clear("name");
                    }}
                  />
                </FormField>
                <FormField label="Operating system" constraintText={editing ? "A baseline keeps its operating system." : undefined}>
                  <Select
                    ariaLabel="Operating system"
                    disabled={editing !== undefined}
                    selectedOption={{ value: os }}
                    options={operatingSystems.map((system) => ({ value: system }))}
                    onChange={({ detail }) => setOs(detail.selectedOption.value ?? "DEBIAN")}
                  />
                </FormField>
                <FormField label="Description" constraintText="Optional." errorText={errors.description}>
                  <Input ariaLabel="Description" value={description} onChange={({ detail }) => setDescription(detail.value)} />
                </FormField>
              </SpaceBetween>
            </Container>
            <Container
              header={
                <Header
                  variant="h2"
                  description="A patch is approved by the rule that approves it earliest; filter keys depend on the operating system."
                  actions={
                    <Button formAction="none" disabled={rules.length >= 10} onClick={() => setRules([...rules, newRule()])}>
                      Add rule
                    </Button>
                  }
                >
                  Approval rules
                </Header>
              }
            >
              <FormField errorText={errors.rules} stretch>
                <SpaceBetween size="m">
                  {rules.map((rule, i) => (
                    <RuleEditor
                      // Rules have no identity but their place in the list.
                      // biome-ignore lint/suspicious/noArrayIndexKey: the list's order is the rules' identity.
                      key={i}
                      rule={rule}
                      index={i}
                      onChange={(changed) => {
                        setRules(rules.map((r, j) => (j === i ? changed : r)));
                        clear("rules");
                      }}
                      onRemove={() => setRules(rules.filter((_, j) => j !== i))}
                    />
                  ))}
                </SpaceBetween>
              </FormField>
            </Container>
            <Container header={<Header variant="h2">Patch exceptions</Header>}>
              <SpaceBetween size="m">
                <FormField
                  label="Approved patches"
                  constraintText="One per line: a name, name=version, or a pattern with *."
                  errorText={errors.approved}
                >
                  <Textarea ariaLabel="Approved patches" value={approved} rows={3} onChange={({ detail }) => setApproved(detail.value)} />
                </FormField>
                <FormField
                  label="Rejected patches"
                  constraintText="One per line; rejected wins over every rule."
                  errorText={errors.rejected}
                >
                  <Textarea ariaLabel="Rejected patches" value={rejected} rows={3} onChange={({ detail }) => setRejected(detail.value)} />
                </FormField>
                <FormField label="Rejected patches action">
                  <Select
                    ariaLabel="Rejected patches action"
                    selectedOption={{ value: rejectedAction }}
                    options={[
                      { value: "ALLOW_AS_DEPENDENCY", description: "Installed when another package needs it." },
                      { value: "BLOCK", description: "Never installed." },
                    ]}
                    onChange={({ detail }) => setRejectedAction(detail.selectedOption.value ?? "ALLOW_AS_DEPENDENCY")}
                  />
                </FormField>
              </SpaceBetween>
            </Container>
          </SpaceBetween>
        </Form>
      </form>
    </SpaceBetween>
  );
}
