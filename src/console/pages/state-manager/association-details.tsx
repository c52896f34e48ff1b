/**
 * @module An association's page: what it applies, where and when, with its parameters as a table; its executions
 * with their nodes counted by status; and the status on each node in the latest execution
 * (DescribeAssociationExecutionTargets). "Apply association now" runs it outside its schedule; Edit opens the form;
 * Delete asks first.
 */
import {
  DeleteAssociationCommand,
  DescribeAssociationCommand,
  DescribeAssociationExecutionsCommand,
  DescribeAssociationExecutionTargetsCommand,
} from "@aws-sdk/client-ssm";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import { useState } from "react";
import { allPages, describeError, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { ConfirmModal } from "../../components/confirm-modal.tsx";
import { DetailsLayout } from "../../components/details-layout.tsx";
import { ItemsTable } from "../../components/items-table.tsx";
import { Status } from "../../components/status.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";
import { targetsText } from "./associations-list.tsx";
import { runNow } from "./run-now.ts";

async function loadAssociation(session: Session, id: string) {
  const ssm = ssmClient(session);
  const [described, executions] = await Promise.all([
    ssm.send(new DescribeAssociationCommand({ AssociationId: id })),
    allPages(async (token) => {
      const page = await ssm.send(new DescribeAssociationExecutionsCommand({ AssociationId: id, NextToken: token }));
      return { items: page.AssociationExecutions, next: page.NextToken };
    }, 200),
  ]);
  const latest = [...executions].sort((a, b) => (b.CreatedTime?.getTime() ?? 0) - (a.CreatedTime?.getTime() ?? 0))[0];
  const targets = latest?.ExecutionId
    ? await allPages(async (token) => {
        const page = await ssm.send(
          new DescribeAssociationExecutionTargetsCommand({ AssociationId: id, ExecutionId: latest.ExecutionId, NextToken: token }),
        );
        return { items: page.AssociationExecutionTargets, next: page.NextToken };
      })
    : [];
  return { association: described.AssociationDescription, executions, latest, targets };
}

/** `{Failed=1, Success=2}` (SSM's ResourceCountByStatus) as a person reads it: "Failed 1 · Success 2". */
export function countsByStatus(text: string | undefined): string {
  const pairs = (text ?? "")
    .replace(/^\{|\}$/g, "")
    .split(",")
    .filter(Boolean);
  return pairs.map((pair) => pair.trim().replace("=", " ")).join(" · ") || "-";
}

export function AssociationDetailsPage({ session, id }: { session: Session; id: string }) {
  const loaded = useLoad(() => loadAssociation(session, id), id);
  const [error, setError] = useState<{ title: string; message: string }>();
  const [deleting, setDeleting] = useState(false);
  const a = loaded.value?.association;
  const remove = () => {
    setDeleting(false);
    ssmClient(session)
      .send(new DeleteAssociationCommand({ AssociationId: id }))
      .then(
        () => {
          window.location.hash = href("associations");
        },
        (e: unknown) => setError(describeError(e)),
      );
  };
  const apply = () => {
    setError(undefined);
    runNow(session, [id]).then(loaded.reload, (e: unknown) => setError(describeError(e)));
  };
  return (
    <DetailsLayout
      crumbs={[
        { text: "State Manager", href: href("associations") },
        { text: id, href: href("associations", id) },
      ]}
      header={
        <Header
          variant="h1"
          description={a ? `${a.Name} on ${targetsText(a.Targets)}` : undefined}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button iconName="refresh" ariaLabel="Refresh" onClick={loaded.reload} />
              <Button onClick={() => setDeleting(true)} disabled={!a}>
                Delete
              </Button>
              <Button href={href("association-edit", id)} disabled={!a}>
                Edit
              </Button>
              <Button onClick={apply} disabled={!a}>
                Apply association now
              </Button>
            </SpaceBetween>
          }
        >
          {a?.AssociationName ?? id}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <ApiError error={loaded.error ?? error} />
        {loaded.loading && !loaded.value && <Spinner size="large" />}
        {a && (
          <Container header={<Header variant="h2">Association</Header>}>
            <KeyValuePairs
              columns={4}
              items={[
                { label: "Association ID", value: a.AssociationId },
                { label: "Document", value: `${a.Name} (${a.DocumentVersion ?? "$DEFAULT"})` },
                { label: "Status", value: <Status of={a.Overview?.Status} /> },
                { label: "Detailed status", value: a.Overview?.DetailedStatus },
                { label: "Schedule", value: a.ScheduleExpression ?? "-" },
                { label: "Targets", value: targetsText(a.Targets) },
                { label: "Last run", value: a.LastExecutionDate?.toISOString() ?? "-" },
                { label: "Version", value: a.AssociationVersion },
                { label: "Concurrency", value: a.MaxConcurrency ?? "-" },
                { label: "Error threshold", value: a.MaxErrors ?? "-" },
                { label: "Compliance severity", value: a.ComplianceSeverity ?? "-" },
              ]}
            />
          </Container>
        )}
        {a && (
          <ItemsTable
            title="Parameters"
            items={Object.entries(a.Parameters ?? {}).map(([name, list]) => ({ Name: name, Value: list.join("\n") }))}
            empty="The document's defaults (no parameters were given)"
            columns={[
              { id: "Name", header: "Parameter" },
              { id: "Value", header: "Value", cell: (p) => <pre style={{ margin: 0, whiteSpace: "pre-wrap" }}>{p.Value}</pre> },
            ]}
          />
        )}
        {a && (
          <ItemsTable
            title="Status per node (latest execution)"
            items={(loaded.value?.targets ?? []).map((t) => ({
              ResourceId: t.ResourceId,
              Status: t.Status,
              DetailedStatus: t.DetailedStatus,
              LastExecutionDate: t.LastExecutionDate?.toISOString(),
              OutputSource: t.OutputSource?.OutputSourceId,
            }))}
            empty="The association has not run yet"
            columns={[
              { id: "ResourceId", header: "Node ID", cell: (t) => <Link href={href("nodes", t.ResourceId)}>{t.ResourceId}</Link> },
              { id: "Status", header: "Status", cell: (t) => <Status of={t.Status} /> },
              { id: "DetailedStatus", header: "Detailed status" },
              { id: "LastExecutionDate", header: "Run at" },
              {
                id: "OutputSource",
                header: "Command",
                cell: (t) => (t.OutputSource ? <Link href={href("commands", t.OutputSource)}>{t.OutputSource}</Link> : "-"),
              },
            ]}
          />
        )}
        {a && (
          <ItemsTable
            title="Executions"
            items={(loaded.value?.executions ?? []).map((e) => ({
              ExecutionId: e.ExecutionId,
              Status: e.Status,
              DetailedStatus: e.DetailedStatus,
              CreatedTime: e.CreatedTime?.toISOString(),
              ResourceCountByStatus: countsByStatus(e.ResourceCountByStatus),
            }))}
            empty="No executions yet"
            columns={[
              { id: "ExecutionId", header: "Execution ID" },
              { id: "Status", header: "Status", cell: (e) => <Status of={e.Status} /> },
              { id: "DetailedStatus", header: "Detailed status" },
              { id: "CreatedTime", header: "Started" },
              { id: "ResourceCountByStatus", header: "Nodes by status" },
            ]}
          />
        )}
      </SpaceBetween>
      <ConfirmModal
        visible={deleting}
        header={`Delete association ${a?.AssociationName ?? id}?`}
        action="Delete"
        onConfirm={remove}
        onCancel={() => setDeleting(false)}
      >
        The association stops applying its document to its targets. What it already did on the nodes stays as it is.
      </ConfirmModal>
    </DetailsLayout>
  );
}
