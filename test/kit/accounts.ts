/** @module Makes accounts and users through Bosun's own API, as an operator would. */
import type { Credentials } from "../../src/cli/credentials.ts";
import { apiClient } from "./api-call.ts";
import type { TestServer } from "./test-server.ts";

/** A new account with its `admin` user's key. */
export async function newAccount(server: TestServer, name: string): Promise<{ accountId: string; admin: Credentials }> {
  const operator = apiClient(server.endpoint, server.admin);
  const { Account } = await operator.call<{ Account: { AccountId: string } }>("Bosun.CreateAccount", { AccountName: name });
  const { AccessKey } = await operator.call<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>("Bosun.CreateAccessKey", {
    AccountId: Account.AccountId,
    UserName: "admin",
  });
  return { accountId: Account.AccountId, admin: { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey } };
}

/** A user of the operator's account holding `policy`, with a key. */
export async function newUser(server: TestServer, userName: string, policy: object): Promise<Credentials> {
  const operator = apiClient(server.endpoint, server.admin);
  await operator.call("Bosun.CreateUser", { UserName: userName, PolicyDocument: JSON.stringify(policy) });
  const { AccessKey } = await operator.call<{ AccessKey: { AccessKeyId: string; SecretAccessKey: string } }>("Bosun.CreateAccessKey", {
    UserName: userName,
  });
  return { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
}

/** A new key for the `admin` user of an existing account (e.g. one Organizations' CreateAccount made). */
export async function adminKeysOf(server: TestServer, accountId: string): Promise<Credentials> {
  const { AccessKey } = await apiClient(server.endpoint, server.admin).call<{
    AccessKey: { AccessKeyId: string; SecretAccessKey: string };
  }>("Bosun.CreateAccessKey", { AccountId: accountId, UserName: "admin" });
  return { accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
}
