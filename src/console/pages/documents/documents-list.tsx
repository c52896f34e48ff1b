/**
 * @module Documents: the account's own documents, Amazon's (AWS-…) or all of them, with their type, format and default
 * version, and "Create document".
 */
import { type DocumentIdentifier, ListDocumentsCommand } from "@aws-sdk/client-ssm";
import Button from "@cloudscape-design/components/button";
import Link from "@cloudscape-design/components/link";
import SegmentedControl from "@cloudscape-design/components/segmented-control";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { allPages, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { ItemsTable } from "../../components/items-table.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";

const owners = [
  { id: "Self", text: "Owned by me" },
  { id: "Amazon", text: "Owned by Amazon" },
  { id: "All", text: "All documents" },
];

export function DocumentsListPage({ session, owner }: { session: Session; owner: string }) {
  const chosen = owners.some((o) => o.id === owner) ? owner : "Self";
  const documents = useLoad(
    () =>
      allPages<DocumentIdentifier>(async (token) => {
        const page = await ssmClient(session).send(
          new ListDocumentsCommand({
            ...(chosen === "All" ? {} : { Filters: [{ Key: "Owner", Values: [chosen] }] }),
            MaxResults: 50,
            NextToken: token,
          }),
        );
        return { items: page.DocumentIdentifiers, next: page.NextToken };
      }),
    `${session.accountId}/${session.region}/${chosen}`,
  );
  const items = (documents.value ?? []).map((d) => ({
    Name: d.Name,
    DocumentType: d.DocumentType,
    DocumentFormat: d.DocumentFormat,
    Owner: d.Owner,
    DocumentVersion: d.DocumentVersion,
    SchemaVersion: d.SchemaVersion,
    CreatedDate: d.CreatedDate?.toISOString(),
  }));
  return (
    <SpaceBetween size="m">
      <ApiError error={documents.error} />
      <SegmentedControl
        label="Owner"
        selectedId={chosen}
        options={owners}
        onChange={({ detail }) => {
          window.location.hash = href("documents", undefined, { owner: detail.selectedId });
        }}
      />
      <ItemsTable
        title="Documents"
        variant="h1"
        items={items}
        loading={documents.loading}
        empty={chosen === "Self" ? "You own no documents yet" : "No documents"}
        actions={
          <>
            <Button iconName="refresh" ariaLabel="Refresh" onClick={documents.reload} />
            <Button variant="primary" href={href("document-edit")}>
              Create document
            </Button>
          </>
        }
        columns={[
          { id: "Name", header: "Name", cell: (d) => <Link href={href("documents", d.Name)}>{d.Name}</Link> },
          { id: "DocumentType", header: "Type" },
          { id: "DocumentFormat", header: "Format" },
          { id: "Owner", header: "Owner" },
          { id: "DocumentVersion", header: "Default version" },
          { id: "SchemaVersion", header: "Schema" },
          { id: "CreatedDate", header: "Created" },
        ]}
      />
    </SpaceBetween>
  );
}
