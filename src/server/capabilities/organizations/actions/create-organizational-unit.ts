/** @module Organizations' CreateOrganizationalUnit: an OU under a root or OU, five levels deep at most. */
import { Type } from "@sinclair/typebox";
import { ConstraintViolation, DuplicateOrganizationalUnit } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import {
  asManagement,
  newUnitId,
  type OrganizationsDeps,
  ParentIdShape,
  refuseTags,
  requireParent,
  TagsShape,
  unitJson,
} from "../organization-shapes.ts";

/** AWS Organizations nests OUs at most five levels under the root. */
const maxDepth = 5;

export function createOrganizationalUnitAction(deps: OrganizationsDeps) {
  return defineAction({
    target: "AWSOrganizationsV20161128",
    name: "CreateOrganizationalUnit",
    input: Type.Object({
      ParentId: ParentIdShape(),
      Name: AwsString({ min: 1, max: 128, pattern: "[\\s\\S]*" }),
      Tags: Type.Optional(TagsShape()),
    }),
    resources: () => ["*"],
    async handle(ctx, input) {
      const organization = await asManagement(deps, ctx);
      refuseTags(input.Tags);
      await requireParent(deps, organization, input.ParentId);
      let depth = 1;
      for (let parent = input.ParentId; parent !== organization.root_id; depth++)
        parent = (await deps.store.unit(organization.organization_id, parent))?.parent_id ?? organization.root_id;
      if (depth > maxDepth)
        throw new ConstraintViolation(`OUs nest at most ${maxDepth} levels under the root.`).with({ Reason: "OU_DEPTH_LIMIT_EXCEEDED" });
      if ((await deps.store.units(organization.organization_id, input.ParentId)).some((u) => u.name === input.Name))
        throw new DuplicateOrganizationalUnit(`An OU named ${input.Name} already exists in ${input.ParentId}.`);
      const unit = {
        ou_id: newUnitId(organization.root_id),
        organization_id: organization.organization_id,
        parent_id: input.ParentId,
        name: input.Name,
        created_at: ctx.now,
      };
      await deps.store.addUnit(unit);
      return { OrganizationalUnit: unitJson(organization, unit) };
    },
  });
}
