/** @module The sweeper for parameter policies: deletes expired parameters and records notification events. */
import type { EventLog } from "../../core/events/event-log.ts";
import type { Job } from "../../core/scheduler/scheduler.ts";
import type { Scope } from "../../core/store/scope.ts";
import { parameterArn } from "./parameter-names.ts";
import { loadPolicies, nextPolicyDue, policyTimes } from "./parameter-policies.ts";
import { type ParameterDeps, parameterResourceType } from "./parameter-shapes.ts";
import type { ParameterRow } from "./parameter-store.ts";

const batch = 100;
export const policyEventSource = "aws.ssm";
export const policyEventType = "Parameter Store Policy Action";

async function expire(deps: ParameterDeps, scope: Scope, row: ParameterRow): Promise<boolean> {
  return deps.store.transaction(async (store) => {
    // A put since the sweep read the row may have replaced the policy; only the version that expired goes.
    const current = await store.get(scope, row.name_key, { lock: true });
    if (current?.version !== row.version) return false;
    await store.delete(scope, row.name_key);
    await deps.tags.removeAll(scope, parameterResourceType, row.name_key, store.handle);
    return true;
  });
}

async function sweepOne(deps: ParameterDeps, events: EventLog, row: ParameterRow, now: number): Promise<void> {
  const scope = { accountId: row.account_id, region: row.region };
  const arn = parameterArn(scope, row.name_key);
  const policies = loadPolicies(row.policies);
  for (const { policy, at } of policyTimes(policies, row.modified_at)) {
    if (at > now) continue;
    const deleted = policy.type === "Expiration" ? await expire(deps, scope, row) : false;
    if (policy.type === "Expiration" && !deleted) continue;
    await events.record({
      ...scope,
      source: policyEventSource,
      detailType: policyEventType,
      resource: arn,
      detail: {
        "parameter-name": row.name,
        "parameter-version": row.version,
        "policy-type": policy.type,
        "action-status": deleted ? "Deleted" : "Notified",
        "due-time": new Date(at).toISOString(),
      },
      time: now,
      dedupeKey: `${arn}#${row.version}#${policy.type}`,
    });
    if (deleted) return;
  }
  await deps.store.setPolicyDue(scope, row.name_key, nextPolicyDue(policies, row.modified_at, now));
}

export function parameterPolicyJob(deps: ParameterDeps, events: EventLog, intervalMs: number): Job {
  return {
    name: "parameter-policies",
    intervalMs,
    async run(now) {
      for (;;) {
        const due = await deps.store.policiesDue(now, batch);
        for (const row of due) await sweepOne(deps, events, row, now);
        if (due.length < batch) return;
      }
    },
  };
}
