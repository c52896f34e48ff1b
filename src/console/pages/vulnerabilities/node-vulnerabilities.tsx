/** @module A node's vulnerabilities (its page's Vulnerabilities tab): each vulnerable entry, its advisory and the fix. */
import Link from "@cloudscape-design/components/link";
import { allPages, bosunCall } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { ItemsTable } from "../../components/items-table.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";
import { type Finding, findingRow } from "./vulnerability-types.ts";

export function NodeVulnerabilities({ session, id }: { session: Session; id: string }) {
  const findings = useLoad(
    () =>
      allPages(async (token) => {
        const page = await bosunCall<{ Findings: Finding[]; NextToken?: string }>(session, "ListVulnerabilityFindings", {
          Filters: [{ Key: "InstanceId", Values: [id] }],
          MaxResults: 500,
          ...(token ? { NextToken: token } : {}),
        });
        return { items: page.Findings, next: page.NextToken };
      }),
    id,
  );
  return (
    <>
      <ApiError error={findings.error} />
      <ItemsTable
        title="Vulnerable software"
        variant="h2"
        csvName={`vulnerabilities-${id}.csv`}
        items={(findings.value ?? []).map(findingRow)}
        loading={findings.loading}
        empty="Nothing this node runs is affected by an imported advisory"
        columns={[
          {
            id: "VulnerabilityId",
            header: "Advisory",
            cell: (f) => <Link href={href("vulnerabilities", f.VulnerabilityId)}>{f.VulnerabilityId}</Link>,
          },
          { id: "Aliases", header: "Aliases" },
          { id: "Severity", header: "Severity" },
          { id: "Name", header: "Software" },
          { id: "InstalledVersion", header: "Installed" },
          { id: "FixedVersion", header: "Fixed in" },
          { id: "Path", header: "Found at" },
        ]}
      />
    </>
  );
}
