/**
 * @module The organization, as the account signed in sees it: its accounts, its organizational units (the tree below
 * the root, one row per unit with its path), the delegated administrators, and this account's resource data syncs
 * with their status. Organizations' actions answer only in the management account (or a delegated administrator's
 * reads); elsewhere the page says so, and still shows the account's own syncs.
 */
import {
  type Account,
  type DelegatedAdministrator,
  DescribeOrganizationCommand,
  ListAccountsCommand,
  ListDelegatedAdministratorsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListRootsCommand,
  OrganizationsClient,
} from "@aws-sdk/client-organizations";
import { ListResourceDataSyncCommand, type ResourceDataSyncItem } from "@aws-sdk/client-ssm";
import Alert from "@cloudscape-design/components/alert";
import Container from "@cloudscape-design/components/container";
import Header from "@cloudscape-design/components/header";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { allPages, ssmClient, withRejectedKeyNotice } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { ItemsTable } from "../../components/items-table.tsx";
import { Status } from "../../components/status.tsx";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";

function organizationsClient(session: Session): OrganizationsClient {
  return withRejectedKeyNotice(
    new OrganizationsClient({ endpoint: window.location.origin, region: session.region, credentials: session.credentials, maxAttempts: 2 }),
  );
}

/** Every unit below the root, breadth first, each with its path of names ("Root/Prod/Web"). */
async function unitsBelow(org: OrganizationsClient, rootId: string) {
  const units: { Id: string; Name: string; Path: string }[] = [];
  const queue = [{ id: rootId, path: "Root" }];
  while (queue.length > 0 && units.length < 1000) {
    const parent = queue.shift();
    if (!parent) break;
    const children = await allPages(async (token) => {
      const page = await org.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parent.id, NextToken: token }));
      return { items: page.OrganizationalUnits, next: page.NextToken };
    });
    for (const unit of children) {
      const path = `${parent.path}/${unit.Name ?? unit.Id}`;
      units.push({ Id: unit.Id ?? "", Name: unit.Name ?? "", Path: path });
      queue.push({ id: unit.Id ?? "", path });
    }
  }
  return units;
}

async function loadOrganization(session: Session) {
  const org = organizationsClient(session);
  const described = await org.send(new DescribeOrganizationCommand({}));
  const [accounts, roots, delegated] = await Promise.all([
    allPages<Account>(async (token) => {
      const page = await org.send(new ListAccountsCommand({ NextToken: token }));
      return { items: page.Accounts, next: page.NextToken };
    }),
    org.send(new ListRootsCommand({})),
    allPages<DelegatedAdministrator>(async (token) => {
      const page = await org.send(new ListDelegatedAdministratorsCommand({ NextToken: token }));
      return { items: page.DelegatedAdministrators, next: page.NextToken };
    }),
  ]);
  const rootId = roots.Roots?.[0]?.Id;
  return { organization: described.Organization, accounts, units: rootId ? await unitsBelow(org, rootId) : [], delegated };
}

async function loadSyncs(session: Session) {
  const ssm = ssmClient(session);
  const all: ResourceDataSyncItem[] = [];
  for (const type of ["SyncToDestination", "SyncFromSource"]) {
    all.push(
      ...(await allPages<ResourceDataSyncItem>(async (token) => {
        const page = await ssm.send(new ListResourceDataSyncCommand({ SyncType: type, NextToken: token }));
        return { items: page.ResourceDataSyncItems, next: page.NextToken };
      })),
    );
  }
  return all;
}

export function OrganizationPage({ session }: { session: Session }) {
  const organization = useLoad(() => loadOrganization(session), `${session.accountId}/${session.region}`);
  const syncs = useLoad(() => loadSyncs(session), `${session.accountId}/${session.region}`);
  const o = organization.value?.organization;
  const notAMember = organization.error?.title === "AWSOrganizationsNotInUseException";
  return (
    <SpaceBetween size="l">
      <Header variant="h1" description="Accounts, organizational units, delegated administrators and resource data syncs.">
        Organization
      </Header>
      {notAMember ? (
        <Alert type="info" header="This account is not in an organization">
          Create one with `aws organizations create-organization --endpoint-url …` in the account that will manage it.
        </Alert>
      ) : (
        <ApiError error={organization.error} />
      )}
      {o && (
        <Container header={<Header variant="h2">Organization</Header>}>
          <KeyValuePairs
            columns={4}
            items={[
              { label: "Organization ID", value: o.Id },
              { label: "Management account", value: o.MasterAccountId },
              { label: "Feature set", value: o.FeatureSet },
              { label: "ARN", value: o.Arn },
            ]}
          />
        </Container>
      )}
      {o && (
        <ItemsTable
          title="Accounts"
          items={(organization.value?.accounts ?? []).map((a) => ({
            Id: a.Id,
            Name: a.Name,
            Email: a.Email,
            Status: a.Status,
            JoinedTimestamp: a.JoinedTimestamp?.toISOString(),
          }))}
          empty="No accounts"
          columns={[
            { id: "Id", header: "Account ID" },
            { id: "Name", header: "Name" },
            { id: "Email", header: "Email" },
            { id: "Status", header: "Status" },
            { id: "JoinedTimestamp", header: "Joined" },
          ]}
        />
      )}
      {o && (
        <ItemsTable
          title="Organizational units"
          items={organization.value?.units ?? []}
          empty="No organizational units below the root"
          columns={[
            { id: "Path", header: "Path" },
            { id: "Name", header: "Name" },
            { id: "Id", header: "ID" },
          ]}
        />
      )}
      {o && (
        <ItemsTable
          title="Delegated administrators"
          items={(organization.value?.delegated ?? []).map((d) => ({
            Id: d.Id,
            Name: d.Name,
            DelegationEnabledDate: d.DelegationEnabledDate?.toISOString(),
          }))}
          empty="No delegated administrators"
          columns={[
            { id: "Id", header: "Account ID" },
            { id: "Name", header: "Name" },
            { id: "DelegationEnabledDate", header: "Delegated" },
          ]}
        />
      )}
      <ApiError error={syncs.error} />
      <ItemsTable
        title="Resource data syncs"
        loading={syncs.loading}
        items={(syncs.value ?? []).map((s) => ({
          SyncName: s.SyncName,
          SyncType: s.SyncType,
          Destination: s.S3Destination ? `s3://${s.S3Destination.BucketName}/${s.S3Destination.Prefix ?? ""}` : "-",
          LastStatus: s.LastStatus,
          LastSyncTime: s.LastSyncTime?.toISOString(),
          LastSuccessfulSyncTime: s.LastSuccessfulSyncTime?.toISOString(),
          LastSyncStatusMessage: s.LastSyncStatusMessage,
        }))}
        empty="No resource data syncs in this account and Region"
        columns={[
          { id: "SyncName", header: "Name" },
          { id: "SyncType", header: "Type" },
          { id: "Destination", header: "Destination" },
          {
            id: "LastStatus",
            header: "Last status",
            cell: (s) => <Status of={s.LastStatus} />,
          },
          { id: "LastSyncTime", header: "Last sync" },
          { id: "LastSuccessfulSyncTime", header: "Last success" },
          { id: "LastSyncStatusMessage", header: "Message" },
        ]}
      />
    </SpaceBetween>
  );
}
