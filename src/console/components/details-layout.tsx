/** @module A details page's frame: breadcrumbs back to its list, the page's header, then its content. */
import BreadcrumbGroup, { type BreadcrumbGroupProps } from "@cloudscape-design/components/breadcrumb-group";
import ContentLayout from "@cloudscape-design/components/content-layout";
import SpaceBetween from "@cloudscape-design/components/space-between";
import type { ReactNode } from "react";

export function DetailsLayout({
  crumbs,
  header,
  children,
}: {
  crumbs: BreadcrumbGroupProps.Item[];
  header: ReactNode;
  children: ReactNode;
}) {
  return (
    <ContentLayout
      header={
        <SpaceBetween size="m">
          <BreadcrumbGroup items={crumbs} />
          {header}
        </SpaceBetween>
      }
    >
      {children}
    </ContentLayout>
  );
}
