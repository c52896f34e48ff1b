/**
 * @module Run a command: choose a Command document (its parameters become the form), the targets (nodes by id, or tags),
 * rate control, the delivery timeout and an S3 output location; SendCommand's answer opens the command's live page.
 * The API checks the input; a refusal is shown at the field it is about (a command with no target is caught first).
 */
import {
  type Command,
  DescribeDocumentCommand,
  DescribeInstanceInformationCommand,
  type DocumentParameter,
  ListCommandsCommand,
  ListDocumentsCommand,
  SendCommandCommand,
} from "@aws-sdk/client-ssm";
import BreadcrumbGroup from "@cloudscape-design/components/breadcrumb-group";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Multiselect from "@cloudscape-design/components/multiselect";
import RadioGroup from "@cloudscape-design/components/radio-group";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useEffect, useState } from "react";
import { allPages, describeError, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { type FieldErrors, fieldErrors } from "../../field-errors.ts";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";
import { DocumentParametersForm } from "./document-parameters.tsx";
import { defaultValues, fromSentParameters, type ParameterValues, toSendParameters } from "./parameter-values.ts";

type Field = "document" | "parameters" | "targets" | "concurrency" | "errors" | "timeout" | "bucket" | "comment";

/** Where SendCommand's errors belong in the form. */
const errorPlaces = {
  exceptions: {
    InvalidDocument: "document",
    InvalidDocumentVersion: "document",
    InvalidParameters: "parameters",
    InvalidInstanceId: "targets",
    InvalidTarget: "targets",
    InvalidOutputFolder: "bucket",
    InvalidOutputLocation: "bucket",
  },
  members: [
    ["maxconcurrency", "concurrency"],
    ["maxerrors", "errors"],
    ["timeoutseconds", "timeout"],
    ["'comment'", "comment"],
    ["outputs3", "bucket"],
    ["'targets'", "targets"],
    ["'instanceids'", "targets"],
    ["'parameters'", "parameters"],
  ],
} as const satisfies { exceptions: Record<string, Field>; members: readonly (readonly [string, Field])[] };

/** The command that "Run another" started from, when there is one (its settings fill the form). */
async function loadEarlier(session: Session, commandId: string | null): Promise<Command | undefined> {
  if (!commandId) return undefined;
  const listed = await ssmClient(session).send(new ListCommandsCommand({ CommandId: commandId }));
  return listed.Commands?.[0];
}

async function loadChoices(session: Session) {
  const ssm = ssmClient(session);
  const [documents, nodes] = await Promise.all([
    allPages(async (token) => {
      const page = await ssm.send(new ListDocumentsCommand({ Filters: [{ Key: "DocumentType", Values: ["Command"] }], NextToken: token }));
      return { items: page.DocumentIdentifiers, next: page.NextToken };
    }),
    allPages(async (token) => {
      const page = await ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 50, NextToken: token }));
      return { items: page.InstanceInformationList, next: page.NextToken };
    }),
  ]);
  return { documents, nodes };
}

