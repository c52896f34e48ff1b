/** @module `bosun account|user|access-key ...`: accounts, IAM users, keys, and an `aws configure`-ready profile. */
import { readFile } from "node:fs/promises";
import { Writable } from "node:stream";
import { type Command, Option } from "commander";
import { toJsonText } from "../json-output.ts";
import { type ApiOptions, apiClient, withApiOptions } from "./common-options.ts";

const adminPolicy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] });

const print = (value: unknown): void => {
  process.stdout.write(toJsonText(value));
};

/** The INI text of an AWS CLI profile for a key. */
export function profileText(
  profile: string,
  key: { AccessKeyId: string; SecretAccessKey: string },
  region: string,
  endpoint: string,
): string {
  return [
    `[${profile}]`,
    `aws_access_key_id = ${key.AccessKeyId}`,
    `aws_secret_access_key = ${key.SecretAccessKey}`,
    `region = ${region}`,
    `endpoint_url = ${endpoint}`,
    "",
  ].join("\n");
}

/** A password from a terminal (not echoed) or the first line of piped standard input. */
async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return (Buffer.concat(chunks).toString("utf8").split(/\r?\n/)[0] ?? "").trimEnd();
  }
  const { createInterface } = await import("node:readline");
  const output = new Writable({ write: (_chunk, _encoding, done) => done() });
  process.stderr.write(prompt);
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  const answer = await new Promise<string>((resolve) => rl.question("", resolve));
  rl.close();
  process.stderr.write("\n");
  return answer;
}

export function registerIdentityCommands(program: Command): void {
  const account = program.command("account").description("accounts (12-digit ids)");
  withApiOptions(account.command("create").description("create an account with an admin user (operator only)"))
    .requiredOption("--name <name>", "account name")
    .option("--account-id <id>", "a chosen 12-digit id")
    .action(async (o: ApiOptions & { name: string; accountId?: string }) => {
      print(
        await (await apiClient(o)).call("Bosun.CreateAccount", { AccountName: o.name, ...(o.accountId ? { AccountId: o.accountId } : {}) }),
      );
    });
  withApiOptions(account.command("list").description("list accounts")).action(async (o: ApiOptions) => {
    print(await (await apiClient(o)).call("Bosun.ListAccounts", {}));
  });

  const user = program.command("user").description("IAM users");
  withApiOptions(user.command("create").description("create a user"))
    .requiredOption("--user <name>", "user name")
    .option("--account <id>", "account (default: the caller's)")
    .addOption(new Option("--admin", "attach a policy allowing everything").conflicts("policyFile"))
    .option("--policy-file <path>", "attach this IAM policy document")
    .action(async (o: ApiOptions & { user: string; account?: string; admin?: boolean; policyFile?: string }) => {
      const policy = o.admin ? adminPolicy : o.policyFile ? await readFile(o.policyFile, "utf8") : undefined;
      print(
        await (await apiClient(o)).call("Bosun.CreateUser", {
          UserName: o.user,
          ...(o.account ? { AccountId: o.account } : {}),
          ...(policy ? { PolicyDocument: policy } : {}),
        }),
      );
    });
  withApiOptions(user.command("put-policy").description("attach or replace a named inline policy"))
    .requiredOption("--user <name>", "user name")
    .requiredOption("--policy-name <name>", "policy name")
    .requiredOption("--policy-file <path>", "IAM policy document (JSON)")
    .option("--account <id>", "account (default: the caller's)")
    .action(async (o: ApiOptions & { user: string; policyName: string; policyFile: string; account?: string }) => {
      const document = await readFile(o.policyFile, "utf8");
      print(
        await (await apiClient(o)).call("Bosun.PutUserPolicy", {
          UserName: o.user,
          PolicyName: o.policyName,
          PolicyDocument: document,
          ...(o.account ? { AccountId: o.account } : {}),
        }),
      );
    });

  withApiOptions(user.command("set-password").description("set the user's console password (read from standard input)"))
    .requiredOption("--user <name>", "user name")
    .option("--account <id>", "account (default: the caller's)")
    .action(async (o: ApiOptions & { user: string; account?: string }) => {
      // Never an argument: arguments show in `ps` and shell history.
      const password = await readPassword(`Console password for ${o.user}: `);
      print(
        await (await apiClient(o)).call("Bosun.PutLoginProfile", {
          UserName: o.user,
          Password: password,
          ...(o.account ? { AccountId: o.account } : {}),
        }),
      );
    });

  const key = program.command("access-key").description("access keys");
  withApiOptions(key.command("create").description("create a key and print it as an AWS CLI profile"))
    .requiredOption("--user <name>", "user name")
    .option("--account <id>", "account (default: the caller's)")
    .option("--profile-name <name>", "name of the printed profile", "bosun")
    .option("--json", "print the API's JSON instead of a profile")
    .action(async (o: ApiOptions & { user: string; account?: string; profileName: string; json?: boolean }) => {
      const result = await (await apiClient(o)).call<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>(
        "Bosun.CreateAccessKey",
        {
          UserName: o.user,
          ...(o.account ? { AccountId: o.account } : {}),
        },
      );
      if (o.json) print(result);
      else process.stdout.write(profileText(o.profileName, result.AccessKey, o.region, o.endpoint));
    });
  withApiOptions(key.command("delete").description("revoke a key"))
    .requiredOption("--user <name>", "user name")
    .requiredOption("--access-key-id <id>", "the key to revoke")
    .option("--account <id>", "account (default: the caller's)")
    .action(async (o: ApiOptions & { user: string; accessKeyId: string; account?: string }) => {
      print(
        await (await apiClient(o)).call("Bosun.DeleteAccessKey", {
          UserName: o.user,
          AccessKeyId: o.accessKeyId,
          ...(o.account ? { AccountId: o.account } : {}),
        }),
      );
    });
}
