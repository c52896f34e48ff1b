/**
 * @module Run a command: choose a Command document (its parameters become the form), the targets (nodes by id, or tags),
 * rate control, the delivery timeout and an S3 output location; SendCommand's answer opens the command's live page.
 * The API checks the input; a refusal is shown at the field it is about (a command with no target is caught first).
 */
import { type Command, ListCommandsCommand, SendCommandCommand } from "@aws-sdk/client-ssm";
import BreadcrumbGroup from "@cloudscape-design/components/breadcrumb-group";
import Button from "@cloudscape-design/components/button";
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
import { toSendParameters } from "./parameter-values.ts";
import { ParametersAndTargets } from "./parameters-and-targets.tsx";
import { useDocumentParameters } from "./use-document-parameters.ts";

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

/**
 * `from`: a command whose settings fill the form ("Run another"); `nodes`: nodes chosen on the managed nodes page;
 * `document`: the document chosen on its page.
 */
export function RunCommandPage({
  session,
  from,
  nodes: chosen,
  document,
}: {
  session: Session;
  from: string | null;
  nodes: readonly string[];
  document: string;
}) {
  const choices = useLoad(() => loadDocumentChoices(session, ["Command"]), `${session.accountId}/${session.region}`);
  const earlier = useLoad(() => loadEarlier(session, from), from ?? "");
  const [documentName, setDocumentName] = useState(document);
  const [targeting, setTargeting] = useState<Targeting>({ ...noTargets, instanceIds: [...chosen] });
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
  const documentForm = useDocumentParameters(session, documentName, pendingValues, (error) => setErrors(fieldErrors(error, errorPlaces)));

  useEffect(() => {
    const c = earlier.value;
    if (!c) return;
    setDocumentName(c.DocumentName ?? "AWS-RunShellScript");
    setPendingValues(c.Parameters ?? {});
    setTargeting(fromTargets(c.Targets, c.InstanceIds));
    if (c.MaxConcurrency) setMaxConcurrency(c.MaxConcurrency);
    if (c.MaxErrors) setMaxErrors(c.MaxErrors);
    if (c.TimeoutSeconds) setTimeoutSeconds(String(c.TimeoutSeconds));
    setBucket(c.OutputS3BucketName ?? "");
    setPrefix(c.OutputS3KeyPrefix ?? "");
    setComment(c.Comment ?? "");
  }, [earlier.value]);

  const run = async () => {
    // What the form can tell before asking: a command needs somewhere to run.
    const missing = targetingProblem(targeting);
    if (missing) {
      setErrors({ targets: missing });
      return;
    }
    setSending(true);
    setErrors({});
    try {
      const sent = await ssmClient(session).send(
        new SendCommandCommand({
          DocumentName: documentName,
          // Nodes chosen by id go as InstanceIds, as the AWS console sends them; tags as Targets.
          ...(targeting.kind === "ids" ? { InstanceIds: targeting.instanceIds } : { Targets: toTargets(targeting) }),
          Parameters: toSendParameters(documentForm.parameters, documentForm.values),
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
            <ParametersAndTargets
              parametersTitle="Command parameters"
              document={documentForm}
              targets={{ targeting, setTargeting }}
              choices={choices}
              errors={errors}
              setErrors={setErrors}
            />
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
