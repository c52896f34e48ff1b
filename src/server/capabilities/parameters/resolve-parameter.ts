/** @module Finds the parameter version a `name`, `name:version` or `name:label` selects. */
import { ParameterNotFound, ParameterVersionNotFound } from "../../../protocol/errors/errors.ts";
import type { Scope } from "../../core/store/scope.ts";
import { readName, splitSelector } from "./parameter-names.ts";
import type { ParameterRow, ParameterStore, VersionFields } from "./parameter-store.ts";

export interface SelectedParameter {
  current: ParameterRow;
  version: number;
  fields: VersionFields;
  /** `:3` or `:label` when the request used a selector. */
  selector?: string;
}

/** Resolves a selector; throws ParameterNotFound or ParameterVersionNotFound. */
export async function resolveParameter(store: ParameterStore, scope: Scope, raw: string): Promise<SelectedParameter> {
  const split = splitSelector(raw.trim());
  const name = split && readName(split.name);
  const current = name ? await store.get(scope, name.key) : undefined;
  if (!split || !name || !current) throw new ParameterNotFound(`Parameter ${raw} not found.`);
  const { selector } = split;
  if (selector.kind === "latest") return { current, version: current.version, fields: current };
  const version = selector.kind === "version" ? selector.version : await store.versionOfLabel(scope, name.key, selector.label);
  const fields =
    version === undefined ? undefined : version === current.version ? current : await store.getVersion(scope, name.key, version);
  if (version === undefined || !fields) {
    const what = selector.kind === "version" ? `version ${selector.version}` : `label ${selector.label}`;
    throw new ParameterVersionNotFound(`Systems Manager could not find ${what} of ${split.name}. Verify the version and try again.`);
  }
  return { current, version, fields, selector: selector.text };
}
