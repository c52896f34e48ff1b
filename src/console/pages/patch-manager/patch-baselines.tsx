/**
 * @module Patch Manager: every baseline the account sees (the predefined ones and its own), which one is each
 * operating system's default, and the patch groups with the baseline each names.
 */
import { DescribePatchBaselinesCommand, DescribePatchGroupsCommand } from "@aws-sdk/client-ssm";
import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { allPages, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { ItemsTable } from "../../components/items-table.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";

export function PatchBaselinesPage({ session }: { session: Session }) {
  const key = `${session.accountId}/${session.region}`;
  const baselines = useLoad(
    () =>
      allPages(async (token) => {
        const page = await ssmClient(session).send(new DescribePatchBaselinesCommand({ NextToken: token, MaxResults: 100 }));
        return { items: page.BaselineIdentities, next: page.NextToken };
      }),
    key,
  );
  const groups = useLoad(
    () =>
      allPages(async (token) => {
        const page = await ssmClient(session).send(new DescribePatchGroupsCommand({ NextToken: token, MaxResults: 100 }));
        return { items: page.Mappings, next: page.NextToken };
      }),
    key,
  );
  return (
    <SpaceBetween size="m">
      <ApiError error={baselines.error ?? groups.error} />
      <Header
        variant="h1"
        description="Which updates each node should have: its patch group's baseline, else its system's default"
        actions={
          <Button variant="primary" href={href("patch-baseline-edit")}>
            Create patch baseline
          </Button>
        }
      >
        Patch Manager
      </Header>
      <ItemsTable
        title="Patch baselines"
        // The account's own first; a predefined baseline's id is an ARN, shown by its `pb-` part.
        items={(baselines.value ?? [])
          .map((b) => ({
            BaselineId: b.BaselineId,
            ShortId: b.BaselineId?.split("/").pop(),
            BaselineName: b.BaselineName,
            OperatingSystem: b.OperatingSystem,
            Owner: b.BaselineId?.startsWith("pb-") ? "Self" : "AWS",
            Default: b.DefaultBaseline ? "Yes" : "No",
          }))
          .sort((a, b) => Number(a.Owner !== "Self") - Number(b.Owner !== "Self"))}
        loading={baselines.loading}
        empty="No patch baselines"
        columns={[
          {
            id: "BaselineName",
            header: "Name",
            cell: (b) => <Link href={href("patch-baselines", b.BaselineId)}>{b.BaselineName}</Link>,
          },
          { id: "OperatingSystem", header: "Operating system" },
          { id: "Owner", header: "Owner" },
          { id: "Default", header: "Default" },
          { id: "ShortId", header: "Baseline ID" },
        ]}
      />
      <ItemsTable
        title="Patch groups"
        items={(groups.value ?? []).map((g) => ({
          PatchGroup: g.PatchGroup,
          BaselineId: g.BaselineIdentity?.BaselineId,
          BaselineName: g.BaselineIdentity?.BaselineName,
          OperatingSystem: g.BaselineIdentity?.OperatingSystem,
        }))}
        loading={groups.loading}
        empty="No patch groups: register a baseline with a group, and tag nodes `Patch Group`"
        columns={[
          { id: "PatchGroup", header: "Patch group" },
          {
            id: "BaselineName",
            header: "Baseline",
            cell: (g) => <Link href={href("patch-baselines", g.BaselineId)}>{g.BaselineName}</Link>,
          },
          { id: "OperatingSystem", header: "Operating system" },
        ]}
      />
    </SpaceBetween>
  );
}
