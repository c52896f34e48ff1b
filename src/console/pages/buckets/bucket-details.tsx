import BreadcrumbGroup from "@cloudscape-design/components/breadcrumb-group";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Flashbar from "@cloudscape-design/components/flashbar";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Textarea from "@cloudscape-design/components/textarea";
import { useEffect, useState } from "react";
import { organizationPolicy } from "../../../protocol/bucket-policies.ts";
import { bosunCall, describeError } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { ConfirmModal } from "../../components/confirm-modal.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";

export function BucketDetailsPage({ session, name }: { session: Session; name: string }) {
  const policy = useLoad(
    async () => (await bosunCall<{ Policy?: string }>(session, "GetBucketPolicy", { Bucket: name })).Policy,
    `${session.accountId}/${name}`,
  );
  const [text, setText] = useState("");
  const [organization, setOrganization] = useState("");
  const [error, setError] = useState<{ title: string; message: string }>();
  const [saved, setSaved] = useState<string>();
  const [confirmRemove, setConfirmRemove] = useState(false);
  useEffect(() => setText(policy.value ? JSON.stringify(JSON.parse(policy.value), null, 2) : ""), [policy.value]);

  const act = async (what: string, call: () => Promise<unknown>) => {
    setError(undefined);
    setSaved(undefined);
    try {
      await call();
      setSaved(what);
      policy.reload();
    } catch (e) {
      setError(describeError(e));
    }
  };
  const save = () => act("The policy was saved.", () => bosunCall(session, "PutBucketPolicy", { Bucket: name, Policy: text }));
  const remove = () => {
    setConfirmRemove(false);
    return act("The policy was removed: only this account writes to the bucket.", () =>
      bosunCall(session, "DeleteBucketPolicy", { Bucket: name }),
    );
  };

  return (
    <SpaceBetween size="m">
      <BreadcrumbGroup
        items={[
          { text: "Buckets", href: href("buckets") },
          { text: name, href: href("buckets", name) },
        ]}
      />
      <Header variant="h1" description="Who may write to this bucket besides this account.">
        {name}
      </Header>
      {saved && (
        <Flashbar items={[{ type: "success", content: saved, dismissible: true, onDismiss: () => setSaved(undefined), id: "saved" }]} />
      )}
      <ApiError error={policy.error ?? error} />
      <Container header={<Header variant="h2">Allow an organization</Header>}>
        <SpaceBetween size="s" direction="horizontal" alignItems="end">
          <FormField label="Organization id" description="Every account of it may write (aws:PrincipalOrgID).">
            <Input value={organization} placeholder="o-abc123defg" onChange={({ detail }) => setOrganization(detail.value.trim())} />
          </FormField>
          <Button disabled={!/^o-[a-z0-9]{10,32}$/.test(organization)} onClick={() => setText(organizationPolicy(name, organization))}>
            Write the policy
          </Button>
        </SpaceBetween>
      </Container>
      <Container
        header={
          <Header
            variant="h2"
            actions={
              <SpaceBetween size="xs" direction="horizontal">
                <Button disabled={!policy.value} onClick={() => setConfirmRemove(true)}>
                  Remove policy
                </Button>
                <Button variant="primary" disabled={text.trim() === ""} onClick={save}>
                  Save policy
                </Button>
              </SpaceBetween>
            }
          >
            Bucket policy
          </Header>
        }
      >
        <FormField
          label="Policy (JSON)"
          description={
            policy.loading ? "Loading…" : policy.value ? "Shared by this policy." : "No policy: only this account writes to the bucket."
          }
        >
          <Textarea value={text} rows={16} spellcheck={false} onChange={({ detail }) => setText(detail.value)} />
        </FormField>
      </Container>
      <ConfirmModal
        visible={confirmRemove}
        header="Remove the bucket policy?"
        action="Remove"
        onConfirm={remove}
        onCancel={() => setConfirmRemove(false)}
      >
        Other accounts will no longer write to {name}: their commands' output and syncs into it will fail.
      </ConfirmModal>
    </SpaceBetween>
  );
}
