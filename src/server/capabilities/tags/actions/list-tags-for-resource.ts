/** @module ListTagsForResource: the tags of one resource. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import { resolveTaggedResource, taggableType } from "../resolve-tagged-resource.ts";
import { ResourceTypeForTagging } from "../tag-shapes.ts";
import type { TagStore } from "../tag-store.ts";
import type { TaggableResources } from "../taggable-resources.ts";

export function listTagsForResourceAction(store: TagStore, registry: TaggableResources) {
  return defineAction({
    target: "AmazonSSM",
    name: "ListTagsForResource",
    input: Type.Object({ ResourceType: ResourceTypeForTagging, ResourceId: AwsString() }),
    resources: (ctx, input) => [taggableType(registry, input.ResourceType).arn(ctx, input.ResourceId)],
    async handle(ctx, input) {
      const id = await resolveTaggedResource(registry, ctx, input.ResourceType, input.ResourceId);
      return { TagList: await store.list(ctx, input.ResourceType, id) };
    },
  });
}
