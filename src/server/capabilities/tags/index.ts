/** @module Tags: Add/List/RemoveTagsFromResource for every taggable resource type other capabilities register. */
import type { Capability, CoreServices } from "../../core/capability.ts";
import { addTagsToResourceAction } from "./actions/add-tags-to-resource.ts";
import { listTagsForResourceAction } from "./actions/list-tags-for-resource.ts";
import { removeTagsFromResourceAction } from "./actions/remove-tags-from-resource.ts";
import { tagMigrations } from "./migrations.ts";
import { TagStore } from "./tag-store.ts";
import { TaggableResources } from "./taggable-resources.ts";

export { maxTagsPerResource, TagListShape } from "./tag-shapes.ts";
export type { Tag, TagStore } from "./tag-store.ts";
export type { TaggableResource, TaggableResources } from "./taggable-resources.ts";

export interface TagsCapability extends Capability {
  store: TagStore;
  registry: TaggableResources;
}

export function createTagsCapability(core: CoreServices): TagsCapability {
  const store = new TagStore(core.database.db);
  const registry = new TaggableResources();
  return {
    name: "tags",
    migrations: tagMigrations,
    actions: [
      addTagsToResourceAction(store, registry),
      listTagsForResourceAction(store, registry),
      removeTagsFromResourceAction(store, registry),
    ],
    jobs: [],
    store,
    registry,
  };
}
