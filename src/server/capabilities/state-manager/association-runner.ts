/**
 * @module Runs associations: at creation (unless ApplyOnlyAtCronInterval), when their schedule is due, on
 * StartAssociationsOnce, and for nodes that match a target after the last run (a node registered or tagged later).
 * Each execution is a Run Command command kept out of ListCommands; one inventory association applies per node.
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "../../core/log.ts";
import type { Scope } from "../../core/store/scope.ts";
import type { InstanceRow, ManagedNodesCapability } from "../managed-nodes/index.ts";
import type { RunCommandCapability } from "../run-command/index.ts";
import type { TagStore } from "../tags/index.ts";
import type { AssociationRow, AssociationSpec, AssociationStore, ExecutionRow } from "./association-store.ts";
import { nextRun, parseSchedule } from "./schedule.ts";

export const inventoryDocument = "AWS-GatherSoftwareInventory";

export const specOf = (row: { spec: string }): AssociationSpec => JSON.parse(row.spec) as AssociationSpec;

const dayMs = 86_400_000;

/**
 * When the schedule next wants a run after `after`; rates count from the association's last change. A cron schedule's
 * ScheduleOffset moves each run that many days after the day the cron names (the Sunday after the second Thursday).
 */
/** A command's origin when an association's execution sent it: `association:<association id>/<execution id>`. */
export const associationOrigin = (associationId: string, executionId: string): string => `association:${associationId}/${executionId}`;

/** The association and execution a command's origin names, if an association sent it. */
export function associationOf(origin: string): { associationId: string; executionId: string } | undefined {
  const match = /^association:([^/]+)\/(.+)$/.exec(origin);
  return match ? { associationId: match[1] ?? "", executionId: match[2] ?? "" } : undefined;
}

export function nextRunOf(spec: AssociationSpec, after: number, anchor: number): number | null {
  if (!spec.ScheduleExpression) return null;
  const offsetMs = (spec.ScheduleOffset ?? 0) * dayMs;
  const next = nextRun(parseSchedule(spec.ScheduleExpression), after - offsetMs, anchor);
  return next === undefined ? null : next + offsetMs;
}

export class AssociationRunner {
  constructor(
    private readonly store: AssociationStore,
    private readonly runCommand: RunCommandCapability,
    private readonly nodes: ManagedNodesCapability,
    private readonly tags: TagStore,
    private readonly log: Logger,
    private readonly now: () => number,
  ) {}

  /** The nodes an association's targets match now (InstanceIds, `*`, tag:K, tag-key; ANDed). */
  async targetNodes(scope: Scope, spec: AssociationSpec, associationId: string): Promise<InstanceRow[]> {
    const all = await this.nodes.listAll(scope);
    const tags = spec.Targets.some((t) => t.Key.startsWith("tag")) ? await this.tags.listAllOfType(scope, "ManagedInstance") : new Map();
    let nodes = all.filter((node) =>
      spec.Targets.every((target) => {
        if (target.Key === "InstanceIds") return target.Values.includes("*") || target.Values.includes(node.instance_id);
        const nodeTags: { Key: string; Value: string }[] = tags.get(node.instance_id) ?? [];
        if (target.Key === "tag-key") return target.Values.some((k) => nodeTags.some((t) => t.Key === k));
        const tag = nodeTags.find((t) => t.Key === target.Key.slice(4));
        return tag !== undefined && target.Values.includes(tag.Value);
      }),
    );
    if (spec.Name === inventoryDocument) {
      // One inventory association per node, as in SSM: the oldest one that targets a node keeps it.
      const older = (await this.store.list(scope)).filter(
        (a) => specOf(a).Name === inventoryDocument && a.association_id !== associationId,
      );
      const mine = (await this.store.get(scope, associationId))?.created_at ?? this.now();
      const taken = new Set<string>();
      for (const other of older.filter((a) => a.created_at < mine || (a.created_at === mine && a.association_id < associationId)))
        for (const node of await this.targetNodes(scope, { ...specOf(other), Name: "" }, other.association_id)) taken.add(node.instance_id);
      nodes = nodes.filter((n) => !taken.has(n.instance_id));
    }
    return nodes;
  }

  /** Runs the association on its target nodes (or on `only` of them); records the execution and the next run. */
  async execute(row: AssociationRow, only?: ReadonlySet<string>, advanceSchedule = only === undefined): Promise<ExecutionRow> {
    const scope = { accountId: row.account_id, region: row.region };
    const spec = specOf(row);
    const now = this.now();
    const nodes = (await this.targetNodes(scope, spec, row.association_id)).filter((n) => !only || only.has(n.instance_id));
    const s3 = spec.OutputLocation?.S3Location;
    // The execution's id travels with its command: a node may report before the execution is recorded below.
    const executionId = randomUUID();
    const command = await this.runCommand.sendFor(scope, now, {
      origin: associationOrigin(row.association_id, executionId),
      documentName: spec.Name,
      ...(spec.DocumentVersion ? { documentVersion: spec.DocumentVersion } : {}),
      parameters: spec.Parameters ?? {},
      nodes,
      byTag: false,
      instanceIds: [],
      targets: spec.Targets,
      comment: `association ${row.association_id} version ${row.version}`,
      ...(spec.MaxConcurrency ? { maxConcurrency: spec.MaxConcurrency } : {}),
      ...(spec.MaxErrors ? { maxErrors: spec.MaxErrors } : {}),
      ...(s3?.OutputS3BucketName
        ? { output: { bucket: s3.OutputS3BucketName, prefix: s3.OutputS3KeyPrefix, region: s3.OutputS3Region } }
        : {}),
    });
    const execution: ExecutionRow = {
      execution_id: executionId,
      association_id: row.association_id,
      version: row.version,
      command_id: command.command_id,
      created_at: now,
    };
    const next = advanceSchedule ? nextRunOf(spec, now, row.updated_at) : row.next_run_at;
    await this.store.recordExecution(
      execution,
      nodes.map((n) => n.instance_id),
      next,
    );
    return execution;
  }

  /** One pass: due schedules run, and nodes that match a target but were never reached get their run. */
  async tick(): Promise<void> {
    const now = this.now();
    for (const row of await this.store.due(now)) {
      try {
        await this.execute(row);
      } catch (error) {
        this.log.error({ err: error, associationId: row.association_id }, "association run failed");
        await this.store.setNextRun(row.association_id, nextRunOf(specOf(row), now, row.updated_at));
      }
    }
    for (const row of await this.store.all()) {
      if (row.last_execution_at === null) continue;
      const scope = { accountId: row.account_id, region: row.region };
      const reached = new Set((await this.store.targets(row.association_id)).map((t) => t.instance_id));
      const late = (await this.targetNodes(scope, specOf(row), row.association_id)).filter((n) => !reached.has(n.instance_id));
      if (late.length > 0) {
        try {
          await this.execute(row, new Set(late.map((n) => n.instance_id)));
        } catch (error) {
          this.log.error({ err: error, associationId: row.association_id }, "association run for new nodes failed");
        }
      }
    }
  }
}
