/**
 * @module Parameter Store: the hierarchy browsed one level at a time (folders are the path's next segments, as in
 * GetParametersByPath), the parameters at that level, and "Create parameter". The search box looks through every
 * level, as the AWS console's does.
 */
import { DescribeParametersCommand } from "@aws-sdk/client-ssm";
import BreadcrumbGroup from "@cloudscape-design/components/breadcrumb-group";
import Button from "@cloudscape-design/components/button";
import Icon from "@cloudscape-design/components/icon";
import Link from "@cloudscape-design/components/link";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { allPages, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { ItemsTable } from "../../components/items-table.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";
import { crumbs, everyParameter, level } from "./hierarchy.ts";

export function ParametersListPage({ session, path }: { session: Session; path: string }) {
  const parameters = useLoad(
    () =>
      allPages(async (token) => {
        const page = await ssmClient(session).send(new DescribeParametersCommand({ MaxResults: 50, NextToken: token }));
        return { items: page.Parameters, next: page.NextToken };
      }),
    `${session.accountId}/${session.region}`,
  );
  const items = level(parameters.value ?? [], path);
  return (
    <SpaceBetween size="m">
      <BreadcrumbGroup items={crumbs(path)} />
      <ApiError error={parameters.error} />
      <ItemsTable
        title={path === "/" ? "Parameters" : `Parameters under ${path}`}
        variant="h1"
        items={items}
        searchItems={everyParameter(parameters.value ?? [])}
        loading={parameters.loading}
        empty="No parameters here"
        actions={
          <>
            <Button iconName="refresh" ariaLabel="Refresh" onClick={parameters.reload} />
            <Button variant="primary" href={`${href("parameter-edit")}?path=${encodeURIComponent(path)}`}>
              Create parameter
            </Button>
          </>
        }
        columns={[
          {
            id: "Name",
            header: "Name",
            cell: (p) =>
              p.Kind === "folder" ? (
                <Link href={`${href("parameters")}?path=${encodeURIComponent(p.Name ?? "/")}`}>
                  <Icon name="folder" /> {p.Name}
                </Link>
              ) : (
                <Link href={href("parameters", p.Name)}>{p.Name}</Link>
              ),
          },
          { id: "Type", header: "Type" },
          { id: "Version", header: "Version" },
          { id: "Tier", header: "Tier" },
          { id: "LastModifiedDate", header: "Last modified" },
          { id: "Description", header: "Description" },
        ]}
      />
    </SpaceBetween>
  );
}
