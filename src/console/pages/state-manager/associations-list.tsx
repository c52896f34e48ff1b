/**
 * @module State Manager: the associations of this account and region with their status, "Apply association now", and
 * "Create association".
 */
import { ListAssociationsCommand } from "@aws-sdk/client-ssm";
import Alert from "@cloudscape-design/components/alert";
import Button from "@cloudscape-design/components/button";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useState } from "react";
import { allPages, describeError, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { type Item, ItemsTable } from "../../components/items-table.tsx";
import { Status } from "../../components/status.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";
import { runNow } from "./run-now.ts";

export const targetsText = (targets: readonly { Key?: string; Values?: string[] }[] | undefined) =>
  (targets ?? []).map((t) => `${t.Key}=${(t.Values ?? []).join(",")}`).join("; ");

export function AssociationsListPage({ session }: { session: Session }) {
  const associations = useLoad(
    () =>
      allPages(async (token) => {
        const page = await ssmClient(session).send(new ListAssociationsCommand({ NextToken: token }));
        return { items: page.Associations, next: page.NextToken };
      }),
    `${session.accountId}/${session.region}`,
  );
  const [selected, setSelected] = useState<Item[]>([]);
  const [error, setError] = useState<{ title: string; message: string }>();
  const [started, setStarted] = useState<string>();
  const items = (associations.value ?? []).map((a) => ({
    AssociationId: a.AssociationId,
    AssociationName: a.AssociationName,
    Name: a.Name,
    Targets: targetsText(a.Targets),
    ScheduleExpression: a.ScheduleExpression,
    Status: a.Overview?.Status,
    DetailedStatus: a.Overview?.DetailedStatus,
    LastExecutionDate: a.LastExecutionDate?.toISOString(),
  }));
  const apply = () => {
    const ids = selected.map((s) => s.AssociationId ?? "");
    setError(undefined);
    runNow(session, ids).then(
      () => {
        setStarted(ids.join(", "));
        associations.reload();
      },
      (e: unknown) => setError(describeError(e)),
    );
  };
  return (
    <SpaceBetween size="m">
      <ApiError error={associations.error ?? error} />
      {started && (
        <Alert type="success" dismissible onDismiss={() => setStarted(undefined)}>
          Applying {started} now.
        </Alert>
      )}
      <ItemsTable
        title="Associations"
        variant="h1"
        items={items}
        loading={associations.loading}
        empty="No associations: create one with create-association"
        selection={{ selected, onChange: setSelected, trackBy: "AssociationId" }}
        csvName={`associations-${session.accountId}-${session.region}.csv`}
        actions={
          <>
            <Button iconName="refresh" ariaLabel="Refresh" onClick={associations.reload} />
            <Button variant="primary" href={href("association-edit")}>
              Create association
            </Button>
            <Button disabled={selected.length === 0} onClick={apply}>
              Apply association now
            </Button>
          </>
        }
        columns={[
          {
            id: "AssociationId",
            header: "Association ID",
            cell: (a) => <Link href={href("associations", a.AssociationId)}>{a.AssociationId}</Link>,
          },
          { id: "AssociationName", header: "Name" },
          { id: "Name", header: "Document" },
          { id: "Targets", header: "Targets" },
          { id: "ScheduleExpression", header: "Schedule" },
          { id: "Status", header: "Status", cell: (a) => <Status of={a.Status} /> },
          { id: "DetailedStatus", header: "Detailed status" },
          { id: "LastExecutionDate", header: "Last run" },
        ]}
      />
    </SpaceBetween>
  );
}
