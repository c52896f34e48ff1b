/**
 * @module Compliance: for each compliance type (Patch, Association, `Custom:…`), how many nodes are compliant and how
 * many are not, the non-compliant ones by severity, and the nodes themselves; `?type=` narrows to one type. Each node
 * links to its items.
 */
import { ListComplianceSummariesCommand, ListResourceComplianceSummariesCommand } from "@aws-sdk/client-ssm";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { allPages, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { CountChart } from "../../components/count-chart.tsx";
import { ItemsTable } from "../../components/items-table.tsx";
import { Status } from "../../components/status.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";

/** COMPLIANT and NON_COMPLIANT as a person reads them. */
export const statusLabel = (status: string | undefined) =>
  status === "COMPLIANT" ? "Compliant" : status === "NON_COMPLIANT" ? "Non-compliant" : status;

/** How many non-compliant resources the dashboard lists. */
const shownResources = 500;

const severities = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNSPECIFIED"] as const;
const severityKeys = ["CriticalCount", "HighCount", "MediumCount", "LowCount", "InformationalCount", "UnspecifiedCount"] as const;

export function CompliancePage({ session, type }: { session: Session; type: string | null }) {
  const filters = type ? [{ Key: "ComplianceType", Values: [type], Type: "EQUAL" as const }] : undefined;
  const key = `${session.accountId}/${session.region}/${type ?? ""}`;
  const summaries = useLoad(
    () =>
      allPages(async (token) => {
        const page = await ssmClient(session).send(
          new ListComplianceSummariesCommand({ Filters: filters, NextToken: token, MaxResults: 50 }),
        );
        return { items: page.ComplianceSummaryItems, next: page.NextToken };
      }),
    key,
  );
  // The resources that need attention: the non-compliant ones, the first 500 (a fleet of thousands is in the counts).
  const resources = useLoad(
    () =>
      allPages(async (token) => {
        const page = await ssmClient(session).send(
          new ListResourceComplianceSummariesCommand({
            Filters: [...(filters ?? []), { Key: "Status", Values: ["NON_COMPLIANT"], Type: "EQUAL" }],
            NextToken: token,
            MaxResults: 50,
          }),
        );
        return { items: page.ResourceComplianceSummaryItems, next: page.NextToken };
      }, shownResources),
    key,
  );
  const types = summaries.value ?? [];
  const nonCompliantBySeverity = severities.map((severity, i) => ({
    label: severity,
    count: types.reduce((sum, s) => sum + (s.NonCompliantSummary?.SeveritySummary?.[severityKeys[i] ?? "CriticalCount"] ?? 0), 0),
    href: href("compliance", undefined, type ? { type } : {}),
  }));
  const compliant = types.reduce((sum, s) => sum + (s.CompliantSummary?.CompliantCount ?? 0), 0);
  const nonCompliant = types.reduce((sum, s) => sum + (s.NonCompliantSummary?.NonCompliantCount ?? 0), 0);
  return (
    <SpaceBetween size="m">
      <ApiError error={summaries.error ?? resources.error} />
      <Header variant="h1" description={type ? `Compliance type ${type}` : "Every compliance type your nodes report"}>
        Compliance
      </Header>
      <Container
        header={
          <Header variant="h2" description="A node counts once for each compliance type it reports">
            Results by status
          </Header>
        }
      >
        <CountChart
          kind="donut"
          noun="node results"
          empty="No compliance reported yet"
          counts={[
            { label: "Compliant", count: compliant, href: href("compliance", undefined, type ? { type } : {}) },
            { label: "Non-compliant", count: nonCompliant, href: href("compliance", undefined, type ? { type } : {}) },
          ]}
        />
      </Container>
      <Container header={<Header variant="h2">Non-compliant nodes by severity</Header>}>
        <CountChart kind="bars" noun="non-compliant nodes" empty="No node is non-compliant" counts={nonCompliantBySeverity} />
      </Container>
      <ItemsTable
        title="Compliance types"
        items={types.map((s) => ({
          ComplianceType: s.ComplianceType,
          Compliant: String(s.CompliantSummary?.CompliantCount ?? 0),
          NonCompliant: String(s.NonCompliantSummary?.NonCompliantCount ?? 0),
        }))}
        loading={summaries.loading}
        empty="No compliance reported yet: run AWS-RunPatchBaseline or put-compliance-items"
        columns={[
          {
            id: "ComplianceType",
            header: "Compliance type",
            cell: (s) => <Link href={href("compliance", undefined, { type: s.ComplianceType ?? "" })}>{s.ComplianceType}</Link>,
          },
          { id: "Compliant", header: "Compliant nodes" },
          { id: "NonCompliant", header: "Non-compliant nodes" },
        ]}
      />
      <ItemsTable
        title="Non-compliant resources"
        csvName={`compliance-${session.accountId}-${session.region}.csv`}
        items={(resources.value ?? []).map((r) => ({
          ResourceId: r.ResourceId,
          ComplianceType: r.ComplianceType,
          Status: statusLabel(r.Status),
          OverallSeverity: r.OverallSeverity,
          NonCompliant: String(r.NonCompliantSummary?.NonCompliantCount ?? 0),
          Compliant: String(r.CompliantSummary?.CompliantCount ?? 0),
          ExecutionTime: r.ExecutionSummary?.ExecutionTime?.toISOString(),
        }))}
        loading={resources.loading}
        empty="No resource is non-compliant"
        columns={[
          {
            id: "ResourceId",
            header: "Resource",
            cell: (r) => <Link href={href("compliance", r.ResourceId, { type: r.ComplianceType ?? "" })}>{r.ResourceId}</Link>,
          },
          { id: "ComplianceType", header: "Compliance type" },
          { id: "Status", header: "Status", cell: (r) => <Status of={r.Status} /> },
          { id: "OverallSeverity", header: "Severity" },
          { id: "NonCompliant", header: "Non-compliant items" },
          { id: "Compliant", header: "Compliant items" },
          { id: "ExecutionTime", header: "Reported" },
        ]}
      />
    </SpaceBetween>
  );
}
