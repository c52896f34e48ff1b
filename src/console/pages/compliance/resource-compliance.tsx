/** @module One node's compliance items of one type (or of every type): each item's status, severity and details. */
import { ListComplianceItemsCommand } from "@aws-sdk/client-ssm";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import { allPages, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { DetailsLayout } from "../../components/details-layout.tsx";
import { ItemsTable } from "../../components/items-table.tsx";
import { Status } from "../../components/status.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";
import { statusLabel } from "./compliance-page.tsx";

export function ResourceCompliancePage({ session, resourceId, type }: { session: Session; resourceId: string; type: string | null }) {
  const items = useLoad(
    () =>
      allPages(async (token) => {
        const page = await ssmClient(session).send(
          new ListComplianceItemsCommand({
            ResourceIds: [resourceId],
            ResourceTypes: ["ManagedInstance"],
            Filters: type ? [{ Key: "ComplianceType", Values: [type], Type: "EQUAL" }] : undefined,
            NextToken: token,
            MaxResults: 50,
          }),
        );
        return { items: page.ComplianceItems, next: page.NextToken };
      }),
    `${session.accountId}/${session.region}/${resourceId}/${type ?? ""}`,
  );
  return (
    <DetailsLayout
      crumbs={[
        { text: "Compliance", href: href("compliance") },
        ...(type ? [{ text: type, href: href("compliance", undefined, { type }) }] : []),
        { text: resourceId, href: href("compliance", resourceId, type ? { type } : {}) },
      ]}
      header={
        <Header variant="h1" description={<Link href={href("nodes", resourceId)}>The node's page</Link>}>
          {resourceId}
        </Header>
      }
    >
      <ApiError error={items.error} />
      <ItemsTable
        title="Compliance items"
        csvName={`compliance-${resourceId}.csv`}
        items={(items.value ?? []).map((i) => ({
          Id: i.Id,
          Title: i.Title,
          ComplianceType: i.ComplianceType,
          Status: statusLabel(i.Status),
          Severity: i.Severity,
          State: i.Details?.PatchState,
          ExecutionId: i.ExecutionSummary?.ExecutionId,
        }))}
        loading={items.loading}
        empty="This node reported no compliance of this type"
        columns={[
          { id: "Title", header: "Title" },
          { id: "Status", header: "Status", cell: (i) => <Status of={i.Status} /> },
          { id: "Severity", header: "Severity" },
          { id: "State", header: "Patch state" },
          { id: "Id", header: "Id" },
          { id: "ComplianceType", header: "Compliance type" },
          { id: "ExecutionId", header: "Execution" },
        ]}
      />
    </DetailsLayout>
  );
}
