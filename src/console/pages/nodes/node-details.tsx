/**
 * @module A managed node's page: its overview, its tags (edited in place), its inventory one tab per type it reports
 * (each searchable), the commands run on it and its associations' status.
 */
import {
  AddTagsToResourceCommand,
  DescribeInstanceAssociationsStatusCommand,
  DescribeInstanceInformationCommand,
  GetInventoryCommand,
  GetInventorySchemaCommand,
  ListCommandInvocationsCommand,
  ListInventoryEntriesCommand,
  ListTagsForResourceCommand,
  RemoveTagsFromResourceCommand,
} from "@aws-sdk/client-ssm";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import Tabs from "@cloudscape-design/components/tabs";
import TagEditor, { type TagEditorProps } from "@cloudscape-design/components/tag-editor";
import { useEffect, useState } from "react";
import { allPages, describeError, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { DetailsLayout } from "../../components/details-layout.tsx";
import { type Item, ItemsTable } from "../../components/items-table.tsx";
import { Status } from "../../components/status.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";
import { NodePatches } from "../patch-manager/node-patches.tsx";
import { NodeVulnerabilities } from "../vulnerabilities/node-vulnerabilities.tsx";

const when = (d: Date | undefined) => d?.toISOString();

async function loadNode(session: Session, id: string) {
  const ssm = ssmClient(session);
  const [info, tags, schemas] = await Promise.all([
    ssm.send(new DescribeInstanceInformationCommand({ Filters: [{ Key: "InstanceIds", Values: [id] }] })),
    ssm.send(new ListTagsForResourceCommand({ ResourceType: "ManagedInstance", ResourceId: id })),
    ssm.send(new GetInventorySchemaCommand({})),
  ]);
  // The types this node reports, so its page shows only tabs with data: GetInventory's groups count the node in each
  // type that exists for it, 15 types per call (SSM's limit on groups), instead of one listing per type.
  const typeNames = (schemas.Schemas ?? []).map((s) => s.TypeName ?? "").filter(Boolean);
  const batches = Array.from({ length: Math.ceil(typeNames.length / 15) }, (_, i) => typeNames.slice(i * 15, i * 15 + 15));
  const counted = await Promise.all(
    batches.map((batch) =>
      ssm.send(
        new GetInventoryCommand({
          Filters: [{ Key: "AWS:InstanceInformation.InstanceId", Values: [id], Type: "Equal" }],
          Aggregators: [
            { Groups: batch.map((typeName) => ({ Name: typeName, Filters: [{ Key: "TypeName", Values: [typeName], Type: "Exists" }] })) },
          ],
        }),
      ),
    ),
  );
  const reported = counted.flatMap((answer) =>
    Object.entries(answer.Entities?.[0]?.Data ?? {})
      .filter(([, data]) => data.Content?.some((c) => Number(c.matchingCount ?? 0) > 0))
      .map(([typeName]) => typeName),
  );
  return {
    info: info.InstanceInformationList?.[0],
    tags: (tags.TagList ?? []).map((t) => ({ key: t.Key ?? "", value: t.Value ?? "", existing: true })),
    types: typeNames.filter((t) => reported.includes(t)),
  };
}

function TypeEntries({ session, id, typeName }: { session: Session; id: string; typeName: string }) {
  const entries = useLoad(
    () =>
      allPages(async (token) => {
        const page = await ssmClient(session).send(
          new ListInventoryEntriesCommand({ InstanceId: id, TypeName: typeName, NextToken: token }),
        );
        return { items: page.Entries as Item[] | undefined, next: page.NextToken };
      }),
    `${id}/${typeName}`,
  );
  const attributes = [...new Set((entries.value ?? []).flatMap((e) => Object.keys(e)))];
  return (
    <SpaceBetween size="s">
      <ApiError error={entries.error} />
      <ItemsTable
        title={typeName}
        items={entries.value ?? []}
        columns={attributes.map((a) => ({ id: a, header: a }))}
        loading={entries.loading}
        empty={`No ${typeName} entries`}
        csvName={`${id}-${typeName.replace(/[^A-Za-z0-9]+/g, "-")}.csv`}
      />
    </SpaceBetween>
  );
}

function Tags({ session, id, initial }: { session: Session; id: string; initial: TagEditorProps.Tag[] }) {
  const [tags, setTags] = useState<readonly TagEditorProps.Tag[]>(initial);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<{ title: string; message: string }>();
  useEffect(() => setTags(initial), [initial]);
  const save = async () => {
    setSaving(true);
    setError(undefined);
    setSaved(false);
    try {
      const ssm = ssmClient(session);
      const removed = tags.filter((t) => t.existing && t.markedForRemoval).map((t) => t.key);
      const kept = tags.filter((t) => !t.markedForRemoval && t.key);
      if (removed.length > 0)
        await ssm.send(new RemoveTagsFromResourceCommand({ ResourceType: "ManagedInstance", ResourceId: id, TagKeys: removed }));
      if (kept.length > 0)
        await ssm.send(
          new AddTagsToResourceCommand({
            ResourceType: "ManagedInstance",
            ResourceId: id,
            Tags: kept.map((t) => ({ Key: t.key, Value: t.value })),
          }),
        );
      setTags(kept.map((t) => ({ ...t, existing: true })));
      setSaved(true);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Container
      header={
        <Header
          variant="h2"
          description={saved ? "Tags saved." : "Tags also target commands and associations (tag:<key>)."}
          actions={
            <Button onClick={save} loading={saving}>
              Save tags
            </Button>
          }
        >
          Tags
        </Header>
      }
    >
      <SpaceBetween size="s">
        <ApiError error={error} />
        <TagEditor tags={tags} onChange={({ detail }) => setTags(detail.tags)} tagLimit={50} />
      </SpaceBetween>
    </Container>
  );
}

function Commands({ session, id }: { session: Session; id: string }) {
  const invocations = useLoad(
    () =>
      allPages(async (token) => {
        const page = await ssmClient(session).send(new ListCommandInvocationsCommand({ InstanceId: id, NextToken: token }));
        return { items: page.CommandInvocations, next: page.NextToken };
      }, 500),
    id,
  );
  const items = (invocations.value ?? []).map((c) => ({
    CommandId: c.CommandId,
    DocumentName: c.DocumentName,
    Status: c.Status,
    RequestedDateTime: when(c.RequestedDateTime),
    Comment: c.Comment,
  }));
  return (
    <SpaceBetween size="s">
      <ApiError error={invocations.error} />
      <ItemsTable
        title="Commands"
        items={items}
        loading={invocations.loading}
        empty="No command has run on this node"
        columns={[
          { id: "CommandId", header: "Command ID", cell: (c) => <Link href={href("commands", c.CommandId)}>{c.CommandId}</Link> },
          { id: "DocumentName", header: "Document" },
          { id: "Status", header: "Status", cell: (c) => <Status of={c.Status} /> },
          { id: "RequestedDateTime", header: "Requested" },
          { id: "Comment", header: "Comment" },
        ]}
      />
    </SpaceBetween>
  );
}

function Associations({ session, id }: { session: Session; id: string }) {
  const statuses = useLoad(
    () =>
      allPages(async (token) => {
        const page = await ssmClient(session).send(new DescribeInstanceAssociationsStatusCommand({ InstanceId: id, NextToken: token }));
        return { items: page.InstanceAssociationStatusInfos, next: page.NextToken };
      }),
    id,
  );
  const items = (statuses.value ?? []).map((a) => ({
    AssociationId: a.AssociationId,
    AssociationName: a.AssociationName,
    Name: a.Name,
    Status: a.Status,
    DetailedStatus: a.DetailedStatus,
    ExecutionDate: when(a.ExecutionDate),
    ExecutionSummary: a.ExecutionSummary,
  }));
  return (
    <SpaceBetween size="s">
      <ApiError error={statuses.error} />
      <ItemsTable
        title="Associations"
        items={items}
        loading={statuses.loading}
        empty="No association has run on this node"
        columns={[
          {
            id: "AssociationId",
            header: "Association ID",
            cell: (a) => <Link href={href("associations", a.AssociationId)}>{a.AssociationId}</Link>,
          },
          { id: "AssociationName", header: "Name" },
          { id: "Name", header: "Document" },
          { id: "Status", header: "Status", cell: (a) => <Status of={a.Status} /> },
          { id: "ExecutionDate", header: "Last run" },
          { id: "ExecutionSummary", header: "Summary" },
        ]}
      />
    </SpaceBetween>
  );
}

export function NodeDetailsPage({ session, id }: { session: Session; id: string }) {
  const node = useLoad(() => loadNode(session, id), id);
  const info = node.value?.info;
  return (
    <DetailsLayout
      crumbs={[
        { text: "Managed nodes", href: href("nodes") },
        { text: id, href: href("nodes", id) },
      ]}
      header={
        <Header
          variant="h1"
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button iconName="refresh" ariaLabel="Refresh" onClick={node.reload} />
              <Button href={href("terminal", id)} disabled={info?.PingStatus !== "Online"}>
                Start session
              </Button>
            </SpaceBetween>
          }
        >
          {info?.ComputerName ? `${id} (${info.ComputerName})` : id}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <ApiError error={node.error} />
        {node.loading && !node.value && <Spinner size="large" />}
        {node.value && !info && (
          <ApiError error={{ title: "InvalidInstanceId", message: `No managed node ${id} in this account and region.` }} />
        )}
        {info && (
          <Container header={<Header variant="h2">Overview</Header>}>
            <KeyValuePairs
              columns={4}
              items={[
                { label: "Node ID", value: info.InstanceId },
                { label: "Ping status", value: <Status of={info.PingStatus} /> },
                { label: "Last ping", value: when(info.LastPingDateTime) },
                { label: "Agent version", value: info.AgentVersion },
                { label: "Computer name", value: info.ComputerName },
                { label: "IP address", value: info.IPAddress },
                { label: "Platform", value: `${info.PlatformName ?? ""} ${info.PlatformVersion ?? ""}` },
                { label: "Platform type", value: info.PlatformType },
                { label: "Resource type", value: info.ResourceType },
                { label: "Registered", value: when(info.RegistrationDate) },
                { label: "Activation", value: info.ActivationId },
                { label: "IAM role", value: info.IamRole },
              ]}
            />
          </Container>
        )}
        {info && node.value && <Tags session={session} id={id} initial={node.value.tags} />}
        {info && node.value && (
          <Tabs
            ariaLabel="Node details"
            tabs={[
              ...node.value.types.map((t) => ({
                id: t,
                label: t.replace(/^AWS:/, ""),
                content: <TypeEntries session={session} id={id} typeName={t} />,
              })),
              { id: "commands", label: "Commands", content: <Commands session={session} id={id} /> },
              { id: "associations", label: "Associations", content: <Associations session={session} id={id} /> },
              { id: "patches", label: "Patches", content: <NodePatches session={session} id={id} /> },
              { id: "vulnerabilities", label: "Vulnerabilities", content: <NodeVulnerabilities session={session} id={id} /> },
            ]}
          />
        )}
      </SpaceBetween>
    </DetailsLayout>
  );
}
