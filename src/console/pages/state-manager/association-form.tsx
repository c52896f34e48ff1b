/**
 * @module Create or edit an association: a document (Command or Policy) whose parameters become the form, the targets
 * (nodes by id or by tag), a schedule (cron or rate, or none: it runs once now and when nodes join), rate control,
 * compliance severity and an S3 output location. CreateAssociation or UpdateAssociation (which makes a new version);
 * a refusal is shown at the field it is about.
 */
import {
  type AssociationComplianceSeverity,
  CreateAssociationCommand,
  DescribeAssociationCommand,
  UpdateAssociationCommand,
} from "@aws-sdk/client-ssm";
import BreadcrumbGroup from "@cloudscape-design/components/breadcrumb-group";
import Button from "@cloudscape-design/components/button";
import Checkbox from "@cloudscape-design/components/checkbox";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useEffect, useState } from "react";
import { describeError, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { loadDocumentChoices } from "../../components/document-choices.ts";
import { fromTargets, noTargets, type Targeting, targetingProblem, toTargets } from "../../components/targets-editor.tsx";
import { type FieldErrors, fieldErrors } from "../../field-errors.ts";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";
import { toSendParameters } from "../run-command/parameter-values.ts";
import { ParametersAndTargets } from "../run-command/parameters-and-targets.tsx";
import { useDocumentParameters } from "../run-command/use-document-parameters.ts";

type Field = "name" | "document" | "parameters" | "targets" | "schedule" | "concurrency" | "errors" | "bucket";

/** Where CreateAssociation's and UpdateAssociation's errors belong. */
const errorPlaces = {
  exceptions: {
    AssociationAlreadyExists: "name",
    InvalidDocument: "document",
    InvalidDocumentVersion: "document",
    InvalidParameters: "parameters",
    InvalidTarget: "targets",
    InvalidInstanceId: "targets",
    InvalidSchedule: "schedule",
    InvalidOutputLocation: "bucket",
  },
  members: [
    ["'associationname'", "name"],
    ["schedule", "schedule"],
    ["applyonlyatcroninterval", "schedule"],
    ["maxconcurrency", "concurrency"],
    ["maxerrors", "errors"],
    ["target", "targets"],
    ["outputlocation", "bucket"],
  ],
} as const satisfies { exceptions: Record<string, Field>; members: readonly (readonly [string, Field])[] };

async function loadChoices(session: Session, editing: string | undefined) {
  const [choices, existing] = await Promise.all([
    loadDocumentChoices(session, ["Command", "Policy"]),
    editing ? ssmClient(session).send(new DescribeAssociationCommand({ AssociationId: editing })) : undefined,
  ]);
  return { ...choices, existing: existing?.AssociationDescription };
}

const severities = ["UNSPECIFIED", "CRITICAL", "HIGH", "MEDIUM", "LOW"];

export function AssociationFormPage({ session, editing }: { session: Session; editing: string | undefined }) {
  const choices = useLoad(() => loadChoices(session, editing), `${session.accountId}/${session.region}/${editing ?? ""}`);
  const [name, setName] = useState("");
  const [documentName, setDocumentName] = useState("AWS-RunShellScript");
  const [targeting, setTargeting] = useState<Targeting>(noTargets);
  const [schedule, setSchedule] = useState("");
  const [cronOnly, setCronOnly] = useState(false);
  const [maxConcurrency, setMaxConcurrency] = useState("");
  const [maxErrors, setMaxErrors] = useState("");
  const [severity, setSeverity] = useState("UNSPECIFIED");
  const [bucket, setBucket] = useState("");
  const [prefix, setPrefix] = useState("");
  const [given, setGiven] = useState<Record<string, string[]>>();
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const documentForm = useDocumentParameters(session, documentName, given, (error) => setErrors(fieldErrors(error, errorPlaces)));

  // Editing: the association's settings fill the form once.
  const existing = choices.value?.existing;
  useEffect(() => {
    if (!existing) return;
    setName(existing.AssociationName ?? "");
    setDocumentName(existing.Name ?? "");
    setGiven(existing.Parameters ?? {});
    setTargeting(fromTargets(existing.Targets));
    setSchedule(existing.ScheduleExpression ?? "");
    setCronOnly(existing.ApplyOnlyAtCronInterval ?? false);
    setMaxConcurrency(existing.MaxConcurrency ?? "");
    setMaxErrors(existing.MaxErrors ?? "");
    setSeverity(existing.ComplianceSeverity ?? "UNSPECIFIED");
    setBucket(existing.OutputLocation?.S3Location?.OutputS3BucketName ?? "");
    setPrefix(existing.OutputLocation?.S3Location?.OutputS3KeyPrefix ?? "");
  }, [existing]);

  const save = async () => {
    const missing = targetingProblem(targeting);
    if (missing) {
      setErrors({ targets: missing });
      return;
    }
    setSaving(true);
    setErrors({});
    const settings = {
      Parameters: toSendParameters(documentForm.parameters, documentForm.values),
      Targets: toTargets(targeting),
      ...(name ? { AssociationName: name } : {}),
      ...(schedule ? { ScheduleExpression: schedule, ApplyOnlyAtCronInterval: cronOnly } : {}),
      ...(maxConcurrency ? { MaxConcurrency: maxConcurrency } : {}),
      ...(maxErrors ? { MaxErrors: maxErrors } : {}),
      ComplianceSeverity: severity as AssociationComplianceSeverity,
      ...(bucket
        ? { OutputLocation: { S3Location: { OutputS3BucketName: bucket, ...(prefix ? { OutputS3KeyPrefix: prefix } : {}) } } }
        : {}),
    };
    try {
      const ssm = ssmClient(session);
      const saved = editing
        ? await ssm.send(new UpdateAssociationCommand({ AssociationId: editing, Name: documentName, ...settings }))
        : await ssm.send(new CreateAssociationCommand({ Name: documentName, ...settings }));
      window.location.hash = href("associations", saved.AssociationDescription?.AssociationId ?? editing ?? "");
    } catch (e) {
      setErrors(fieldErrors(describeError(e), errorPlaces));
      setSaving(false);
    }
  };

  const title = editing ? `Edit association ${existing?.AssociationName ?? editing}` : "Create association";
  return (
    <SpaceBetween size="m">
      <BreadcrumbGroup
        items={[
          { text: "State Manager", href: href("associations") },
          ...(editing ? [{ text: editing, href: href("associations", editing) }] : []),
          { text: editing ? "Edit" : "Create association", href: href("association-edit", editing) },
        ]}
      />
      {/* Enter in a one-line field does nothing: an association is saved only from its button. */}
      <form onSubmit={(e) => e.preventDefault()}>
        <Form
          header={<Header variant="h1">{title}</Header>}
          errorText={errors.form}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button formAction="none" variant="link" href={editing ? href("associations", editing) : href("associations")}>
                Cancel
              </Button>
              <Button formAction="none" variant="primary" loading={saving} onClick={() => void save()}>
                {editing ? "Save changes" : "Create association"}
              </Button>
            </SpaceBetween>
          }
        >
          <SpaceBetween size="l">
            <ApiError error={choices.error} />
            <Container header={<Header variant="h2">Association</Header>}>
              <SpaceBetween size="m">
                <FormField label="Name" constraintText="Optional: 3 to 128 letters, digits, '.', '_' or '-'." errorText={errors.name}>
                  <Input ariaLabel="Association name" value={name} onChange={({ detail }) => setName(detail.value)} />
                </FormField>
                <FormField label="Document" errorText={errors.document}>
                  <Select
                    ariaLabel="Document"
                    filteringType="auto"
                    disabled={editing !== undefined}
                    statusType={choices.loading ? "loading" : "finished"}
                    selectedOption={{ value: documentName }}
                    options={(choices.value?.documents ?? []).map((d) => ({ value: d.Name ?? "", description: d.DocumentType }))}
                    onChange={({ detail }) => {
                      setGiven(undefined);
                      setDocumentName(detail.selectedOption.value ?? "");
                    }}
                  />
                </FormField>
              </SpaceBetween>
            </Container>
            <ParametersAndTargets
              parametersTitle="Parameters"
              document={documentForm}
              targets={{ targeting, setTargeting }}
              choices={choices}
              errors={errors}
              setErrors={setErrors}
            />
            <Container header={<Header variant="h2">Schedule and rate control</Header>}>
              <ColumnLayout columns={3}>
                <FormField
                  label="Schedule"
                  constraintText="cron(0 2 ? * SUN *) or rate(30 minutes); empty runs it once now, and on nodes that join."
                  errorText={errors.schedule}
                >
                  <Input ariaLabel="Schedule" value={schedule} onChange={({ detail }) => setSchedule(detail.value)} />
                </FormField>
                <FormField label="Concurrency" constraintText="Optional: nodes at a time, or a percentage." errorText={errors.concurrency}>
                  <Input ariaLabel="Concurrency" value={maxConcurrency} onChange={({ detail }) => setMaxConcurrency(detail.value)} />
                </FormField>
                <FormField label="Error threshold" constraintText="Optional: errors before stopping." errorText={errors.errors}>
                  <Input ariaLabel="Error threshold" value={maxErrors} onChange={({ detail }) => setMaxErrors(detail.value)} />
                </FormField>
                <Checkbox checked={cronOnly} onChange={({ detail }) => setCronOnly(detail.checked)}>
                  Run only at the cron schedule's times (not at creation)
                </Checkbox>
                <FormField label="Compliance severity">
                  <Select
                    ariaLabel="Compliance severity"
                    selectedOption={{ value: severity }}
                    options={severities.map((value) => ({ value }))}
                    onChange={({ detail }) => setSeverity(detail.selectedOption.value ?? "UNSPECIFIED")}
                  />
                </FormField>
              </ColumnLayout>
            </Container>
            <Container header={<Header variant="h2">Output</Header>}>
              <ColumnLayout columns={2}>
                <FormField label="S3 bucket for output" constraintText="Optional." errorText={errors.bucket}>
                  <Input ariaLabel="S3 bucket for output" value={bucket} onChange={({ detail }) => setBucket(detail.value)} />
                </FormField>
                <FormField label="S3 key prefix" constraintText="Optional.">
                  <Input ariaLabel="S3 key prefix" value={prefix} onChange={({ detail }) => setPrefix(detail.value)} />
                </FormField>
              </ColumnLayout>
            </Container>
          </SpaceBetween>
        </Form>
      </form>
    </SpaceBetween>
  );
}