/** `from`: a command whose settings fill the form ("Run another"); `nodes`: nodes chosen on the managed nodes page. */
export function RunCommandPage({ session, from, nodes: chosen }: { session: Session; from: string | null; nodes: readonly string[] }) {
  const choices = useLoad(() => loadChoices(session), `${session.accountId}/${session.region}`);
  const earlier = useLoad(() => loadEarlier(session, from), from ?? "");
  const [documentName, setDocumentName] = useState("AWS-RunShellScript");
  const [parameters, setParameters] = useState<DocumentParameter[]>([]);
  const [values, setValues] = useState<ParameterValues>({});
  const [targetKind, setTargetKind] = useState<"ids" | "tags">("ids");
  const [instanceIds, setInstanceIds] = useState<string[]>([...chosen]);
  const [tagKey, setTagKey] = useState("");
  const [tagValues, setTagValues] = useState("");
  const [maxConcurrency, setMaxConcurrency] = useState("50");
  const [maxErrors, setMaxErrors] = useState("0");
  const [timeoutSeconds, setTimeoutSeconds] = useState("600");
  const [bucket, setBucket] = useState("");
  const [prefix, setPrefix] = useState("");
  const [comment, setComment] = useState("");
  const [sending, setSending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  // The earlier command's parameter values, kept until its document's parameters have loaded (they shape the fields).
  const [pendingValues, setPendingValues] = useState<Record<string, string[]>>();

  useEffect(() => {
    const c = earlier.value;
    if (!c) return;
    setDocumentName(c.DocumentName ?? "AWS-RunShellScript");
    setPendingValues(c.Parameters ?? {});
    const tag = c.Targets?.find((t) => t.Key?.startsWith("tag:"));
    if (tag) {
      setTargetKind("tags");
      setTagKey(tag.Key?.slice("tag:".length) ?? "");
      setTagValues((tag.Values ?? []).join(","));
    } else setInstanceIds(c.InstanceIds ?? []);
    if (c.MaxConcurrency) setMaxConcurrency(c.MaxConcurrency);
    if (c.MaxErrors) setMaxErrors(c.MaxErrors);
    if (c.TimeoutSeconds) setTimeoutSeconds(String(c.TimeoutSeconds));
    setBucket(c.OutputS3BucketName ?? "");
    setPrefix(c.OutputS3KeyPrefix ?? "");
    setComment(c.Comment ?? "");
  }, [earlier.value]);

  useEffect(() => {
    let current = true;
    ssmClient(session)
      .send(new DescribeDocumentCommand({ Name: documentName }))
      .then((d) => {
        if (!current) return;
        const p = d.Document?.Parameters ?? [];
        setParameters(p);
        setValues(pendingValues ? { ...defaultValues(p), ...fromSentParameters(p, pendingValues) } : defaultValues(p));
      })
      .catch((e: unknown) => current && setErrors(fieldErrors(describeError(e), errorPlaces)));
    return () => {
      current = false;
    };
  }, [session, documentName, pendingValues]);

  const run = async () => {
    // What the form can tell before asking: a command needs somewhere to run.
    const noTargets = targetKind === "ids" ? instanceIds.length === 0 : tagKey.trim() === "" || tagValues.trim() === "";
    if (noTargets) {
      setErrors({ targets: targetKind === "ids" ? "Choose at least one node." : "Enter a tag key and at least one value." });
      return;
    }
    setSending(true);
    setErrors({});
    try {
      const sent = await ssmClient(session).send(
        new SendCommandCommand({
          DocumentName: documentName,
          ...(targetKind === "ids"
            ? { InstanceIds: instanceIds }
            : { Targets: [{ Key: `tag:${tagKey}`, Values: tagValues.split(",").map((v) => v.trim()) }] }),
          Parameters: toSendParameters(parameters, values),
          MaxConcurrency: maxConcurrency,
          MaxErrors: maxErrors,
          ...(timeoutSeconds ? { TimeoutSeconds: Number(timeoutSeconds) } : {}),
          ...(bucket ? { OutputS3BucketName: bucket, ...(prefix ? { OutputS3KeyPrefix: prefix } : {}) } : {}),
          ...(comment ? { Comment: comment } : {}),
        }),
      );
      window.location.hash = href("commands", sent.Command?.CommandId ?? "");
    } catch (e) {
      setErrors(fieldErrors(describeError(e), errorPlaces));
      setSending(false);
    }
  };

  const documents = (choices.value?.documents ?? []).map((d) => ({ value: d.Name ?? "", description: d.Owner }));
  const nodes = (choices.value?.nodes ?? []).map((n) => ({
    value: n.InstanceId ?? "",
    label: n.InstanceId,
    description: `${n.ComputerName ?? ""} · ${n.PingStatus ?? ""}`,
  }));
  return (
    <SpaceBetween size="m">
      <BreadcrumbGroup
        items={[
          { text: "Run Command", href: href("commands") },
          { text: "Run a command", href: href("run-command") },
        ]}
      />
      {/* Enter in a one-line field submits a form: here it does nothing. A command runs only from the Run button. */}
      <form onSubmit={(e) => e.preventDefault()}>
        <Form
          header={
            <Header variant="h1" description={from ? `Filled in from command ${from}: review, change, then run.` : undefined}>
              Run a command
            </Header>
          }
          errorText={errors.form}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button formAction="none" variant="link" href={href("commands")}>
                Cancel
              </Button>
              <Button formAction="none" variant="primary" loading={sending} onClick={() => void run()}>
                Run
              </Button>
            </SpaceBetween>
          }
        >
          <SpaceBetween size="l">
            <ApiError error={choices.error ?? earlier.error} />
            <Container header={<Header variant="h2">Command document</Header>}>
              <FormField label="Document" errorText={errors.document}>
                <Select
                  ariaLabel="Document"
                  filteringType="auto"
                  statusType={choices.loading ? "loading" : "finished"}
                  selectedOption={{ value: documentName }}
                  options={documents}
                  onChange={({ detail }) => setDocumentName(detail.selectedOption.value ?? "")}
                />
              </FormField>
            </Container>
            <Container header={<Header variant="h2">Command parameters</Header>}>
              <FormField stretch errorText={errors.parameters}>
                <DocumentParametersForm parameters={parameters} values={values} onChange={setValues} />
              </FormField>
            </Container>
            <Container header={<Header variant="h2">Targets</Header>}>
              <SpaceBetween size="m">
                <RadioGroup
                  value={targetKind}
                  onChange={({ detail }) => setTargetKind(detail.value as "ids" | "tags")}
                  items={[
                    { value: "ids", label: "Choose nodes manually" },
                    { value: "tags", label: "Specify node tags" },
                  ]}
                />
                {targetKind === "ids" ? (
                  <FormField label="Nodes" errorText={errors.targets}>
                    <Multiselect
                      ariaLabel="Nodes"
                      filteringType="auto"
                      placeholder="Choose nodes"
                      statusType={choices.loading ? "loading" : "finished"}
                      selectedOptions={nodes.filter((n) => instanceIds.includes(n.value))}
                      options={nodes}
                      onChange={({ detail }) => setInstanceIds(detail.selectedOptions.map((o) => o.value ?? ""))}
                    />
                  </FormField>
                ) : (
                  <ColumnLayout columns={2}>
                    <FormField label="Tag key" errorText={errors.targets}>
                      <Input ariaLabel="Tag key" value={tagKey} onChange={({ detail }) => setTagKey(detail.value)} />
                    </FormField>
                    <FormField label="Tag values" constraintText="Separate values with commas.">
                      <Input ariaLabel="Tag values" value={tagValues} onChange={({ detail }) => setTagValues(detail.value)} />
                    </FormField>
                  </ColumnLayout>
                )}
              </SpaceBetween>
            </Container>
            <Container header={<Header variant="h2">Other parameters</Header>}>
              <ColumnLayout columns={3}>
                <FormField label="Concurrency" constraintText="Nodes at a time, or a percentage (10%)." errorText={errors.concurrency}>
                  <Input ariaLabel="Concurrency" value={maxConcurrency} onChange={({ detail }) => setMaxConcurrency(detail.value)} />
                </FormField>
                <FormField label="Error threshold" constraintText="Errors before stopping, or a percentage." errorText={errors.errors}>
                  <Input ariaLabel="Error threshold" value={maxErrors} onChange={({ detail }) => setMaxErrors(detail.value)} />
                </FormField>
                <FormField label="Timeout (seconds)" constraintText="How long a node has to start the command." errorText={errors.timeout}>
                  <Input
                    ariaLabel="Timeout (seconds)"
                    inputMode="numeric"
                    value={timeoutSeconds}
                    onChange={({ detail }) => setTimeoutSeconds(detail.value)}
                  />
                </FormField>
                <FormField label="S3 bucket for output" constraintText="Optional." errorText={errors.bucket}>
                  <Input ariaLabel="S3 bucket for output" value={bucket} onChange={({ detail }) => setBucket(detail.value)} />
                </FormField>
                <FormField label="S3 key prefix" constraintText="Optional.">
                  <Input ariaLabel="S3 key prefix" value={prefix} onChange={({ detail }) => setPrefix(detail.value)} />
                </FormField>
                <FormField label="Comment" constraintText="Optional, up to 100 characters." errorText={errors.comment}>
                  <Input ariaLabel="Comment" value={comment} onChange={({ detail }) => setComment(detail.value)} />
                </FormField>
              </ColumnLayout>
            </Container>
          </SpaceBetween>
        </Form>
      </form>
    </SpaceBetween>
  );
}
