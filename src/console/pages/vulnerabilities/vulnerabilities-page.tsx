/**
 * @module Vulnerabilities: the advisories the fleet is exposed to, worst first, how many nodes each affects, and the
 * nodes by severity. An advisory (or a CVE typed in the search box) opens its page: what it says and which nodes have it.
 */
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { allPages, bosunCall } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { CountChart } from "../../components/count-chart.tsx";
import { ItemsTable } from "../../components/items-table.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";
import { severities, type VulnerabilitySummary } from "./vulnerability-types.ts";

export function VulnerabilitiesPage({ session }: { session: Session }) {
  const list = useLoad(
    () =>
      allPages(async (token) => {
        const page = await bosunCall<{ Vulnerabilities: VulnerabilitySummary[]; NextToken?: string }>(session, "ListVulnerabilities", {
          MaxResults: 500,
          ...(token ? { NextToken: token } : {}),
        });
        return { items: page.Vulnerabilities, next: page.NextToken };
      }),
    `${session.accountId}/${session.region}`,
  );
  const rows = list.value ?? [];
  const bySeverity = severities.map((severity) => ({
    label: severity,
    count: rows.filter((v) => v.Severity === severity).length,
    href: href("vulnerabilities"),
  }));
  return (
    <SpaceBetween size="m">
      <ApiError error={list.error} />
      <Header
        variant="h1"
        description="OSV advisories the operator imported (bosun vulnerabilities import), matched against every node's packages and the software found outside package managers"
      >
        Vulnerabilities
      </Header>
      <Container header={<Header variant="h2">Advisories found in the fleet, by severity</Header>}>
        <CountChart kind="bars" noun="advisories" empty="No node holds a vulnerable version of what it runs" counts={bySeverity} />
      </Container>
      <ItemsTable
        title="Advisories found"
        csvName={`vulnerabilities-${session.accountId}-${session.region}.csv`}
        items={rows.map((v) => ({
          VulnerabilityId: v.VulnerabilityId,
          Aliases: v.Aliases.join(", "),
          Severity: v.Severity,
          CvssScore: v.CvssScore === undefined ? "" : v.CvssScore.toFixed(1),
          AffectedNodes: String(v.AffectedNodes),
          Summary: v.Summary,
        }))}
        loading={list.loading}
        empty="No known vulnerability: either nothing matches, or no advisories were imported yet"
        columns={[
          {
            id: "VulnerabilityId",
            header: "Advisory",
            cell: (v) => <Link href={href("vulnerabilities", v.VulnerabilityId)}>{v.VulnerabilityId}</Link>,
          },
          { id: "Aliases", header: "Aliases" },
          { id: "Severity", header: "Severity" },
          { id: "CvssScore", header: "CVSS" },
          { id: "AffectedNodes", header: "Nodes" },
          { id: "Summary", header: "Summary" },
        ]}
      />
    </SpaceBetween>
  );
}
