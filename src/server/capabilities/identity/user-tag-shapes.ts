/** @module IAM's tag shapes for users: keys and values as IAM allows them, and at most 50 tags on a user. */
import { Type } from "@sinclair/typebox";
import { AwsList, AwsString } from "../../core/validation/aws-shapes.ts";

export const maxUserTags = 50;

export const UserTagKeyShape = () => AwsString({ min: 1, max: 128, pattern: "^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+$" });

export const UserTagsShape = () =>
  AwsList(
    Type.Object({
      Key: UserTagKeyShape(),
      Value: AwsString({ min: 0, max: 256, pattern: "^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$" }),
    }),
    { min: 1, max: maxUserTags },
  );
