/**
 * @module Buckets: the buckets this account owns (it wrote to them first: command output, a sync), and whether a
 * policy lets other accounts write to them too.
 */
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { bosunCall } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { ItemsTable } from "../../components/items-table.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";

export interface OwnedBucket {
  Name: string;
  CreationDate: number;
  Shared: boolean;
}

export function BucketsListPage({ session }: { session: Session }) {
  const buckets = useLoad(
    async () => (await bosunCall<{ Buckets: OwnedBucket[] }>(session, "ListBuckets", {})).Buckets,
    `${session.accountId}/${session.region}`,
  );
  return (
    <SpaceBetween size="m">
      <ApiError error={buckets.error} />
      <Box color="text-body-secondary">
        A bucket belongs to the account that first writes to it (a command's output, a resource data sync). Other accounts may write to it
        only when its policy lets them.
      </Box>
      <ItemsTable
        title="Buckets"
        variant="h1"
        items={(buckets.value ?? []).map((b) => ({
          Name: b.Name,
          Created: new Date(b.CreationDate * 1000).toISOString().replace("T", " ").slice(0, 19),
          Access: b.Shared ? "This account and the accounts its policy allows" : "This account only",
        }))}
        loading={buckets.loading}
        empty="This account owns no bucket yet: one becomes its own when a command, an association or a sync first writes to it."
        actions={<Button iconName="refresh" ariaLabel="Refresh" onClick={buckets.reload} />}
        columns={[
          { id: "Name", header: "Name", cell: (b) => <Link href={href("buckets", b.Name)}>{b.Name}</Link> },
          { id: "Access", header: "Who may write" },
          { id: "Created", header: "Owned since" },
        ]}
      />
    </SpaceBetween>
  );
}
