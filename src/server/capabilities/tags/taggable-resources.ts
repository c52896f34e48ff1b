/** @module The registry of resource types that can be tagged; each capability registers the types it owns. */
import type { ActionContext } from "../../core/api/action.ts";

export interface TaggableResource {
  /** The stored id of the resource when it exists in the caller's account and region, else undefined. */
  resolve(ctx: ActionContext, resourceId: string): Promise<string | undefined>;
  /** The resource's ARN, for authorization. */
  arn(ctx: ActionContext, resourceId: string): string;
}

export class TaggableResources {
  private readonly types = new Map<string, TaggableResource>();

  register(resourceType: string, resource: TaggableResource): void {
    this.types.set(resourceType, resource);
  }

  get(resourceType: string): TaggableResource | undefined {
    return this.types.get(resourceType);
  }
}
