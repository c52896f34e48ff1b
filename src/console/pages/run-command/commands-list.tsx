/** @module Run Command's landing page: the commands of this account and region, newest first, and "Run command". */
import { ListCommandsCommand } from "@aws-sdk/client-ssm";
import Button from "@cloudscape-design/components/button";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { allPages, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { ItemsTable } from "../../components/items-table.tsx";
import { Status } from "../../components/status.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";

export function CommandsListPage({ session, status }: { session: Session; status: string | null }) {
  const commands = useLoad(
    () =>
      allPages(async (token) => {
        const page = await ssmClient(session).send(
          new ListCommandsCommand({ NextToken: token, ...(status ? { Filters: [{ key: "Status", value: status }] } : {}) }),
        );
        return { items: page.Commands, next: page.NextToken };
      }, 1000),
    `${session.accountId}/${session.region}/${status}`,
  );
  const items = (commands.value ?? []).map((c) => ({
    CommandId: c.CommandId,
    DocumentName: c.DocumentName,
    Status: c.Status,
    Targets: c.InstanceIds?.length ? c.InstanceIds.join(", ") : c.Targets?.map((t) => `${t.Key}=${t.Values?.join(",")}`).join("; "),
    Counts: `${c.CompletedCount ?? 0}/${c.TargetCount ?? 0} done, ${c.ErrorCount ?? 0} errors`,
    RequestedDateTime: c.RequestedDateTime?.toISOString(),
    Comment: c.Comment,
  }));
  return (
    <SpaceBetween size="m">
      <ApiError error={commands.error} />
      <ItemsTable
        title={status ? `Commands with status ${status}` : "Commands"}
        variant="h1"
        items={items}
        loading={commands.loading}
        empty="No commands yet"
        csvName={`commands-${session.accountId}-${session.region}.csv`}
        actions={
          <>
            {status && <Button href={href("commands")}>Show every status</Button>}
            <Button iconName="refresh" ariaLabel="Refresh" onClick={commands.reload} />
            <Button variant="primary" href={href("run-command")}>
              Run command
            </Button>
          </>
        }
        columns={[
          { id: "CommandId", header: "Command ID", cell: (c) => <Link href={href("commands", c.CommandId)}>{c.CommandId}</Link> },
          { id: "DocumentName", header: "Document" },
          { id: "Status", header: "Status", cell: (c) => <Status of={c.Status} /> },
          { id: "Targets", header: "Targets" },
          { id: "Counts", header: "Progress" },
          { id: "RequestedDateTime", header: "Requested" },
          {
            id: "Comment",
            header: "Comment",
            // State Manager's runs name their association: a link back to it.
            cell: (c) => {
              const association = /^association ([0-9a-f-]{36}) version \d+$/.exec(c.Comment ?? "")?.[1];
              return association ? <Link href={href("associations", association)}>{c.Comment}</Link> : c.Comment || "-";
            },
          },
        ]}
      />
    </SpaceBetween>
  );
}
