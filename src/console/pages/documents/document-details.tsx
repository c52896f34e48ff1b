/**
 * @module A document's page: its description, status and versions, its parameters as a table, and its content in
 * JSON or YAML (GetDocument converts), and who it is shared with. Actions: run it (Command documents), create a new
 * version, make a version the default, share it, delete. Amazon's documents are read-only.
 */
import {
  DeleteDocumentCommand,
  DescribeDocumentCommand,
  type DocumentFormat,
  type DocumentVersionInfo,
  GetDocumentCommand,
  ListDocumentVersionsCommand,
  UpdateDocumentDefaultVersionCommand,
} from "@aws-sdk/client-ssm";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SegmentedControl from "@cloudscape-design/components/segmented-control";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Spinner from "@cloudscape-design/components/spinner";
import { useState } from "react";
import { allPages, describeError, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { ConfirmModal } from "../../components/confirm-modal.tsx";
import { DetailsLayout } from "../../components/details-layout.tsx";
import { type Item, ItemsTable } from "../../components/items-table.tsx";
import { Status } from "../../components/status.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";
import { OutputText } from "../run-command/full-output.tsx";
import { DocumentSharing } from "./document-sharing.tsx";

async function loadDocument(session: Session, name: string) {
  const ssm = ssmClient(session);
  const [described, versions] = await Promise.all([
    ssm.send(new DescribeDocumentCommand({ Name: name })),
    allPages<DocumentVersionInfo>(async (token) => {
      const page = await ssm.send(new ListDocumentVersionsCommand({ Name: name, NextToken: token }));
      return { items: page.DocumentVersions, next: page.NextToken };
    }),
  ]);
  return { document: described.Document, versions };
}

function Content({ session, name, version }: { session: Session; name: string; version: string | undefined }) {
  const [format, setFormat] = useState<DocumentFormat>("YAML");
  const content = useLoad(
    async () => {
      const answer = await ssmClient(session).send(
        new GetDocumentCommand({ Name: name, DocumentFormat: format, ...(version ? { DocumentVersion: version } : {}) }),
      );
      return answer.Content ?? "";
    },
    `${name}/${version ?? ""}/${format}`,
  );
  return (
    <Container
      header={
        <Header
          variant="h2"
          description={version ? `Version ${version}` : "The default version"}
          actions={
            <SegmentedControl
              label="Format"
              selectedId={format}
              options={[
                { id: "YAML", text: "YAML" },
                { id: "JSON", text: "JSON" },
              ]}
              onChange={({ detail }) => setFormat(detail.selectedId as DocumentFormat)}
            />
          }
        >
          Content
        </Header>
      }
    >
      <ApiError error={content.error} />
      {content.loading && !content.value ? (
        <Spinner />
      ) : (
        <OutputText label={`Content of ${name}`} testId="document-content">
          {content.value ?? ""}
        </OutputText>
      )}
    </Container>
  );
}

export function DocumentDetailsPage({ session, name }: { session: Session; name: string }) {
  const loaded = useLoad(() => loadDocument(session, name), name);
  const [error, setError] = useState<{ title: string; message: string }>();
  const [deleting, setDeleting] = useState(false);
  const [selected, setSelected] = useState<Item[]>([]);
  const d = loaded.value?.document;
  const amazons = d?.Owner === "Amazon";
  const act = (work: () => Promise<unknown>) => {
    setError(undefined);
    work().then(loaded.reload, (e: unknown) => setError(describeError(e)));
  };
  const remove = () => {
    setDeleting(false);
    ssmClient(session)
      .send(new DeleteDocumentCommand({ Name: name }))
      .then(
        () => {
          window.location.hash = href("documents");
        },
        (e: unknown) => setError(describeError(e)),
      );
  };
  const chosenVersion = selected[0]?.DocumentVersion;
  return (
    <DetailsLayout
      crumbs={[
        { text: "Documents", href: href("documents") },
        { text: name, href: href("documents", name) },
      ]}
      header={
        <Header
          variant="h1"
          description={d?.Description}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button onClick={() => setDeleting(true)} disabled={!d || amazons}>
                Delete
              </Button>
              <Button href={href("document-edit", name)} disabled={!d || amazons}>
                Create new version
              </Button>
              {d?.DocumentType === "Command" && (
                <Button variant="primary" href={href("run-command", undefined, { document: name })}>
                  Run command
                </Button>
              )}
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
        {d && (
          <Container header={<Header variant="h2">Details</Header>}>
            <KeyValuePairs
              columns={4}
              items={[
                { label: "Type", value: d.DocumentType },
                { label: "Format", value: d.DocumentFormat },
                { label: "Status", value: <Status of={d.Status} /> },
                { label: "Owner", value: d.Owner },
                { label: "Default version", value: d.DefaultVersion },
                { label: "Latest version", value: d.LatestVersion },
                { label: "Schema version", value: d.SchemaVersion },
                { label: "Platforms", value: (d.PlatformTypes ?? []).join(", ") || "-" },
                { label: "Created", value: d.CreatedDate?.toISOString() },
                { label: "Hash", value: d.Hash ? <Box variant="code">{d.Hash.slice(0, 16)}…</Box> : "-" },
              ]}
            />
          </Container>
        )}
        {d && (
          <ItemsTable
            title="Parameters"
            items={(d.Parameters ?? []).map((p) => ({
              Name: p.Name,
              Type: p.Type,
              DefaultValue: p.DefaultValue,
              Description: p.Description,
            }))}
            empty="This document takes no parameters"
            columns={[
              { id: "Name", header: "Name" },
              { id: "Type", header: "Type" },
              { id: "DefaultValue", header: "Default" },
              { id: "Description", header: "Description" },
            ]}
          />
        )}
        {d && (
          <ItemsTable
            title="Versions"
            items={(loaded.value?.versions ?? []).map((v) => ({
              DocumentVersion: v.DocumentVersion,
              IsDefaultVersion: v.IsDefaultVersion ? "Default" : "",
              VersionName: v.VersionName,
              CreatedDate: v.CreatedDate?.toISOString(),
              Status: v.Status,
            }))}
            empty="No versions"
            selection={{ selected, onChange: setSelected, trackBy: "DocumentVersion" }}
            actions={
              <Button
                disabled={!chosenVersion || amazons || selected[0]?.IsDefaultVersion === "Default"}
                onClick={() =>
                  act(() =>
                    ssmClient(session).send(new UpdateDocumentDefaultVersionCommand({ Name: name, DocumentVersion: chosenVersion })),
                  )
                }
              >
                Set as default
              </Button>
            }
            columns={[
              { id: "DocumentVersion", header: "Version" },
              { id: "IsDefaultVersion", header: "Default" },
              { id: "VersionName", header: "Version name" },
              { id: "CreatedDate", header: "Created" },
              { id: "Status", header: "Status" },
            ]}
          />
        )}
        {d && <Content session={session} name={name} version={chosenVersion} />}
        {d && !amazons && <DocumentSharing session={session} name={name} />}
      </SpaceBetween>
      <ConfirmModal visible={deleting} header={`Delete ${name}?`} action="Delete" onConfirm={remove} onCancel={() => setDeleting(false)}>
        Every version of the document is deleted. Associations that use it stop applying it.
      </ConfirmModal>
    </DetailsLayout>
  );
}
