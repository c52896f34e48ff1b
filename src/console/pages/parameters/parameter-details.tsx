/**
 * @module A parameter's page: its overview and value (a SecureString stays hidden until "Show value" asks the API to
 * decrypt it), its history with each version's labels, labels attached and removed, edit and delete.
 */
import {
  DeleteParameterCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  LabelParameterVersionCommand,
  type ParameterHistory,
  UnlabelParameterVersionCommand,
} from "@aws-sdk/client-ssm";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import { useState } from "react";
import { allPages, describeError, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { ConfirmModal } from "../../components/confirm-modal.tsx";
import { DetailsLayout } from "../../components/details-layout.tsx";
import { type Item, ItemsTable } from "../../components/items-table.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";

const hidden = "••••••••";

async function loadParameter(session: Session, name: string) {
  const ssm = ssmClient(session);
  const [described, current, history] = await Promise.all([
    ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Option: "Equals", Values: [name] }] })),
    ssm.send(new GetParameterCommand({ Name: name, WithDecryption: false })),
    allPages<ParameterHistory>(async (token) => {
      const page = await ssm.send(new GetParameterHistoryCommand({ Name: name, WithDecryption: false, NextToken: token }));
      return { items: page.Parameters, next: page.NextToken };
    }),
  ]);
  return { metadata: described.Parameters?.[0], parameter: current.Parameter, history };
}

