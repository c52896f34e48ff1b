/**
 * @module Parameter Store: the hierarchy browsed one level at a time (folders are the path's next segments, as in
 * GetParametersByPath), the parameters at that level, and "Create parameter". The search box looks through every
 * level, as the AWS console's does. Filters by type, tier and tag are DescribeParameters' own ParameterFilters; they
 * live in the location (`?type=SecureString&tag=team%3Dpayments`), so a filtered list is a link, and they list every
 * level at once.
 */
import { DescribeParametersCommand, type ParameterStringFilter } from "@aws-sdk/client-ssm";
import BreadcrumbGroup from "@cloudscape-design/components/breadcrumb-group";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import FormField from "@cloudscape-design/components/form-field";
import Icon from "@cloudscape-design/components/icon";
import Input from "@cloudscape-design/components/input";
import Link from "@cloudscape-design/components/link";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useState } from "react";
import { allPages, ssmClient } from "../../api.ts";
import { ApiError } from "../../components/api-error.tsx";
import { ItemsTable } from "../../components/items-table.tsx";
import { href } from "../../route.ts";
import type { Session } from "../../session.ts";
import { useLoad } from "../../use-load.ts";
import { crumbs, everyParameter, level } from "./hierarchy.ts";

export interface ParameterFilters {
  type: string;
  tier: string;
  /** `key` (any value) or `key=value`. */
  tag: string;
}

/** The filters as DescribeParameters takes them. */
function toParameterFilters(filters: ParameterFilters): ParameterStringFilter[] {
  const out: ParameterStringFilter[] = [];
  if (filters.type) out.push({ Key: "Type", Option: "Equals", Values: [filters.type] });
  if (filters.tier) out.push({ Key: "Tier", Option: "Equals", Values: [filters.tier] });
  const tag = filters.tag.trim();
  if (tag) {
    const [key = "", ...value] = tag.split("=");
    // A key alone matches every value of it.
    out.push(value.length > 0 ? { Key: `tag:${key}`, Values: [value.join("=")] } : { Key: `tag:${key}` });
  }
  return out;
}

/** The list's location with these filters (empty ones left out). */
function filteredHref(path: string, filters: ParameterFilters): string {
  const params = new URLSearchParams({ path });
  for (const [key, value] of Object.entries(filters)) if (value.trim()) params.set(key, value.trim());
  return `${href("parameters")}?${params}`;
}

const anyOption = { value: "", label: "Any" };

function FilterBar({ path, filters }: { path: string; filters: ParameterFilters }) {
  const [tag, setTag] = useState(filters.tag);
  const go = (next: ParameterFilters) => {
    window.location.hash = filteredHref(path, next);
  };
  const choice = (value: string) => (value ? { value, label: value } : anyOption);
  return (
    <ColumnLayout columns={3}>
      <FormField label="Type">
        <Select
          ariaLabel="Filter by type"
          selectedOption={choice(filters.type)}
          options={[anyOption, ...["String", "StringList", "SecureString"].map(choice)]}
          onChange={({ detail }) => go({ ...filters, type: detail.selectedOption.value ?? "" })}
        />
      </FormField>
      <FormField label="Tier">
        <Select
          ariaLabel="Filter by tier"
          selectedOption={choice(filters.tier)}
          options={[anyOption, ...["Standard", "Advanced", "Intelligent-Tiering"].map(choice)]}
          onChange={({ detail }) => go({ ...filters, tier: detail.selectedOption.value ?? "" })}
        />
      </FormField>
      <FormField label="Tag" constraintText="A key, or key=value; Enter applies it.">
        {/* Enter applies the tag filter; it is the only thing Enter does here. */}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            go({ ...filters, tag });
          }}
        >
          <Input ariaLabel="Filter by tag" type="search" value={tag} onChange={({ detail }) => setTag(detail.value)} />
        </form>
      </FormField>
    </ColumnLayout>
  );
}

export function ParametersListPage({ session, path, filters }: { session: Session; path: string; filters: ParameterFilters }) {
  const parameterFilters = toParameterFilters(filters);
  const filtering = parameterFilters.length > 0;
  const parameters = useLoad(
    () =>
      allPages(async (token) => {
        const page = await ssmClient(session).send(
          new DescribeParametersCommand({
            MaxResults: 50,
            NextToken: token,
            ...(filtering ? { ParameterFilters: parameterFilters } : {}),
          }),
        );
        return { items: page.Parameters, next: page.NextToken };
      }),
    `${session.accountId}/${session.region}/${JSON.stringify(parameterFilters)}`,
  );
  // Filtered, the list shows every level at once: what matches, wherever it is.
  const items = filtering ? everyParameter(parameters.value ?? []) : level(parameters.value ?? [], path);
  return (
    <SpaceBetween size="m">
      <BreadcrumbGroup items={crumbs(path)} />
      <ApiError error={parameters.error} />
      <FilterBar path={path} filters={filters} />
      <ItemsTable
        title={filtering ? "Parameters matching the filters" : path === "/" ? "Parameters" : `Parameters under ${path}`}
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
