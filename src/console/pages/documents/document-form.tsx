/**
 * @module Create a document, or a new version of one: name, type, format and content in a plain editor that keeps the
 * text as typed. The content is parsed here first (JSON or YAML, with the line of a syntax error) and must declare a
 * schemaVersion; everything else (steps, parameters, the schema's rules) is the API's to judge, and its refusal is
 * shown at the field it is about. CreateDocument, or UpdateDocument on $LATEST for a new version.
 */
import {
  CreateDocumentCommand,
  type DocumentFormat,
  type DocumentType,
  GetDocumentCommand,
  UpdateDocumentCommand,
} from "@aws-sdk/client-ssm";
import BreadcrumbGroup from "@cloudscape-design/components/breadcrumb-group";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Textarea from "@cloudscape-design/components/textarea";
import { useEffect, useState } from "react";
import { parse, YAMLParseError } from "yaml";
import { describeError, ssmClient } from "../../api.ts";
import { type FieldErrors, fieldErrors } from "../../field-errors.ts";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";

type Field = "name" | "type" | "content" | "versionName";

const errorPlaces = {
  exceptions: {
    DocumentAlreadyExists: "name",
    InvalidDocumentContent: "content",
    InvalidDocumentSchemaVersion: "content",
    MaxDocumentSizeExceeded: "content",
    DuplicateDocumentContent: "content",
    DuplicateDocumentVersionName: "versionName",
    InvalidDocumentType: "type",
  },
  members: [
    ["'name'", "name"],
    ["'content'", "content"],
    ["'versionname'", "versionName"],
    ["'documenttype'", "type"],
  ],
} as const satisfies { exceptions: Record<string, Field>; members: readonly (readonly [string, Field])[] };

const starter = `schemaVersion: "2.2"
description: Say hello on Linux nodes.
parameters:
  greeting:
    type: String
    default: hello
mainSteps:
  - action: aws:runShellScript
    name: greet
    inputs:
      runCommand:
        - echo "{{ greeting }}"
`;

/** What the editor can tell before asking: the text parses in its format and names a schemaVersion. */
export function contentProblem(content: string, format: DocumentFormat): string | undefined {
  if (content.trim() === "") return "Enter the document's content.";
  let parsed: unknown;
  try {
    parsed = format === "JSON" ? JSON.parse(content) : parse(content);
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const at = error.linePos?.[0];
      return `Not valid YAML${at ? ` at line ${at.line}, column ${at.col}` : ""}: ${error.message.split("\n")[0]}`;
    }
    return `Not valid JSON: ${(error as Error).message}`;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return "A document is an object (a mapping of keys).";
  if (!("schemaVersion" in parsed)) return "The document needs a schemaVersion (for example 2.2 for Command documents).";
  return undefined;
}

export function DocumentFormPage({ session, editing }: { session: Session; editing: string | undefined }) {
  const [name, setName] = useState(editing ?? "");
  const [type, setType] = useState<DocumentType>("Command");
  const [format, setFormat] = useState<DocumentFormat>("YAML");
  const [content, setContent] = useState(editing ? "" : starter);
  const [versionName, setVersionName] = useState("");
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});

  // A new version starts from the latest one, in the format it was written in.
  useEffect(() => {
    if (!editing) return;
    ssmClient(session)
      .send(new GetDocumentCommand({ Name: editing, DocumentVersion: "$LATEST" }))
      .then((d) => {
        setType((d.DocumentType as DocumentType) ?? "Command");
        setFormat((d.DocumentFormat as DocumentFormat) ?? "JSON");
        setContent(d.Content ?? "");
      })
      .catch((e: unknown) => setErrors(fieldErrors(describeError(e), errorPlaces)));
  }, [session, editing]);

  const save = async () => {
    const problem = contentProblem(content, format);
    const found: FieldErrors<Field> = {};
    if (problem) found.content = problem;
    if (!editing && name.trim() === "") found.name = "Enter the document's name.";
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      const ssm = ssmClient(session);
      const common = { Content: content, DocumentFormat: format, ...(versionName ? { VersionName: versionName } : {}) };
      if (editing) await ssm.send(new UpdateDocumentCommand({ Name: editing, DocumentVersion: "$LATEST", ...common }));
      else await ssm.send(new CreateDocumentCommand({ Name: name.trim(), DocumentType: type, ...common }));
      window.location.hash = href("documents", editing ?? name.trim());
    } catch (e) {
      setErrors(fieldErrors(describeError(e), errorPlaces));
      setSaving(false);
    }
  };

  return (
    <SpaceBetween size="m">
      <BreadcrumbGroup
        items={[
          { text: "Documents", href: href("documents") },
          ...(editing ? [{ text: editing, href: href("documents", editing) }] : []),
          { text: editing ? "New version" : "Create document", href: href("document-edit", editing) },
        ]}
      />
      {/* Enter in the name field does nothing: the document is saved only from its button. */}
      <form onSubmit={(e) => e.preventDefault()}>
        <Form
          header={<Header variant="h1">{editing ? `New version of ${editing}` : "Create document"}</Header>}
          errorText={errors.form}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button formAction="none" variant="link" href={editing ? href("documents", editing) : href("documents")}>
                Cancel
              </Button>
              <Button formAction="none" variant="primary" loading={saving} onClick={() => void save()}>
                {editing ? "Create version" : "Create document"}
              </Button>
            </SpaceBetween>
          }
        >
          <Container header={<Header variant="h2">Document</Header>}>
            <SpaceBetween size="m">
              <ColumnLayout columns={2}>
                <FormField
                  label="Name"
                  constraintText="Letters, digits, '_', '-' and '.'; not AWS-, Amazon or Bosun-."
                  errorText={errors.name}
                >
                  <Input
                    ariaLabel="Document name"
                    value={name}
                    disabled={editing !== undefined}
                    onChange={({ detail }) => setName(detail.value)}
                  />
                </FormField>
                <FormField label="Version name" constraintText="Optional, e.g. a release." errorText={errors.versionName}>
                  <Input ariaLabel="Version name" value={versionName} onChange={({ detail }) => setVersionName(detail.value)} />
                </FormField>
                <FormField label="Type" errorText={errors.type}>
                  <Select
                    ariaLabel="Document type"
                    disabled={editing !== undefined}
                    selectedOption={{ value: type }}
                    options={["Command", "Policy", "Automation", "Session", "ChangeCalendar"].map((value) => ({ value }))}
                    onChange={({ detail }) => setType((detail.selectedOption.value as DocumentType) ?? "Command")}
                  />
                </FormField>
                <FormField label="Format">
                  <Select
                    ariaLabel="Document format"
                    selectedOption={{ value: format }}
                    options={[{ value: "YAML" }, { value: "JSON" }]}
                    onChange={({ detail }) => setFormat((detail.selectedOption.value as DocumentFormat) ?? "YAML")}
                  />
                </FormField>
              </ColumnLayout>
              <FormField label="Content" stretch errorText={errors.content}>
                <div className="bosun-code">
                  <Textarea
                    ariaLabel="Content"
                    value={content}
                    rows={Math.min(30, Math.max(12, content.split("\n").length + 1))}
                    spellcheck={false}
                    onChange={({ detail }) => setContent(detail.value)}
                  />
                </div>
              </FormField>
            </SpaceBetween>
          </Container>
        </Form>
      </form>
    </SpaceBetween>
  );
}
