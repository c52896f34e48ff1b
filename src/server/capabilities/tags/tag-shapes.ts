/** @module The model's Tag, TagList and ResourceTypeForTagging shapes, shared by every action that takes tags. */
import { Type } from "@sinclair/typebox";
import { AwsEnum, AwsList, AwsString } from "../../core/validation/aws-shapes.ts";

const tagPattern = "^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$";
export const TagKeyShape = () => AwsString({ min: 1, max: 128, pattern: tagPattern });
export const TagShape = Type.Object({ Key: TagKeyShape(), Value: AwsString({ min: 0, max: 256, pattern: tagPattern }) });
export const TagListShape = () => AwsList(TagShape, { max: 1000 });
export const ResourceTypeForTagging = AwsEnum([
  "Document",
  "ManagedInstance",
  "MaintenanceWindow",
  "Parameter",
  "PatchBaseline",
  "OpsItem",
  "OpsMetadata",
  "Automation",
  "Association",
  "CloudConnector",
] as const);

/** SSM allows 50 tags on one resource. */
export const maxTagsPerResource = 50;
