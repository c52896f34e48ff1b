/**
 * @module Create or edit a parameter (PutParameter; editing overwrites and makes a new version). Every value is a
 * multi-line field, since SSM keeps newlines (PEM keys, certificates); a SecureString's is masked until "Show value".
 * When editing, the value is fetched decrypted to fill the field, and sent back exactly as fetched unless the user
 * changed it: a textarea would turn CRLF into LF, and an untouched value must stay byte-identical.
 */
import {
  DescribeParametersCommand,
  GetParameterCommand,
  type ParameterTier,
  type ParameterType,
  PutParameterCommand,
} from "@aws-sdk/client-ssm";
import BreadcrumbGroup from "@cloudscape-design/components/breadcrumb-group";
import Button from "@cloudscape-design/components/button";
import Checkbox from "@cloudscape-design/components/checkbox";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import RadioGroup from "@cloudscape-design/components/radio-group";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Textarea from "@cloudscape-design/components/textarea";
import { useEffect, useState } from "react";
import { describeError, ssmClient } from "../../api.ts";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";

export function ParameterFormPage({ session, name: editing, path }: { session: Session; name: string | undefined; path: string }) {
  const [name, setName] = useState(editing ?? (path === "/" ? "/" : `${path}/`));
  const [description, setDescription] = useState("");
  const [tier, setTier] = useState<ParameterTier>("Standard");
  const [type, setType] = useState<ParameterType>("String");
  const [keyId, setKeyId] = useState("");
  const [value, setValue] = useState("");
  /** The stored value as fetched, sent back as it is while the field is untouched. */
  const [stored, setStored] = useState<string>();
  const [touched, setTouched] = useState(false);
  const [shown, setShown] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<{ title: string; message: string }>();

  useEffect(() => {
    if (!editing) return;
    const ssm = ssmClient(session);
    Promise.all([
      ssm.send(new GetParameterCommand({ Name: editing, WithDecryption: true })),
      ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Option: "Equals", Values: [editing] }] })),
    ])
      .then(([answer, described]) => {
        const p = answer.Parameter;
        const meta = described.Parameters?.[0];
        setType((p?.Type as ParameterType) ?? "String");
        setValue(p?.Value ?? "");
        setStored(p?.Value ?? "");
        setDescription(meta?.Description ?? "");
        setTier((meta?.Tier as ParameterTier) ?? "Standard");
        if (meta?.KeyId && meta.KeyId !== "alias/aws/ssm") setKeyId(meta.KeyId);
      })
      .catch((e: unknown) => setError(describeError(e)));
  }, [session, editing]);

  const save = async () => {
    setSaving(true);
    setError(undefined);
    try {
      await ssmClient(session).send(
        new PutParameterCommand({
          Name: name,
          Value: editing && !touched && stored !== undefined ? stored : value,
          Type: type,
          Tier: tier,
          ...(description ? { Description: description } : {}),
          ...(type === "SecureString" && keyId ? { KeyId: keyId } : {}),
          ...(editing ? { Overwrite: true } : {}),
        }),
      );
      window.location.hash = href("parameters", name);
    } catch (e) {
      setError(describeError(e));
      setSaving(false);
    }
  };

  return (
    <SpaceBetween size="m">
      <BreadcrumbGroup
        items={[
          { text: "Parameter Store", href: href("parameters") },
          { text: editing ? `Edit ${editing}` : "Create parameter", href: href("parameter-edit", editing) },
        ]}
      />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <Form
          header={<Header variant="h1">{editing ? `Edit ${editing}` : "Create parameter"}</Header>}
          errorText={error ? `${error.title}: ${error.message}` : undefined}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              <Button formAction="none" variant="link" href={editing ? href("parameters", editing) : href("parameters")}>
                Cancel
              </Button>
              <Button variant="primary" loading={saving}>
                {editing ? "Save changes" : "Create parameter"}
              </Button>
            </SpaceBetween>
          }
        >
          <Container header={<Header variant="h2">Parameter details</Header>}>
            <SpaceBetween size="m">
              <FormField label="Name" constraintText="A hierarchy uses slashes: /app/prod/db/password.">
                <Input ariaLabel="Name" value={name} disabled={editing !== undefined} onChange={({ detail }) => setName(detail.value)} />
              </FormField>
              <FormField label="Description" constraintText="Optional.">
                <Input ariaLabel="Description" value={description} onChange={({ detail }) => setDescription(detail.value)} />
              </FormField>
              <FormField label="Tier">
                <RadioGroup
                  value={tier}
                  onChange={({ detail }) => setTier(detail.value as ParameterTier)}
                  items={[
                    { value: "Standard", label: "Standard", description: "Up to 4 KB." },
                    { value: "Advanced", label: "Advanced", description: "Up to 8 KB." },
                  ]}
                />
              </FormField>
              <FormField label="Type">
                <RadioGroup
                  value={type}
                  onChange={({ detail }) => setType(detail.value as ParameterType)}
                  items={[
                    { value: "String", label: "String" },
                    { value: "StringList", label: "StringList", description: "Values separated by commas." },
                    { value: "SecureString", label: "SecureString", description: "Encrypted at rest with the server's keyring." },
                  ]}
                />
              </FormField>
              {type === "SecureString" && (
                <FormField label="KMS key ID" constraintText="Optional; the default key when empty.">
                  <Input ariaLabel="KMS key ID" value={keyId} onChange={({ detail }) => setKeyId(detail.value)} />
                </FormField>
              )}
              <FormField
                label="Value"
                constraintText={
                  tier === "Advanced" ? "Up to 8,192 characters; newlines are kept." : "Up to 4,096 characters; newlines are kept."
                }
                secondaryControl={
                  type === "SecureString" ? (
                    <Checkbox checked={shown} onChange={({ detail }) => setShown(detail.checked)}>
                      Show value
                    </Checkbox>
                  ) : undefined
                }
              >
                <div className={type === "SecureString" && !shown ? "bosun-masked" : undefined}>
                  <Textarea
                    ariaLabel="Value"
                    value={value}
                    rows={Math.min(12, Math.max(3, value.split("\n").length))}
                    spellcheck={false}
                    onChange={({ detail }) => {
                      setTouched(true);
                      setValue(detail.value);
                    }}
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
