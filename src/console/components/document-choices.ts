/** @module What a form built from a document chooses from: the documents of some types, and the managed nodes. */
import { DescribeInstanceInformationCommand, type DocumentType, ListDocumentsCommand } from "@aws-sdk/client-ssm";
import { allPages, ssmClient } from "../api.ts";
import type { Session } from "../session.ts";

export async function loadDocumentChoices(session: Session, types: readonly DocumentType[]) {
  const ssm = ssmClient(session);
  const [documents, nodes] = await Promise.all([
    allPages(async (token) => {
      const page = await ssm.send(new ListDocumentsCommand({ Filters: [{ Key: "DocumentType", Values: [...types] }], NextToken: token }));
      return { items: page.DocumentIdentifiers, next: page.NextToken };
    }),
    allPages(async (token) => {
      const page = await ssm.send(new DescribeInstanceInformationCommand({ MaxResults: 50, NextToken: token }));
      return { items: page.InstanceInformationList, next: page.NextToken };
    }),
  ]);
  return { documents, nodes };
}
