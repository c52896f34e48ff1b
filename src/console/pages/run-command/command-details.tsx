/**
 * @module A command's live page: its overview and progress, each node's status, and each node's output per plugin. It
 * polls every two seconds until the command has finished, and can cancel it while it runs.
 */
import { CancelCommandCommand, type CommandInvocation, ListCommandInvocationsCommand, ListCommandsCommand } from "@aws-sdk/client-ssm";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ExpandableSection from "@cloudscape-design/components/expandable-section";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import Link from "@cloudscape-design/components/link";
import Modal from "@cloudscape-design/components/modal";
import ProgressBar from "@cloudscape-design/components/progress-bar";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import { useEffect, useState } from "react";
import { allPages, describeError, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { DetailsLayout } from "../../components/details-layout.tsx";
import { ItemsTable } from "../../components/items-table.tsx";
import { finished, Status } from "../../components/status.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";
import { FullOutput, OutputText, truncationMarker } from "./full-output.tsx";

async function loadCommand(session: Session, id: string) {
  const ssm = ssmClient(session);
  const [listed, invocations] = await Promise.all([
    ssm.send(new ListCommandsCommand({ CommandId: id })),
    allPages<CommandInvocation>(async (token) => {
      const page = await ssm.send(new ListCommandInvocationsCommand({ CommandId: id, Details: true, NextToken: token }));
      return { items: page.CommandInvocations, next: page.NextToken };
    }, 1000),
  ]);
  return { command: listed.Commands?.[0], invocations };
}

/**
 * A step's status and response code as a person reads them: a step that never ran (the invocation was cancelled,
 * terminated or timed out first) shows the invocation's status and "did not run", not "Pending · response code -1".
 */
function stepSummary(invocation: CommandInvocation, step: { Status?: string; ResponseCode?: number }) {
  const neverRan = step.ResponseCode === -1 || step.ResponseCode === undefined;
  const status = step.Status === "Pending" && finished(invocation.Status) ? invocation.Status : step.Status;
  const code = !neverRan ? `response code ${step.ResponseCode}` : finished(invocation.Status) ? "did not run" : "not started yet";
  return { status, code };
}

function StepHeading({
  invocation,
  step,
}: {
  invocation: CommandInvocation;
  step: { Name?: string; Status?: string; ResponseCode?: number };
}) {
  const { status, code } = stepSummary(invocation, step);
  return (
    <Box variant="awsui-key-label">
      {step.Name} · <Status of={status} /> · {code}
    </Box>
  );
}

function NodeOutput({ session, invocation, expanded }: { session: Session; invocation: CommandInvocation; expanded: boolean }) {
  const plugins = invocation.CommandPlugins ?? [];
  return (
    <ExpandableSection
      variant="container"
      defaultExpanded={expanded}
      headerText={`${invocation.InstanceId} — ${invocation.Status}`}
      headerDescription={invocation.InstanceName}
    >
      <SpaceBetween size="s">
        {plugins.length === 0 && <Box color="text-body-secondary">No output yet.</Box>}
        {plugins.map((p) => (
          <SpaceBetween size="xxs" key={p.Name}>
            <StepHeading invocation={invocation} step={p} />
            <OutputText label={`Output of ${p.Name} on ${invocation.InstanceId}`} testId={`output-${invocation.InstanceId}`}>
              {p.Output || "(no output)"}
            </OutputText>
            {(p.Output?.endsWith(truncationMarker) || p.OutputS3BucketName) && (
              <FullOutput
                session={session}
                commandId={invocation.CommandId ?? ""}
                instanceId={invocation.InstanceId ?? ""}
                plugin={p.Name ?? ""}
              />
            )}
          </SpaceBetween>
        ))}
      </SpaceBetween>
    </ExpandableSection>
  );
}

/** What the command ran: each parameter as sent (a script's lines as they are), and what it targeted. */
function CommandParameters({
  parameters,
  targets,
  instanceIds,
}: {
  parameters: Record<string, string[]>;
  targets: { Key?: string; Values?: string[] }[];
  instanceIds: string[];
}) {
  const names = Object.keys(parameters);
  return (
    <Container header={<Header variant="h2">Command parameters and targets</Header>}>
      <SpaceBetween size="m">
        {names.length === 0 && <Box color="text-body-secondary">The document's defaults (no parameters were given).</Box>}
        {names.map((name) => (
          <SpaceBetween size="xxs" key={name}>
            <Box variant="awsui-key-label">{name}</Box>
            <Box variant="code">
              <pre style={{ margin: 0, whiteSpace: "pre-wrap" }} data-testid={`parameter-${name}`}>
                {(parameters[name] ?? []).join("\n")}
              </pre>
            </Box>
          </SpaceBetween>
        ))}
        <KeyValuePairs
          columns={2}
          items={[
            { label: "Targets", value: targets.map((t) => `${t.Key}=${(t.Values ?? []).join(",")}`).join("; ") || "-" },
            { label: "Node IDs", value: instanceIds.join(", ") || "-" },
          ]}
        />
      </SpaceBetween>
    </Container>
  );
}

export function CommandDetailsPage({ session, id }: { session: Session; id: string }) {
  const loaded = useLoad(() => loadCommand(session, id), id);
  const [cancelError, setCancelError] = useState<{ title: string; message: string }>();
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const command = loaded.value?.command;
  const done = finished(command?.Status);
  const { refresh } = loaded;
  // Polls until the command has finished. A refresh that fails (a busy server, a dropped connection) shows its error
  // and the next one tries again, so the page never freezes on a running command.
  const failing = loaded.error !== undefined;
  useEffect(() => {
    if (done) return;
    const timer = setInterval(refresh, failing ? 5000 : 2000);
    return () => clearInterval(timer);
  }, [done, failing, refresh]);

  const invocations = loaded.value?.invocations ?? [];
  const delayed = invocations.filter((i) => i.Status === "Delayed").length;
  const target = command?.TargetCount ?? 0;
  const completed = command?.CompletedCount ?? 0;
  const cancel = () => {
    setConfirmingCancel(false);
    return ssmClient(session)
      .send(new CancelCommandCommand({ CommandId: id }))
      .then(loaded.refresh, (e: unknown) => setCancelError(describeError(e)));
  };
  return (
    <DetailsLayout
      crumbs={[
        { text: "Run Command", href: href("commands") },
        { text: id, href: href("commands", id) },
      ]}
      header={
        <Header
          variant="h1"
          description={command ? `${command.DocumentName} · requested ${command.RequestedDateTime?.toISOString()}` : undefined}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button onClick={() => setConfirmingCancel(true)} disabled={!command || done}>
                Cancel command
              </Button>
              {/* The same document, parameters, targets and settings, to review and change before it runs. */}
              <Button href={href("run-command", undefined, { from: id })}>Run another</Button>
            </SpaceBetween>
          }
        >
          Command {id}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <Modal
          visible={confirmingCancel}
          onDismiss={() => setConfirmingCancel(false)}
          header={`Cancel command ${id}?`}
          footer={
            <Box float="right">
              <SpaceBetween direction="horizontal" size="xs">
                <Button variant="link" onClick={() => setConfirmingCancel(false)}>
                  Keep it running
                </Button>
                <Button variant="primary" onClick={() => void cancel()}>
                  Cancel command
                </Button>
              </SpaceBetween>
            </Box>
          }
        >
          Nodes that have not started it will not run it; nodes running it are told to stop, and their steps end Cancelled. Nodes that
          finished keep their results.
        </Modal>
        <ApiError error={loaded.error ?? cancelError} />
        {command && !done && delayed > 0 && (
          <Alert type="info" header={`${delayed} of ${target} nodes are offline (Delayed)`}>
            Their agents are not connected: each gets the command when it reconnects, until the command times out (
            {command.ExpiresAfter?.toISOString() ?? "its deadline"}).
          </Alert>
        )}
        {loaded.loading && !loaded.value && <Spinner size="large" />}
        {loaded.value && !command && (
          <ApiError error={{ title: "InvalidCommandId", message: `No command ${id} in this account and region.` }} />
        )}
        {command && (
          <Container header={<Header variant="h2">Command status</Header>}>
            <SpaceBetween size="m">
              <KeyValuePairs
                columns={4}
                items={[
                  { label: "Status", value: <Status of={command.Status} /> },
                  { label: "Detailed status", value: command.StatusDetails },
                  { label: "Targets", value: String(target) },
                  { label: "Errors", value: String(command.ErrorCount ?? 0) },
                  { label: "Concurrency", value: command.MaxConcurrency },
                  { label: "Error threshold", value: command.MaxErrors },
                  { label: "Timeout (seconds)", value: String(command.TimeoutSeconds ?? "-") },
                  { label: "Comment", value: command.Comment || "-" },
                ]}
              />
              <div data-testid="command-progress">
                <ProgressBar
                  label="Progress"
                  value={target === 0 ? (done ? 100 : 0) : Math.round((completed / target) * 100)}
                  additionalInfo={`${completed} of ${target} nodes finished`}
                  // Only a command that succeeded ends green: Failed, Cancelled and Timed Out end as errors.
                  status={!done ? "in-progress" : command.Status === "Success" ? "success" : "error"}
                  resultText={command.Status}
                />
              </div>
            </SpaceBetween>
          </Container>
        )}
        {command && (
          <CommandParameters
            parameters={command.Parameters ?? {}}
            targets={command.Targets ?? []}
            instanceIds={command.InstanceIds ?? []}
          />
        )}
        {command && (
          <ItemsTable
            title="Targets and outputs"
            items={invocations.map((i) => ({
              InstanceId: i.InstanceId,
              InstanceName: i.InstanceName,
              Status: i.Status,
              StatusDetails: i.StatusDetails,
              RequestedDateTime: i.RequestedDateTime?.toISOString(),
            }))}
            empty="No node was targeted"
            columns={[
              { id: "InstanceId", header: "Node ID", cell: (i) => <Link href={href("nodes", i.InstanceId)}>{i.InstanceId}</Link> },
              { id: "InstanceName", header: "Computer name" },
              { id: "Status", header: "Status", cell: (i) => <Status of={i.Status} /> },
              { id: "StatusDetails", header: "Detailed status" },
              { id: "RequestedDateTime", header: "Requested" },
            ]}
          />
        )}
        {invocations.length > 0 && (
          <SpaceBetween size="s">
            <Header variant="h2">Output</Header>
            {invocations.map((i) => (
              <NodeOutput key={i.InstanceId} session={session} invocation={i} expanded={invocations.length <= 5} />
            ))}
          </SpaceBetween>
        )}
      </SpaceBetween>
    </DetailsLayout>
  );
}
