/** @module Parameter Store: hierarchical, versioned, labelled, encrypted configuration and secrets. */
import type { Capability, CoreServices } from "../../core/capability.ts";
import type { Scope } from "../../core/store/scope.ts";
import type { TagsCapability } from "../tags/index.ts";
import { deleteParameterAction } from "./actions/delete-parameter.ts";
import { deleteParametersAction } from "./actions/delete-parameters.ts";
import { describeParametersAction } from "./actions/describe-parameters.ts";
import { getParameterAction } from "./actions/get-parameter.ts";
import { getParameterHistoryAction } from "./actions/get-parameter-history.ts";
import { getParametersAction } from "./actions/get-parameters.ts";
import { getParametersByPathAction } from "./actions/get-parameters-by-path.ts";
import { labelParameterVersionAction } from "./actions/label-parameter-version.ts";
import { putParameterAction } from "./actions/put-parameter.ts";
import { unlabelParameterVersionAction } from "./actions/unlabel-parameter-version.ts";
import { parameterMigrations } from "./migrations.ts";
import { parameterArn, readName } from "./parameter-names.ts";
import { parameterPolicyJob } from "./parameter-policy-job.ts";
import { type ParameterDeps, parameterResourceType } from "./parameter-shapes.ts";
import { ParameterStore } from "./parameter-store.ts";
import { resolveParameter } from "./resolve-parameter.ts";

export { policyEventSource, policyEventType } from "./parameter-policy-job.ts";

/** How documents read `{{ssm:name}}`: a String or StringList value the caller may read. */
export type ParameterLookup = (scope: Scope, name: string) => Promise<{ value: string; type: string; arn: string }>;

export interface ParametersCapability extends Capability {
  lookup: ParameterLookup;
}

export function createParametersCapability(core: CoreServices, tags: TagsCapability): ParametersCapability {
  const deps: ParameterDeps = { store: new ParameterStore(core.database.db), keyring: core.keyring, tags: tags.store };
  tags.registry.register(parameterResourceType, {
    async resolve(ctx, resourceId) {
      const name = readName(resourceId);
      return name && (await deps.store.get(ctx, name.key)) ? name.key : undefined;
    },
    arn: (ctx, resourceId) => parameterArn(ctx, readName(resourceId)?.key ?? resourceId),
  });
  return {
    name: "parameters",
    migrations: parameterMigrations,
    actions: [
      putParameterAction(deps),
      getParameterAction(deps),
      getParametersAction(deps),
      getParametersByPathAction(deps),
      describeParametersAction(deps),
      deleteParameterAction(deps),
      deleteParametersAction(deps),
      getParameterHistoryAction(deps),
      labelParameterVersionAction(deps),
      unlabelParameterVersionAction(deps),
    ],
    jobs: [parameterPolicyJob(deps, core.events, core.sweepIntervalMs)],
    async lookup(scope, name) {
      const selected = await resolveParameter(deps.store, scope, name);
      return { value: selected.fields.value, type: selected.fields.type, arn: parameterArn(scope, selected.current.name_key) };
    },
  };
}
