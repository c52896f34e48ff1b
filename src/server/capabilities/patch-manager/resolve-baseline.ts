/**
 * @module From a BaselineId as a request spells it — `pb-…`, the account's ARN, or a predefined baseline's ARN — to the
 * baseline it names: the canonical ARN that IAM authorizes, and the baseline itself for the handler.
 */
import { DoesNotExist, InvalidResourceId } from "../../../protocol/errors/errors.ts";
import type { Scope } from "../../core/store/scope.ts";
import type { BaselineRow, PatchBaselineStore } from "./patch-baseline-store.ts";
import { type BaselineBody, type OperatingSystem, patchBaselineArn, withDefaults } from "./patch-shapes.ts";
import { findPredefined, predefinedBaselineId } from "./predefined-baselines.ts";

/** A baseline as the actions see it, whoever owns it. */
export interface Baseline {
  /** As SSM answers it: `pb-…` for the account's own, the ARN for a predefined one. */
  id: string;
  name: string;
  operatingSystem: OperatingSystem;
  body: BaselineBody;
  owner: "Self" | "AWS";
  createdAt?: number;
  modifiedAt?: number;
}

const shortIdPattern = /^pb-[0-9a-f]{17}$/;

/** The account's own baseline id a spelling names (`pb-…` or its ARN here), or undefined. */
function ownId(scope: Scope, spelled: string): string | undefined {
  const arnPrefix = `arn:aws:ssm:${scope.region}:${scope.accountId}:patchbaseline/`;
  const id = spelled.startsWith(arnPrefix) ? spelled.slice(arnPrefix.length) : spelled;
  return shortIdPattern.test(id) ? id : undefined;
}

/** The ARN IAM authorizes for a BaselineId: the canonical one of the baseline it names, else the input as given. */
export function baselineResource(scope: Scope, spelled: string): string {
  const id = spelled.trim();
  const predefined = findPredefined(scope, id);
  if (predefined) return predefinedBaselineId(scope, predefined);
  const own = ownId(scope, id);
  return own ? patchBaselineArn(scope, own) : id;
}

/** The baseline a BaselineId names; InvalidResourceId when it cannot name one, DoesNotExist when there is none. */
export async function resolveBaseline(store: PatchBaselineStore, scope: Scope, spelled: string): Promise<Baseline> {
  const id = spelled.trim();
  const predefined = findPredefined(scope, id);
  if (predefined)
    return {
      id: predefinedBaselineId(scope, predefined),
      name: predefined.name,
      operatingSystem: predefined.operatingSystem,
      body: predefined.body,
      owner: "AWS",
    };
  const own = ownId(scope, id);
  if (!own) throw new InvalidResourceId(`${id} is not a patch baseline id (pb- and 17 hex digits, or its ARN).`);
  const row = await store.get(scope, own);
  if (!row) throw new DoesNotExist(`Patch Baseline ${own} does not exist.`);
  return ownBaseline(row);
}

/** An account's own baseline as stored. */
export function ownBaseline(row: BaselineRow): Baseline {
  return {
    id: row.baseline_id,
    name: row.name,
    operatingSystem: row.operating_system as OperatingSystem,
    body: JSON.parse(row.body) as BaselineBody,
    owner: "Self",
    createdAt: row.created_at,
    modifiedAt: row.modified_at,
  };
}

/** GetPatchBaseline's and UpdatePatchBaseline's answer: the baseline with its defaults, dates in seconds. */
export function baselineView(baseline: Baseline) {
  const { Description, ...body } = withDefaults(baseline.body);
  return {
    BaselineId: baseline.id,
    Name: baseline.name,
    OperatingSystem: baseline.operatingSystem,
    ...body,
    ...(Description !== undefined ? { Description } : {}),
    ...(baseline.createdAt !== undefined ? { CreatedDate: baseline.createdAt / 1000 } : {}),
    ...(baseline.modifiedAt !== undefined ? { ModifiedDate: baseline.modifiedAt / 1000 } : {}),
  };
}

/** DescribePatchBaselines' and DescribePatchGroups' identity of a baseline. */
export function baselineIdentity(baseline: Baseline, isDefault: boolean) {
  return {
    BaselineId: baseline.id,
    BaselineName: baseline.name,
    OperatingSystem: baseline.operatingSystem,
    ...(baseline.body.Description !== undefined ? { BaselineDescription: baseline.body.Description } : {}),
    DefaultBaseline: isDefault,
  };
}
