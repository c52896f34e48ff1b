/** @module Bucket policy documents the CLI and the console write for their users (pure: no I/O). */

/** The policy AWS documents for one central resource data sync bucket: every account of an organization may write. */
export function organizationPolicy(bucket: string, organizationId: string): string {
  return JSON.stringify(
    {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "OrganizationWrites",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:PutObject",
          Resource: `arn:aws:s3:::${bucket}/*`,
          Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId } },
        },
      ],
    },
    null,
    2,
  );
}
