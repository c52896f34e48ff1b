/**
 * @module Create or edit a parameter (PutParameter; editing overwrites and makes a new version): name, description,
 * tier, type, data type, KMS key, value, policies and tags. Every value is a multi-line field, since SSM keeps newlines
 * (PEM keys, certificates); a SecureString's is masked until "Show value". When editing, the value is fetched decrypted
 * to fill the field, and sent back exactly as fetched unless the user changed it: a textarea would turn CRLF into LF,
 * and an untouched value must stay byte-identical. PutParameter takes tags only when creating; an edit's tag changes
 * go through AddTagsToResource and RemoveTagsFromResource. A refused save shows its error at the field it is about.
 */
import {
  AddTagsToResourceCommand,
  DescribeParametersCommand,
  GetParameterCommand,
  ListTagsForResourceCommand,
  type ParameterTier,
  type ParameterType,
  PutParameterCommand,
  RemoveTagsFromResourceCommand,
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
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import TagEditor, { type TagEditorProps } from "@cloudscape-design/components/tag-editor";
import Textarea from "@cloudscape-design/components/textarea";
import { useEffect, useState } from "react";
import { describeError, ssmClient } from "../../api.ts";
import { type FieldErrors, fieldErrors } from "../../field-errors.ts";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";

type Field = "name" | "description" | "type" | "dataType" | "keyId" | "value" | "policies" | "tags";

/** Where PutParameter's and the tag actions' errors belong. */
const errorPlaces = {
  exceptions: {
    ParameterAlreadyExists: "name",
    ParameterPatternMismatchException: "name",
    HierarchyLevelLimitExceededException: "name",
    HierarchyTypeMismatchException: "type",
    UnsupportedParameterType: "type",
    InvalidKeyId: "keyId",
    InvalidAllowedPatternException: "value",
    ParameterLimitExceeded: "name",
    InvalidPolicyTypeException: "policies",
    InvalidPolicyAttributeException: "policies",
    IncompatiblePolicyException: "policies",
    PoliciesLimitExceededException: "policies",
    TooManyTagsError: "tags",
    InvalidResourceId: "tags",
  },
  members: [
    ["'name'", "name"],
    ["parameter name", "name"],
    ["'value'", "value"],
    ["parameter value", "value"],
    ["'description'", "description"],
    ["data type", "dataType"],
    ["'datatype'", "dataType"],
    ["polic", "policies"],
    ["'keyid'", "keyId"],
    ["tag", "tags"],
    ["type", "type"],
  ],
} as const satisfies { exceptions: Record<string, Field>; members: readonly (readonly [string, Field])[] };

/** What the form can tell before asking the API (the API's own check still decides). */
function checkFields(name: string, value: string, policies: string): FieldErrors<Field> {
  const errors: FieldErrors<Field> = {};
  if (name.trim() === "" || name.endsWith("/")) errors.name = "Enter the parameter's name (it cannot end with a slash).";
  if (value === "") errors.value = "Enter a value: a parameter cannot be empty.";
  if (policies.trim() !== "")
    try {
      if (!Array.isArray(JSON.parse(policies))) errors.policies = 'Policies are a JSON array: [{"Type": "Expiration", …}].';
    } catch {
      errors.policies = "Policies are not valid JSON.";
    }
  return errors;
}

/** The tag changes an edit makes: keys to add or change, and keys to remove. */
function tagChanges(tags: readonly TagEditorProps.Tag[]) {
  return {
    put: tags.filter((t) => !t.markedForRemoval && t.key !== "").map((t) => ({ Key: t.key, Value: t.value })),
    removed: tags.filter((t) => t.markedForRemoval && t.existing).map((t) => t.key),
  };
}

export function ParameterFormPage({ session, name: editing, path }: { session: Session; name: string | undefined; path: string }) {
  const [name, setName] = useState(editing ?? (path === "/" ? "/" : `${path}/`));
  const [description, setDescription] = useState("");
  const [tier, setTier] = useState<ParameterTier>("Standard");
  const [type, setType] = useState<ParameterType>("String");
  const [dataType, setDataType] = useState("text");
  const [policies, setPolicies] = useState("");
  const [tags, setTags] = useState<readonly TagEditorProps.Tag[]>([]);
  const [tagsValid, setTagsValid] = useState(true);
  const [keyId, setKeyId] = useState("");
  const [value, setValue] = useState("");
  /** The stored value as fetched, sent back as it is while the field is untouched. */
  const [stored, setStored] = useState<string>();
  const [touched, setTouched] = useState(false);
  const [shown, setShown] = useState(false);
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});

  useEffect(() => {
    if (!editing) return;
    const ssm = ssmClient(session);
    Promise.all([
      ssm.send(new GetParameterCommand({ Name: editing, WithDecryption: true })),
      ssm.send(new DescribeParametersCommand({ ParameterFilters: [{ Key: "Name", Option: "Equals", Values: [editing] }] })),
      ssm.send(new ListTagsForResourceCommand({ ResourceType: "Parameter", ResourceId: editing })),
    ])
      .then(([answer, described, tagged]) => {
        const p = answer.Parameter;
        const meta = described.Parameters?.[0];
        setType((p?.Type as ParameterType) ?? "String");
        setValue(p?.Value ?? "");
        setStored(p?.Value ?? "");
        setDataType(p?.DataType ?? "text");
        setDescription(meta?.Description ?? "");
        setTier((meta?.Tier as ParameterTier) ?? "Standard");
        const attached = (meta?.Policies ?? []).map((policy) => JSON.parse(policy.PolicyText ?? "{}") as unknown);
        setPolicies(attached.length > 0 ? JSON.stringify(attached, null, 2) : "");
        setTags((tagged.TagList ?? []).map((t) => ({ key: t.Key ?? "", value: t.Value ?? "", existing: true })));
        if (meta?.KeyId && meta.KeyId !== "alias/aws/ssm") setKeyId(meta.KeyId);
      })
      .catch((e: unknown) => setErrors({ form: Object.values(describeError(e)).join(": ") }));
  }, [session, editing]);

  const save = async () => {
    const found = checkFields(name, editing && !touched ? (stored ?? value) : value, policies);
    if (!tagsValid) found.tags = "Fix the tags first: each needs a key, and a key appears once.";
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    const ssm = ssmClient(session);
    const changes = tagChanges(tags);
    try {
      await ssm.send(
        new PutParameterCommand({
          Name: name,
          Value: editing && !touched && stored !== undefined ? stored : value,
          Type: type,
          Tier: tier,
          DataType: dataType,
          ...(description ? { Description: description } : {}),
          ...(type === "SecureString" && keyId ? { KeyId: keyId } : {}),
          ...(policies.trim() ? { Policies: policies } : {}),
          ...(editing ? { Overwrite: true } : changes.put.length > 0 ? { Tags: changes.put } : {}),
        }),
      );
      if (editing && changes.put.length > 0)
        await ssm.send(new AddTagsToResourceCommand({ ResourceType: "Parameter", ResourceId: editing, Tags: changes.put }));
      if (editing && changes.removed.length > 0)
        await ssm.send(new RemoveTagsFromResourceCommand({ ResourceType: "Parameter", ResourceId: editing, TagKeys: changes.removed }));
      window.location.hash = href("parameters", name);
    } catch (e) {
      setErrors(fieldErrors(describeError(e), errorPlaces));
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
          errorText={errors.form}
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
              <FormField label="Name" constraintText="A hierarchy uses slashes: /app/prod/db/password." errorText={errors.name}>
                <Input ariaLabel="Name" value={name} disabled={editing !== undefined} onChange={({ detail }) => setName(detail.value)} />
              </FormField>
              <FormField label="Description" constraintText="Optional." errorText={errors.description}>
                <Input ariaLabel="Description" value={description} onChange={({ detail }) => setDescription(detail.value)} />
              </FormField>
              <FormField label="Tier">
                <RadioGroup
                  value={tier}
                  onChange={({ detail }) => setTier(detail.value as ParameterTier)}
                  items={[
                    { value: "Standard", label: "Standard", description: "Up to 4 KB." },
                    { value: "Advanced", label: "Advanced", description: "Up to 8 KB, and policies." },
                    {
                      value: "Intelligent-Tiering",
                      label: "Intelligent-Tiering",
                      description: "Standard until the value or its policies need Advanced.",
                    },
                  ]}
                />
              </FormField>
              <FormField label="Type" errorText={errors.type}>
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
              {type === "String" && (
                <FormField label="Data type" errorText={errors.dataType}>
                  <Select
                    ariaLabel="Data type"
                    selectedOption={{ value: dataType }}
                    options={[
                      { value: "text", description: "Any text." },
                      { value: "aws:ec2:image", description: "An AMI ID, checked when saved." },
                      { value: "aws:ssm:integration", description: "An integration's settings." },
                    ]}
                    onChange={({ detail }) => setDataType(detail.selectedOption.value ?? "text")}
                  />
                </FormField>
              )}
              {type === "SecureString" && (
                <FormField label="KMS key ID" constraintText="Optional; the default key when empty." errorText={errors.keyId}>
                  <Input ariaLabel="KMS key ID" value={keyId} onChange={({ detail }) => setKeyId(detail.value)} />
                </FormField>
              )}
              <FormField
                label="Value"
                errorText={errors.value}
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
              <FormField
                label="Policies"
                description="Expiration, ExpirationNotification and NoChangeNotification, as a JSON array. Advanced tier."
                constraintText="Optional."
                errorText={errors.policies}
              >
                <Textarea
                  ariaLabel="Policies"
                  value={policies}
                  rows={policies ? 6 : 2}
                  spellcheck={false}
                  placeholder='[{"Type":"Expiration","Version":"1.0","Attributes":{"Timestamp":"2027-01-01T00:00:00.000Z"}}]'
                  onChange={({ detail }) => setPolicies(detail.value)}
                />
              </FormField>
              <FormField label="Tags" constraintText="Up to 50." errorText={errors.tags}>
                <TagEditor
                  tags={tags}
                  tagLimit={50}
                  onChange={({ detail }) => {
                    setTags(detail.tags);
                    setTagsValid(detail.valid);
                  }}
                />
              </FormField>
            </SpaceBetween>
          </Container>
        </Form>
      </form>
    </SpaceBetween>
  );
}
