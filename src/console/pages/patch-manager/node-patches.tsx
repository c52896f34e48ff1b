/**
 * @module A node's patches (its page's Patches tab): the last AWS-RunPatchBaseline run — baseline, group, operation,
 * counts — and the state of each package, with a link that scans or patches it from Run Command.
 */
import { DescribeInstancePatchesCommand, DescribeInstancePatchStatesCommand } from "@aws-sdk/client-ssm";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { allPages, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { ItemsTable } from "../../components/items-table.tsx";
import { Status } from "../../components/status.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";

export function NodePatches({ session, id }: { session: Session; id: string }) {
  const state = useLoad(async () => {
    const answer = await ssmClient(session).send(new DescribeInstancePatchStatesCommand({ InstanceIds: [id] }));
    return answer.InstancePatchStates?.[0] ?? null;
  }, id);
  const patches = useLoad(
    () =>
      allPages(async (token) => {
        const page = await ssmClient(session).send(
          new DescribeInstancePatchesCommand({ InstanceId: id, NextToken: token, MaxResults: 100 }),
        );
        return { items: page.Patches, next: page.NextToken };
      }),
    id,
  );
  const s = state.value;
  return (
    <SpaceBetween size="s">
      <ApiError error={state.error ?? patches.error} />
      <Container
        header={
          <Header
            variant="h2"
            actions={<Button href={href("run-command", undefined, { document: "AWS-RunPatchBaseline", nodes: id })}>Scan or patch</Button>}
          >
            Last patch run
          </Header>
        }
      >
        {s ? (
          <KeyValuePairs
            columns={4}
            items={[
              { label: "Baseline", value: <Link href={href("patch-baselines", s.BaselineId)}>{s.BaselineId}</Link> },
              { label: "Patch group", value: s.PatchGroup || "None" },
              { label: "Operation", value: `${s.Operation} (${s.RebootOption ?? "RebootIfNeeded"})` },
              { label: "Ended", value: s.OperationEndTime?.toISOString() },
              { label: "Missing", value: String(s.MissingCount ?? 0) },
              { label: "Failed", value: String(s.FailedCount ?? 0) },
              { label: "Installed", value: String(s.InstalledCount ?? 0) },
              { label: "Installed other", value: String(s.InstalledOtherCount ?? 0) },
            ]}
          />
        ) : (
          "This node has not been scanned: run AWS-RunPatchBaseline with Operation Scan."
        )}
      </Container>
      <ItemsTable
        title="Patches"
        csvName={`patches-${id}.csv`}
        items={(patches.value ?? []).map((p) => ({
          Title: p.Title,
          KBId: p.KBId,
          State: p.State,
          Severity: p.Severity,
          Classification: p.Classification,
          InstalledTime: p.InstalledTime && p.InstalledTime.getTime() > 0 ? p.InstalledTime.toISOString() : "",
        }))}
        loading={patches.loading}
        empty="No patch states reported"
        columns={[
          { id: "Title", header: "Package" },
          { id: "KBId", header: "Version" },
          { id: "State", header: "State", cell: (p) => <Status of={p.State} /> },
          { id: "Severity", header: "Priority" },
          { id: "Classification", header: "Section" },
          { id: "InstalledTime", header: "Installed" },
        ]}
      />
    </SpaceBetween>
  );
}
