/**
 * @module A document's sharing (ModifyDocumentPermission): the accounts it is shared with and at which version
 * ($DEFAULT, $LATEST or $ALL), sharing with more (account ids, or All for every account of this server) and stopping.
 * The accounts run it by its ARN under their own policies.
 */
import { DescribeDocumentPermissionCommand, ModifyDocumentPermissionCommand } from "@aws-sdk/client-ssm";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import FormField from "@cloudscape-design/components/form-field";
import Input from "@cloudscape-design/components/input";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useState } from "react";
import { describeError, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { type Item, ItemsTable } from "../../components/items-table.tsx";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";

const versions = [
  { value: "$DEFAULT", description: "The default version, whichever it is" },
  { value: "$LATEST", description: "The latest version" },
  { value: "$ALL", description: "Any version they name" },
];

export function DocumentSharing({ session, name }: { session: Session; name: string }) {
  const shares = useLoad(
    () => ssmClient(session).send(new DescribeDocumentPermissionCommand({ Name: name, PermissionType: "Share" })),
    `${name}/sharing`,
  );
  const [accounts, setAccounts] = useState("");
  const [version, setVersion] = useState("$DEFAULT");
  const [selected, setSelected] = useState<Item[]>([]);
  const [error, setError] = useState<{ title: string; message: string }>();
  const modify = (change: { AccountIdsToAdd?: string[]; AccountIdsToRemove?: string[] }) => {
    setError(undefined);
    ssmClient(session)
      .send(new ModifyDocumentPermissionCommand({ Name: name, PermissionType: "Share", SharedDocumentVersion: version, ...change }))
      .then(
        () => {
          setAccounts("");
          setSelected([]);
          shares.reload();
        },
        (e: unknown) => setError(describeError(e)),
      );
  };
  const adding = accounts
    .split(/[\s,]+/)
    .map((a) => a.trim())
    .filter(Boolean);
  return (
    <SpaceBetween size="s">
      <ApiError error={shares.error ?? error} />
      <ItemsTable
        title="Sharing"
        items={(shares.value?.AccountSharingInfoList ?? []).map((s) => ({
          AccountId: s.AccountId === "all" ? "All accounts" : s.AccountId,
          Id: s.AccountId,
          SharedDocumentVersion: s.SharedDocumentVersion,
        }))}
        loading={shares.loading}
        empty="Not shared with any account"
        selection={{ selected, onChange: setSelected, trackBy: "Id" }}
        actions={
          <Button disabled={selected.length === 0} onClick={() => modify({ AccountIdsToRemove: selected.map((s) => s.Id ?? "") })}>
            Stop sharing
          </Button>
        }
        columns={[
          { id: "AccountId", header: "Shared with" },
          { id: "SharedDocumentVersion", header: "Version" },
        ]}
      />
      <ColumnLayout columns={3}>
        <FormField label="Share with" constraintText="Account ids separated by commas, or All.">
          <Input ariaLabel="Share with" value={accounts} onChange={({ detail }) => setAccounts(detail.value)} />
        </FormField>
        <FormField label="Version they may use">
          <Select
            ariaLabel="Shared version"
            selectedOption={{ value: version }}
            options={versions}
            onChange={({ detail }) => setVersion(detail.selectedOption.value ?? "$DEFAULT")}
          />
        </FormField>
        <FormField label="Apply">
          <Button disabled={adding.length === 0} onClick={() => modify({ AccountIdsToAdd: adding })}>
            Share
          </Button>
        </FormField>
      </ColumnLayout>
    </SpaceBetween>
  );
}
