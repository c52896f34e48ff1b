/** @module `bosun bucket policy put|get|delete`: who else may write to a bucket this account owns. */
import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { organizationPolicy } from "../../protocol/bucket-policies.ts";
import { type ApiOptions, apiClient, withApiOptions } from "./common-options.ts";

export function registerBucketCommands(program: Command): void {
  const policy = program.command("bucket").description("buckets this account owns").command("policy").description("bucket policies");
  withApiOptions(policy.command("put").description("let other accounts (or an organization) write to the bucket"))
    .requiredOption("--bucket <name>", "the bucket")
    .option("--organization <id>", "allow every account of this organization (o-…)")
    .option("--policy-file <path>", "a policy document (JSON)")
    .action(async (o: ApiOptions & { bucket: string; organization?: string; policyFile?: string }) => {
      if (!o.organization === !o.policyFile) throw new Error("give either --organization or --policy-file");
      const text = o.policyFile ? await readFile(o.policyFile, "utf8") : organizationPolicy(o.bucket, o.organization ?? "");
      await (await apiClient(o)).call("Bosun.PutBucketPolicy", { Bucket: o.bucket, Policy: text });
    });
  withApiOptions(policy.command("get").description("print the bucket's policy"))
    .requiredOption("--bucket <name>", "the bucket")
    .action(async (o: ApiOptions & { bucket: string }) => {
      const { Policy } = await (await apiClient(o)).call<{ Policy?: string }>("Bosun.GetBucketPolicy", { Bucket: o.bucket });
      process.stdout.write(Policy ? `${JSON.stringify(JSON.parse(Policy), null, 2)}\n` : "(no policy: only the owner writes)\n");
    });
  withApiOptions(policy.command("delete").description("only the owner writes again"))
    .requiredOption("--bucket <name>", "the bucket")
    .action(async (o: ApiOptions & { bucket: string }) => {
      await (await apiClient(o)).call("Bosun.DeleteBucketPolicy", { Bucket: o.bucket });
    });
}
