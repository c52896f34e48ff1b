/** @module AddTagsToResource: add or overwrite tags on a resource, within SSM's 50-tag limit. */
import { Type } from "@sinclair/typebox";
import { TooManyTagsError } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import { resolveTaggedResource, taggableType } from "../resolve-tagged-resource.ts";
import { maxTagsPerResource, ResourceTypeForTagging, TagListShape } from "../tag-shapes.ts";
import type { TagStore } from "../tag-store.ts";
import type { TaggableResources } from "../taggable-resources.ts";

export function addTagsToResourceAction(store: TagStore, registry: TaggableResources) {
  return defineAction({
    target: "AmazonSSM",
    name: "AddTagsToResource",
    input: Type.Object({ ResourceType: ResourceTypeForTagging, ResourceId: AwsString(), Tags: TagListShape() }),
    resources: (ctx, input) => [taggableType(registry, input.ResourceType).arn(ctx, input.ResourceId)],
    async handle(ctx, input) {
      const id = await resolveTaggedResource(registry, ctx, input.ResourceType, input.ResourceId);
      const existing = await store.list(ctx, input.ResourceType, id);
      const keys = new Set([...existing.map((t) => t.Key), ...input.Tags.map((t) => t.Key)]);
      if (keys.size > maxTagsPerResource) throw new TooManyTagsError(`A resource can have at most ${maxTagsPerResource} tags.`);
      await store.put(ctx, input.ResourceType, id, input.Tags);
      return {};
    },
  });
}
