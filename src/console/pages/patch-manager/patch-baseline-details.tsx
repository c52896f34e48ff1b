/**
 * @module One patch baseline: its approval rules (filters, delay, compliance level), approved and rejected patches,
 * the patch groups it serves, and "Set as default baseline" for its operating system.
 */
import {
  DeletePatchBaselineCommand,
  GetDefaultPatchBaselineCommand,
  GetPatchBaselineCommand,
  RegisterDefaultPatchBaselineCommand,
} from "@aws-sdk/client-ssm";
import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Table from "@cloudscape-design/components/table";
import { useState } from "react";
import { describeError, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { ConfirmModal } from "../../components/confirm-modal.tsx";
import { DetailsLayout } from "../../components/details-layout.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";

const filtersText = (filters: { Key?: string; Values?: string[] }[] | undefined) =>
  (filters ?? []).map((f) => `${f.Key} = ${(f.Values ?? []).join(", ")}`).join("; ") || "Every patch";

export function PatchBaselineDetailsPage({ session, id }: { session: Session; id: string }) {
  const baseline = useLoad(async () => {
    const got = await ssmClient(session).send(new GetPatchBaselineCommand({ BaselineId: id }));
    const current = await ssmClient(session).send(new GetDefaultPatchBaselineCommand({ OperatingSystem: got.OperatingSystem }));
    return { ...got, isDefault: current.BaselineId === got.BaselineId };
  }, `${session.accountId}/${session.region}/${id}`);
  const [error, setError] = useState<{ title: string; message: string }>();
  const [done, setDone] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const b = baseline.value;
  // The account's own baselines have `pb-` ids; predefined ones (ARNs) cannot be changed.
  const own = id.startsWith("pb-");
  const remove = () => {
    setDeleting(false);
    setError(undefined);
    ssmClient(session)
      .send(new DeletePatchBaselineCommand({ BaselineId: id }))
      .then(
        () => {
          window.location.hash = href("patch-baselines");
        },
        (e: unknown) => setError(describeError(e)),
      );
  };
  const makeDefault = () => {
    setError(undefined);
    ssmClient(session)
      .send(new RegisterDefaultPatchBaselineCommand({ BaselineId: id }))
      .then(
        () => {
          setDone(true);
          baseline.reload();
        },
        (e: unknown) => setError(describeError(e)),
      );
  };
  return (
    <DetailsLayout
      crumbs={[
        { text: "Patch Manager", href: href("patch-baselines") },
        { text: b?.Name ?? id, href: href("patch-baselines", id) },
      ]}
      header={
        <Header
          variant="h1"
          description={b?.Description}
          actions={
            <SpaceBetween direction="horizontal" size="xs">
              {own && <Button href={href("patch-baseline-edit", id)}>Edit</Button>}
              {own && <Button onClick={() => setDeleting(true)}>Delete</Button>}
              <Button disabled={!b || b.isDefault} onClick={makeDefault}>
                Set as default baseline
              </Button>
            </SpaceBetween>
          }
        >
          {b?.Name ?? id}
        </Header>
      }
    >
      <SpaceBetween size="m">
        <ConfirmModal
          visible={deleting}
          header={`Delete ${b?.Name ?? id}?`}
          action="Delete"
          onConfirm={remove}
          onCancel={() => setDeleting(false)}
        >
          The baseline is deleted. A baseline that is a default or serves a patch group cannot be deleted: the server says so.
        </ConfirmModal>
        <ApiError error={baseline.error ?? error} />
        {done && (
          <Alert type="success" dismissible onDismiss={() => setDone(false)}>
            {b?.Name} is now the default baseline for {b?.OperatingSystem}.
          </Alert>
        )}
        <Container header={<Header variant="h2">Overview</Header>}>
          <KeyValuePairs
            columns={3}
            items={[
              { label: "Baseline ID", value: b?.BaselineId ?? "-" },
              { label: "Operating system", value: b?.OperatingSystem ?? "-" },
              { label: "Default for its system", value: b ? (b.isDefault ? "Yes" : "No") : "-" },
              { label: "Patch groups", value: b?.PatchGroups?.length ? b.PatchGroups.join(", ") : "None" },
              { label: "Global filters", value: filtersText(b?.GlobalFilters?.PatchFilters) },
              { label: "Modified", value: b?.ModifiedDate?.toISOString() ?? "Predefined" },
            ]}
          />
        </Container>
        <Table
          header={<Header variant="h2">Approval rules</Header>}
          loading={baseline.loading}
          items={(b?.ApprovalRules?.PatchRules ?? []).map((rule, i) => ({ ...rule, key: String(i) }))}
          trackBy="key"
          empty={<Box textAlign="center">No approval rules: only the approved patches are approved</Box>}
          columnDefinitions={[
            { id: "filters", header: "Patches", cell: (r) => filtersText(r.PatchFilterGroup?.PatchFilters) },
            {
              id: "delay",
              header: "Approved",
              cell: (r) => (r.ApproveUntilDate ? `if released by ${r.ApproveUntilDate}` : `${r.ApproveAfterDays ?? 0} days after release`),
            },
            { id: "level", header: "Compliance level", cell: (r) => r.ComplianceLevel ?? "UNSPECIFIED" },
            { id: "nonSecurity", header: "Non-security updates", cell: (r) => (r.EnableNonSecurity ? "Included" : "Security only") },
          ]}
        />
        <Container header={<Header variant="h2">Patch exceptions</Header>}>
          <ColumnLayout columns={2} variant="text-grid">
            <KeyValuePairs
              items={[
                { label: "Approved patches", value: b?.ApprovedPatches?.length ? b.ApprovedPatches.join(", ") : "None" },
                { label: "Their compliance level", value: b?.ApprovedPatchesComplianceLevel ?? "-" },
              ]}
            />
            <KeyValuePairs
              items={[
                { label: "Rejected patches", value: b?.RejectedPatches?.length ? b.RejectedPatches.join(", ") : "None" },
                { label: "Rejected patches action", value: b?.RejectedPatchesAction ?? "-" },
              ]}
            />
          </ColumnLayout>
        </Container>
      </SpaceBetween>
    </DetailsLayout>
  );
}