export function ParameterDetailsPage({ session, name }: { session: Session; name: string }) {
  const loaded = useLoad(() => loadParameter(session, name), name);
  const [revealed, setRevealed] = useState<{ value: string; history: Map<number, string> }>();
  const [error, setError] = useState<{ title: string; message: string }>();
  const [deleting, setDeleting] = useState(false);
  const [selectedVersion, setSelectedVersion] = useState<string>();
  const [label, setLabel] = useState("");
  const p = loaded.value?.parameter;
  const meta = loaded.value?.metadata;
  const secure = p?.Type === "SecureString";

  const act = (work: () => Promise<unknown>) => {
    setError(undefined);
    work().then(loaded.reload, (e: unknown) => setError(describeError(e)));
  };
  const reveal = () =>
    act(async () => {
      const ssm = ssmClient(session);
      const [current, history] = await Promise.all([
        ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true })),
        allPages<ParameterHistory>(async (token) => {
          const page = await ssm.send(new GetParameterHistoryCommand({ Name: name, WithDecryption: true, NextToken: token }));
          return { items: page.Parameters, next: page.NextToken };
        }),
      ]);
      setRevealed({ value: current.Parameter?.Value ?? "", history: new Map(history.map((h) => [h.Version ?? 0, h.Value ?? ""])) });
    });
  const remove = () =>
    ssmClient(session)
      .send(new DeleteParameterCommand({ Name: name }))
      .then(
        () => {
          // Back to the level the parameter was in, as the AWS console does, not to the root.
          const parent = name.startsWith("/") ? name.slice(0, name.lastIndexOf("/")) || "/" : "/";
          window.location.hash = `${href("parameters")}?path=${encodeURIComponent(parent)}`;
        },
        (e: unknown) => {
          setDeleting(false);
          setError(describeError(e));
        },
      );
  const version = Number(selectedVersion ?? 0);
  const attach = () =>
    act(async () => {
      const answer = await ssmClient(session).send(
        new LabelParameterVersionCommand({ Name: name, ParameterVersion: version, Labels: [label] }),
      );
      if (answer.InvalidLabels?.length)
        throw Object.assign(new Error(`Not a valid label: ${answer.InvalidLabels.join(", ")}`), { name: "InvalidLabel" });
      setLabel("");
    });
  const detach = (labels: string[]) =>
    act(() => ssmClient(session).send(new UnlabelParameterVersionCommand({ Name: name, ParameterVersion: version, Labels: labels })));

  const history = (loaded.value?.history ?? []).map((h) => ({
    Version: String(h.Version ?? ""),
    Value: h.Type === "SecureString" ? (revealed?.history.get(h.Version ?? 0) ?? hidden) : h.Value,
    Labels: (h.Labels ?? []).join(", "),
    LastModifiedDate: h.LastModifiedDate?.toISOString(),
    LastModifiedUser: h.LastModifiedUser,
    Description: h.Description,
  }));
  // The chosen version as the latest load shows it (its labels change as they are attached and removed).
  const selected: Item[] = history.filter((h) => h.Version === selectedVersion);
  const selectedLabels = (selected[0]?.Labels ?? "").split(", ").filter(Boolean);
  return (
    <DetailsLayout
      crumbs={[
        { text: "Parameter Store", href: href("parameters") },
        { text: name, href: href("parameters", name) },
      ]}
      header={
        <Header
          variant="h1"
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button onClick={() => setDeleting(true)} disabled={!p}>
                Delete
              </Button>
              <Button href={href("parameter-edit", name)} disabled={!p}>
                Edit
              </Button>
            </SpaceBetween>
          }
        >
          {name}
        </Header>
      }
    >
      <SpaceBetween size="l">
        <ApiError error={loaded.error ?? error} />
        {loaded.loading && !loaded.value && <Spinner size="large" />}
        {p && (
          <Container
            header={
              <Header
                variant="h2"
                actions={
                  secure && (
                    <Button onClick={revealed ? () => setRevealed(undefined) : reveal}>{revealed ? "Hide value" : "Show value"}</Button>
                  )
                }
              >
                Overview
              </Header>
            }
          >
            <SpaceBetween size="m">
              <KeyValuePairs
                columns={4}
                items={[
                  { label: "Type", value: p.Type },
                  { label: "Version", value: String(p.Version) },
                  { label: "Tier", value: meta?.Tier },
                  { label: "Data type", value: p.DataType },
                  { label: "Last modified", value: p.LastModifiedDate?.toISOString() },
                  { label: "Last modified by", value: meta?.LastModifiedUser },
                  { label: "KMS key", value: meta?.KeyId ?? "-" },
                  { label: "Description", value: meta?.Description ?? "-" },
                ]}
              />
              <FormField label="Value">
                <Box variant="code">
                  <pre style={{ margin: 0, whiteSpace: "pre-wrap" }} data-testid="parameter-value">
                    {secure ? (revealed?.value ?? hidden) : p.Value}
                  </pre>
                </Box>
              </FormField>
            </SpaceBetween>
          </Container>
        )}
        {p && (
          <ItemsTable
            title="History"
            items={history}
            empty="No history"
            selection={{ selected, onChange: (items) => setSelectedVersion(items[0]?.Version), trackBy: "Version" }}
            columns={[
              { id: "Version", header: "Version" },
              { id: "Value", header: "Value" },
              { id: "Labels", header: "Labels" },
              { id: "LastModifiedDate", header: "Last modified" },
              { id: "LastModifiedUser", header: "By" },
              { id: "Description", header: "Description" },
            ]}
          />
        )}
        {p && (
          <Container
            header={
              <Header variant="h2" description="Choose a version in the history, then attach or remove its labels.">
                Labels
              </Header>
            }
          >
            <ColumnLayout columns={2}>
              <FormField label={selected[0] ? `Label for version ${version}` : "Choose a version first"}>
                <SpaceBetween direction="horizontal" size="xs">
                  <Input ariaLabel="Label" value={label} disabled={!selected[0]} onChange={({ detail }) => setLabel(detail.value)} />
                  <Button disabled={!selected[0] || !label} onClick={attach}>
                    Attach label
                  </Button>
                </SpaceBetween>
              </FormField>
              <FormField label="Labels of that version">
                <SpaceBetween direction="horizontal" size="xs">
                  {selectedLabels.length === 0 && <Box color="text-body-secondary">None</Box>}
                  {selectedLabels.map((l) => (
                    <Button key={l} iconName="close" iconAlign="right" onClick={() => detach([l])} ariaLabel={`Remove label ${l}`}>
                      {l}
                    </Button>
                  ))}
                </SpaceBetween>
              </FormField>
            </ColumnLayout>
          </Container>
        )}
      </SpaceBetween>
      <ConfirmModal visible={deleting} header={`Delete ${name}?`} action="Delete" onConfirm={remove} onCancel={() => setDeleting(false)}>
        The parameter and all its versions are deleted. This cannot be undone.
      </ConfirmModal>
    </DetailsLayout>
  );
}
