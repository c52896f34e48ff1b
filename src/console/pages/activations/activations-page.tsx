/**
 * @module Hybrid activations: the codes machines register with (`bosun agent register`), how many registered, and
 * when each expires. "Create activation" shows the code once, beside the command that uses it (the API never shows
 * it again); deleting an activation stops new registrations and leaves registered nodes as they are.
 */
import { type Activation, CreateActivationCommand, DeleteActivationCommand, DescribeActivationsCommand } from "@aws-sdk/client-ssm";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import CopyToClipboard from "@cloudscape-design/components/copy-to-clipboard";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useState } from "react";
import { allPages, describeError, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { ConfirmModal } from "../../components/confirm-modal.tsx";
import { type Item, ItemsTable } from "../../components/items-table.tsx";
import { type FieldErrors, fieldErrors } from "../../field-errors.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";

type Field = "role" | "limit" | "expiration" | "name" | "description";

const errorPlaces = {
  exceptions: {},
  members: [
    ["'iamrole'", "role"],
    ["registrationlimit", "limit"],
    ["expiration", "expiration"],
    ["defaultinstancename", "name"],
    ["'description'", "description"],
  ],
} as const satisfies { exceptions: Record<string, Field>; members: readonly (readonly [string, Field])[] };

/** The code of an activation just created: shown once, with the command that registers a machine with it. */
function NewActivation({ session, id, code, onDone }: { session: Session; id: string; code: string; onDone: () => void }) {
  const command = `sudo bosun agent register --server ${window.location.origin} --code ${code} --id ${id} --region ${session.region}`;
  return (
    <Alert type="success" header="Activation created: copy its code now" action={<Button onClick={onDone}>Done</Button>}>
      <SpaceBetween size="xs">
        <Box>The code is shown only this once. Register a machine with:</Box>
        <CopyToClipboard
          variant="inline"
          textToCopy={command}
          copyButtonAriaLabel="Copy the command"
          copySuccessText="Command copied"
          copyErrorText="The command could not be copied"
        />
        <Box data-testid="activation-code">
          Activation code: <code>{code}</code> · Activation ID: <code>{id}</code>
        </Box>
      </SpaceBetween>
    </Alert>
  );
}

function CreateForm({ session, onCreated }: { session: Session; onCreated: (id: string, code: string) => void }) {
  const [role, setRole] = useState("SSMServiceRole");
  const [limit, setLimit] = useState("10");
  const [expiration, setExpiration] = useState("");
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<FieldErrors<Field>>({});
  const create = async () => {
    const found: FieldErrors<Field> = {};
    if (!/^\d+$/.test(limit)) found.limit = "A whole number of machines, 1 to 1000.";
    if (expiration && Number.isNaN(Date.parse(expiration))) found.expiration = "A date and time, e.g. 2027-01-31T00:00:00Z.";
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSaving(true);
    try {
      const created = await ssmClient(session).send(
        new CreateActivationCommand({
          IamRole: role,
          RegistrationLimit: Number(limit),
          ...(expiration ? { ExpirationDate: new Date(expiration) } : {}),
          ...(name ? { DefaultInstanceName: name } : {}),
          ...(description ? { Description: description } : {}),
        }),
      );
      onCreated(created.ActivationId ?? "", created.ActivationCode ?? "");
    } catch (e) {
      setErrors(fieldErrors(describeError(e), errorPlaces));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form onSubmit={(e) => e.preventDefault()}>
      <Form
        errorText={errors.form}
        actions={
          <Button formAction="none" variant="primary" loading={saving} onClick={() => void create()}>
            Create activation
          </Button>
        }
      >
        <Container header={<Header variant="h2">Create activation</Header>}>
          <ColumnLayout columns={3}>
            <FormField label="IAM role" constraintText="The role the nodes' records name." errorText={errors.role}>
              <Input ariaLabel="IAM role" value={role} onChange={({ detail }) => setRole(detail.value)} />
            </FormField>
            <FormField label="Registration limit" constraintText="Machines that may register with it." errorText={errors.limit}>
              <Input ariaLabel="Registration limit" inputMode="numeric" value={limit} onChange={({ detail }) => setLimit(detail.value)} />
            </FormField>
            <FormField label="Expires" constraintText="Optional; 24 hours from now when empty." errorText={errors.expiration}>
              <Input
                ariaLabel="Expires"
                placeholder="2027-01-31T00:00:00Z"
                value={expiration}
                onChange={({ detail }) => setExpiration(detail.value)}
              />
            </FormField>
            <FormField label="Default node name" constraintText="Optional." errorText={errors.name}>
              <Input ariaLabel="Default node name" value={name} onChange={({ detail }) => setName(detail.value)} />
            </FormField>
            <FormField label="Description" constraintText="Optional." errorText={errors.description}>
              <Input ariaLabel="Description" value={description} onChange={({ detail }) => setDescription(detail.value)} />
            </FormField>
          </ColumnLayout>
        </Container>
      </Form>
    </form>
  );
}

export function ActivationsPage({ session }: { session: Session }) {
  const activations = useLoad(
    () =>
      allPages<Activation>(async (token) => {
        const page = await ssmClient(session).send(new DescribeActivationsCommand({ MaxResults: 50, NextToken: token }));
        return { items: page.ActivationList, next: page.NextToken };
      }),
    `${session.accountId}/${session.region}`,
  );
  const [created, setCreated] = useState<{ id: string; code: string }>();
  const [selected, setSelected] = useState<Item[]>([]);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<{ title: string; message: string }>();
  const remove = () => {
    setDeleting(false);
    setError(undefined);
    ssmClient(session)
      .send(new DeleteActivationCommand({ ActivationId: selected[0]?.ActivationId }))
      .then(
        () => {
          setSelected([]);
          activations.reload();
        },
        (e: unknown) => setError(describeError(e)),
      );
  };
  const items = (activations.value ?? []).map((a) => ({
    ActivationId: a.ActivationId,
    Description: a.Description,
    DefaultInstanceName: a.DefaultInstanceName,
    IamRole: a.IamRole,
    Registrations: `${a.RegistrationsCount ?? 0} of ${a.RegistrationLimit ?? 0}`,
    ExpirationDate: a.ExpirationDate?.toISOString(),
    Expired: a.Expired ? "Expired" : "Active",
  }));
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="Codes that register machines outside a cloud as managed nodes.">
        Hybrid activations
      </Header>
      {created && <NewActivation session={session} id={created.id} code={created.code} onDone={() => setCreated(undefined)} />}
      <CreateForm
        session={session}
        onCreated={(id, code) => {
          setCreated({ id, code });
          activations.reload();
        }}
      />
      <ApiError error={activations.error ?? error} />
      <ItemsTable
        title="Activations"
        items={items}
        loading={activations.loading}
        empty="No activations"
        selection={{ selected, onChange: setSelected, trackBy: "ActivationId" }}
        actions={
          <Button disabled={selected.length === 0} onClick={() => setDeleting(true)}>
            Delete
          </Button>
        }
        columns={[
          { id: "ActivationId", header: "Activation ID" },
          { id: "Description", header: "Description" },
          { id: "DefaultInstanceName", header: "Default name" },
          { id: "IamRole", header: "IAM role" },
          { id: "Registrations", header: "Registrations" },
          { id: "ExpirationDate", header: "Expires" },
          { id: "Expired", header: "State" },
        ]}
      />
      <ConfirmModal
        visible={deleting}
        header={`Delete activation ${selected[0]?.ActivationId ?? ""}?`}
        action="Delete"
        onConfirm={remove}
        onCancel={() => setDeleting(false)}
      >
        No more machines can register with it. Nodes that registered with it stay managed.
      </ConfirmModal>
    </SpaceBetween>
  );
}
