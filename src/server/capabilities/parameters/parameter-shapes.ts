/** @module The service model's Parameter Store shapes as TypeBox schemas, shared by the actions. */
import { Type } from "@sinclair/typebox";
import type { Keyring } from "../../core/crypto/keyring.ts";
import type { Scope } from "../../core/store/scope.ts";
import { AwsEnum, AwsList, AwsString } from "../../core/validation/aws-shapes.ts";
import type { TagStore } from "../tags/index.ts";
import { parameterArn, readName } from "./parameter-names.ts";
import type { ParameterStore } from "./parameter-store.ts";

export const ParameterNameShape = () => AwsString({ min: 1, max: 2048 });
export const ParameterNameListShape = () => AwsList(ParameterNameShape(), { min: 1, max: 10 });
export const ParameterTypeShape = AwsEnum(["String", "StringList", "SecureString"] as const);
export const ParameterTierShape = AwsEnum(["Standard", "Advanced", "Intelligent-Tiering"] as const);
export const ParameterLabelListShape = () => AwsList(AwsString({ min: 1, max: 100 }), { min: 1, max: 10 });
export const ParameterVersionShape = () => Type.Integer();

export const ParameterStringFilterShape = Type.Object({
  Key: AwsString({ min: 1, max: 132, pattern: "tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType" }),
  Option: Type.Optional(AwsString({ min: 1, max: 10 })),
  Values: Type.Optional(AwsList(AwsString({ min: 1, max: 1024 }), { min: 1, max: 50 })),
});

/** What every Parameter Store action works with. */
export interface ParameterDeps {
  store: ParameterStore;
  keyring: Keyring;
  tags: TagStore;
}

/** The resource type name tags use for parameters. */
export const parameterResourceType = "Parameter";

/** The ARN a request about `rawName` is authorized against (selectors stripped, `/A` ≡ `A`). */
export function arnForName(scope: Scope, rawName: string): string {
  const name = rawName.split(":")[0] ?? rawName;
  return parameterArn(scope, readName(name)?.key ?? name.replace(/^\//, ""));
}
