/**
 * @module A TEST DOUBLE of AWS EC2 and STS on loopback, speaking their Query protocol (form-encoded POST, XML
 * answers), because real EC2 cannot run on this machine. It answers just what machine discovery sends —
 * STS AssumeRole, EC2 DescribeRegions and DescribeInstances (paged two instances at a time so paging is exercised) —
 * tells callers apart by the access key in their SigV4 `Authorization` header (signatures are not checked), and
 * records every call so tests can see one role assumed per account and every enabled Region asked.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface DoubleInstance {
  InstanceId: string;
  State: "pending" | "running" | "stopping" | "stopped" | "shutting-down" | "terminated";
  PrivateIpAddress?: string;
  PublicIpAddress?: string;
  PrivateDnsName?: string;
  Name?: string;
  PlatformDetails?: string;
}

export interface DoubleCall {
  action: string;
  region: string;
  /** The AWS account the caller's credentials stand for. */
  account: string;
}

export const baseCredentials = { accessKeyId: "AKIABOSUNTESTDOUBLE0", secretAccessKey: "test-double-secret" };
const stateCodes: Record<DoubleInstance["State"], number> = {
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

const xml = (text: string) => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

export class Ec2TestDouble {
  readonly calls: DoubleCall[] = [];
  /** Role ARN → the AWS account it belongs to. */
  readonly roles = new Map<string, string>();
  /** `<account>/<region>` → its instances. */
  readonly instances = new Map<string, DoubleInstance[]>();
  enabledRegions = ["us-east-1", "eu-west-1", "ap-southeast-2"];
  private server: Server | undefined;
  endpoint = "";

  constructor(public baseAccount = "000000000000") {}

  setInstances(account: string, region: string, instances: DoubleInstance[]): void {
    this.instances.set(`${account}/${region}`, instances);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    this.endpoint = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    // The SDK keeps connections alive; they would hold close() open.
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    const action = form.get("Action") ?? "";
    const credential = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\//.exec(req.headers.authorization ?? "");
    const [, accessKey = "", region = "", service = ""] = credential ?? [];
    const account = accessKey === baseCredentials.accessKeyId ? this.baseAccount : /^ASIA(\d{12})$/.exec(accessKey)?.[1];
    const send = (status: number, body: string) => {
      res.writeHead(status, { "Content-Type": "text/xml;charset=UTF-8" });
      res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
    };
    if (!account) {
      send(401, this.error(service, "AuthFailure", "AWS was not able to validate the provided access credentials"));
      return;
    }
    this.calls.push({ action, region, account });
    if (service === "sts" && action === "AssumeRole") {
      const roleArn = form.get("RoleArn") ?? "";
      const target = this.roles.get(roleArn);
      if (!target) {
        send(403, this.error("sts", "AccessDenied", `User is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`));
        return;
      }
      send(
        200,
        `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials>` +
          `<AccessKeyId>ASIA${target}</AccessKeyId><SecretAccessKey>assumed-secret</SecretAccessKey>` +
          `<SessionToken>assumed-token</SessionToken><Expiration>${new Date(Date.now() + 3600_000).toISOString()}</Expiration>` +
          `</Credentials><AssumedRoleUser><AssumedRoleId>AROA:${xml(form.get("RoleSessionName") ?? "")}</AssumedRoleId>` +
          `<Arn>${xml(roleArn)}</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></AssumeRoleResponse>`,
      );
      return;
    }
    if (service === "ec2" && action === "DescribeRegions") {
      const items = this.enabledRegions
        .map(
          (r) =>
            `<item><regionName>${r}</regionName><regionEndpoint>ec2.${r}.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>`,
        )
        .join("");
      send(
        200,
        `<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-2</requestId><regionInfo>${items}</regionInfo></DescribeRegionsResponse>`,
      );
      return;
    }
    if (service === "ec2" && action === "DescribeInstances") {
      if (!this.enabledRegions.includes(region)) {
        send(401, this.error("ec2", "AuthFailure", `The Region ${region} is not enabled for this account.`));
        return;
      }
      const all = this.instances.get(`${account}/${region}`) ?? [];
      const from = Number(form.get("NextToken") ?? "0");
      const page = all.slice(from, from + 2);
      const items = page.map((i) => this.instanceXml(i, account)).join("");
      const next = from + 2 < all.length ? `<nextToken>${from + 2}</nextToken>` : "";
      send(
        200,
        `<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-3</requestId><reservationSet>${items}</reservationSet>${next}</DescribeInstancesResponse>`,
      );
      return;
    }
    send(400, this.error(service, "InvalidAction", `The test double does not answer ${action}.`));
  }

  private instanceXml(i: DoubleInstance, account: string): string {
    const optional = (tag: string, value: string | undefined) => (value ? `<${tag}>${xml(value)}</${tag}>` : "");
    const tags = i.Name ? `<tagSet><item><key>Name</key><value>${xml(i.Name)}</value></item></tagSet>` : "";
    return (
      `<item><reservationId>r-${i.InstanceId}</reservationId><ownerId>${account}</ownerId><instancesSet><item>` +
      `<instanceId>${i.InstanceId}</instanceId><instanceState><code>${stateCodes[i.State]}</code><name>${i.State}</name></instanceState>` +
      optional("privateDnsName", i.PrivateDnsName) +
      optional("privateIpAddress", i.PrivateIpAddress) +
      optional("ipAddress", i.PublicIpAddress) +
      optional("platformDetails", i.PlatformDetails) +
      tags +
      "</item></instancesSet></item>"
    );
  }

  private error(service: string, code: string, message: string): string {
    if (service === "sts")
      return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>r-e</RequestId></ErrorResponse>`;
    return `<Response><Errors><Error><Code>${code}</Code><Message>${xml(message)}</Message></Error></Errors><RequestID>r-e</RequestID></Response>`;
  }
}
