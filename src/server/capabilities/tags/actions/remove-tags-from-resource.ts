/** @module RemoveTagsFromResource: remove tags by key; keys the resource does not carry are ignored, as in SSM. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { AwsList, AwsString } from "../../../core/validation/aws-shapes.ts";
import { resolveTaggedResource, taggableType } from "../resolve-tagged-resource.ts";
import { ResourceTypeForTagging, TagKeyShape } from "../tag-shapes.ts";
import type { TagStore } from "../tag-store.ts";
import type { TaggableResources } from "../taggable-resources.ts";

export function removeTagsFromResourceAction(store: TagStore, registry: TaggableResources) {
  return defineAction({
    target: "AmazonSSM",
    name: "RemoveTagsFromResource",
    input: Type.Object({ ResourceType: ResourceTypeForTagging, ResourceId: AwsString(), TagKeys: AwsList(TagKeyShape()) }),
    resources: (ctx, input) => [taggableType(registry, input.ResourceType).arn(ctx, input.ResourceId)],
    async handle(ctx, input) {
      const id = await resolveTaggedResource(registry, ctx, input.ResourceType, input.ResourceId);
      await store.remove(ctx, input.ResourceType, id, input.TagKeys);
      return {};
    },
  });
}
