/**
 * @module Machines that exist in AWS EC2: with the account's role assumed through STS (one role per member account),
 * every enabled Region is asked for every instance, stopped and terminated ones included. The SDK clients are loaded
 * only when an EC2 source is refreshed.
 */
import type { MachineState, ReportedMachine } from "./machine-store.ts";

/** How this server reaches AWS: endpoint overrides (a private endpoint; the test double) and base credentials. */
export interface AwsAccess {
  ec2Endpoint?: string;
  stsEndpoint?: string;
  /** The SDK's default chain (environment, shared profile, instance role) when absent. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface Ec2SourceConfig {
  /** The role to assume in the account whose instances are listed; the base credentials' own account when absent. */
  RoleArn?: string;
  /** Regions to ask; every Region enabled for the account when absent. */
  Regions?: string[];
}

/** EC2's instance states folded into the three the rule knows. */
export function foldState(ec2State: string | undefined): MachineState {
  if (ec2State === "stopped" || ec2State === "stopping") return "stopped";
  if (ec2State === "terminated" || ec2State === "shutting-down") return "terminated";
  return "running";
}

export async function discoverEc2(access: AwsAccess, config: Ec2SourceConfig): Promise<ReportedMachine[]> {
  const [{ EC2Client, DescribeRegionsCommand, paginateDescribeInstances }, { STSClient, AssumeRoleCommand }] = await Promise.all([
    import("@aws-sdk/client-ec2"),
    import("@aws-sdk/client-sts"),
  ]);
  let credentials = access.credentials;
  if (config.RoleArn) {
    const sts = new STSClient({
      region: "us-east-1",
      ...(access.stsEndpoint ? { endpoint: access.stsEndpoint } : {}),
      ...(credentials ? { credentials } : {}),
    });
    try {
      const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: config.RoleArn, RoleSessionName: "bosun-machine-discovery" }));
      const c = assumed.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error(`assuming ${config.RoleArn} returned no credentials`);
      credentials = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      };
    } finally {
      sts.destroy();
    }
  }
  const ec2 = (region: string) =>
    new EC2Client({ region, ...(access.ec2Endpoint ? { endpoint: access.ec2Endpoint } : {}), ...(credentials ? { credentials } : {}) });

  let regions = config.Regions;
  if (!regions || regions.length === 0) {
    const client = ec2("us-east-1");
    try {
      const answer = await client.send(new DescribeRegionsCommand({ AllRegions: false }));
      regions = (answer.Regions ?? []).map((r) => r.RegionName ?? "").filter((name) => name.length > 0);
    } finally {
      client.destroy();
    }
  }
  const machines: ReportedMachine[] = [];
  for (const region of regions) {
    const client = ec2(region);
    try {
      for await (const page of paginateDescribeInstances({ client, pageSize: 1000 }, {}))
        for (const reservation of page.Reservations ?? [])
          for (const instance of reservation.Instances ?? []) {
            if (!instance.InstanceId) continue;
            machines.push({
              machine_id: instance.InstanceId,
              region,
              state: foldState(instance.State?.Name),
              name: instance.Tags?.find((t) => t.Key === "Name")?.Value ?? null,
              hostname: instance.PrivateDnsName || null,
              private_ip: instance.PrivateIpAddress ?? null,
              public_ip: instance.PublicIpAddress ?? null,
              platform: instance.PlatformDetails ?? instance.Platform ?? null,
            });
          }
    } finally {
      client.destroy();
    }
  }
  return machines;
}
