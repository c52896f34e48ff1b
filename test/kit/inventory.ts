/** @module Inventory a test puts for a node: AWS:Application entries, captured at a fixed time. */
import { PutInventoryCommand, type SSMClient } from "@aws-sdk/client-ssm";

export const putApplications = (
  ssm: SSMClient,
  instanceId: string,
  content: Record<string, string>[],
  captureTime = "2026-11-22T10:00:00Z",
) =>
  ssm.send(
    new PutInventoryCommand({
      InstanceId: instanceId,
      Items: [{ TypeName: "AWS:Application", SchemaVersion: "1.1", CaptureTime: captureTime, Content: content }],
    }),
  );
