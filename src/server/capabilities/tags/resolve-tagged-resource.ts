/** @module Finds the resource a tagging request names, with the errors SSM gives for a bad type or id. */
import { InvalidResourceId, InvalidResourceType } from "../../../protocol/errors/errors.ts";
import type { ActionContext } from "../../core/api/action.ts";
import type { TaggableResource, TaggableResources } from "./taggable-resources.ts";

export function taggableType(registry: TaggableResources, resourceType: string): TaggableResource {
  const type = registry.get(resourceType);
  if (!type) throw new InvalidResourceType(`The resource type ${resourceType} is not supported by this server.`);
  return type;
}

export async function resolveTaggedResource(
  registry: TaggableResources,
  ctx: ActionContext,
  resourceType: string,
  resourceId: string,
): Promise<string> {
  const id = await taggableType(registry, resourceType).resolve(ctx, resourceId);
  if (id === undefined) throw new InvalidResourceId("The resource ID isn't valid. Verify that you entered the correct ID and try again.");
  return id;
}
