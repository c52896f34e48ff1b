/**
 * @module A parameter's page: its overview with its ARN, policies and tags, and its value (a SecureString stays hidden
 * until "Show value" asks the API to decrypt it); its history with each version's labels, labels attached and removed,
 * edit and delete. Each part loads on its own: a user allowed ssm:DescribeParameters but not ssm:GetParameter still
 * sees the metadata, with the refusal in place of the value.
 */
import {
  DeleteParameterCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  LabelParameterVersionCommand,
  ListTagsForResourceCommand,
  type ParameterHistory,
  UnlabelParameterVersionCommand,
} from "@aws-sdk/client-ssm";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
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

/** A part's value, or the error that refused it. */
type Part<T> = { value: T; error?: undefined } | { value?: undefined; error: { title: string; message: string } };
const part = <T,>(settled: PromiseSettledResult<T>): Part<T> =>
  settled.status === "fulfilled" ? { value: settled.value } : { error: describeError(settled.reason) };

async function loadParameter(session: Session, name: string) {
  const ssm = ssmClient(session);
  const [described, current, history, tags] = await Promise.allSettled([
    ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Option: "Equals", Values: [name] }] })),
    ssm.send(new GetParameterCommand({ Name: name, WithDecryption: false })),
    allPages<ParameterHistory>(async (token) => {
      const page = await ssm.send(new GetParameterHistoryCommand({ Name: name, WithDecryption: false, NextToken: token }));
      return { items: page.Parameters, next: page.NextToken };
    }),
    ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: name })),
  ]);
  const metadata = part(described);
  const parameter = part(current);
  // Nothing at all to show: the page is the first refusal.
  if (metadata.error && parameter.error) throw Object.assign(new Error(parameter.error.message), { name: parameter.error.title });
  return { metadata: metadata.value?.Parameters?.[0], parameter, history: part(history), tags: part(tags) };
}

/** SSM's ARN of a parameter: `parameter/` then the name without its leading slash. */
const parameterArn = (session: Session, name: string) =>
  `arn:aws:ssm:${session.region}:${session.accountId}:parameter/${name.replace(/^\//, "")}`;

export function ParameterDetailsPage({ session, name }: { session: Session; name: string }) {
  const loaded = useLoad(() => loadParameter(session, name), name);
  const [revealed, setRevealed] = useState<{ value: string; history: Map<number, string> }>();
  const [error, setError] = useState<{ title: string; message: string }>();
  const [deleting, setDeleting] = useState(false);
  const [selectedVersion, setSelectedVersion] = useState<string>();
  const [label, setLabel] = useState("");
  const p = loaded.value?.parameter.value?.Parameter;
  const valueRefused = loaded.value?.parameter.error;
  const meta = loaded.value?.metadata;
  const exists = p !== undefined || meta !== undefined;
  const secure = (p?.Type ?? meta?.Type) === "SecureString";

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

  const history = (loaded.value?.history.value ?? []).map((h) => ({
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
              <Button onClick={() => setDeleting(true)} disabled={!exists}>
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
        {exists && (
          <Container
            header={
              <Header
                variant="h2"
                actions={
                  secure &&
                  p && <Button onClick={revealed ? () => setRevealed(undefined) : reveal}>{revealed ? "Hide value" : "Show value"}</Button>
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
                  { label: "Type", value: p?.Type ?? meta?.Type },
                  { label: "Version", value: String(p?.Version ?? meta?.Version ?? "-") },
                  { label: "Tier", value: meta?.Tier ?? "-" },
                  { label: "Data type", value: p?.DataType ?? meta?.DataType ?? "-" },
                  { label: "Last modified", value: (p?.LastModifiedDate ?? meta?.LastModifiedDate)?.toISOString() },
                  { label: "Last modified by", value: meta?.LastModifiedUser ?? "-" },
                  { label: "KMS key", value: meta?.KeyId ?? "-" },
                  { label: "Description", value: meta?.Description ?? "-" },
                  {
                    label: "ARN",
                    value: (
                      <CopyToClipboard
                        variant="inline"
                        textToCopy={p?.ARN ?? parameterArn(session, name)}
                        copyButtonAriaLabel="Copy the ARN"
                        copySuccessText="ARN copied"
                        copyErrorText="The ARN could not be copied"
                      />
                    ),
                  },
                  {
                    label: "Policies",
                    value: (meta?.Policies ?? []).map((policy) => `${policy.PolicyType} (${policy.PolicyStatus})`).join(", ") || "-",
                  },
                  {
                    label: "Tags",
                    value: loaded.value?.tags.error
                      ? `Not shown: ${loaded.value.tags.error.title}`
                      : (loaded.value?.tags.value?.TagList ?? []).map((t) => `${t.Key}=${t.Value}`).join(", ") || "-",
                  },
                ]}
              />
              <FormField label="Value">
                {valueRefused ? (
                  <Box color="text-status-error" data-testid="parameter-value-refused">
                    Not shown: {valueRefused.title}: {valueRefused.message}
                  </Box>
                ) : (
                  <Box variant="code">
                    <pre style={{ margin: 0, whiteSpace: "pre-wrap" }} data-testid="parameter-value">
                      {secure ? (revealed?.value ?? hidden) : p?.Value}
                    </pre>
                  </Box>
                )}
              </FormField>
            </SpaceBetween>
          </Container>
        )}
        {loaded.value?.history.error && <ApiError error={loaded.value.history.error} />}
        {loaded.value?.history.value && (
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
