/** @module GetConnectionStatus: whether a node can take a session now (its agent's channel is up). */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { managedInstanceArn } from "../../managed-nodes/index.ts";
import { canTakeSession, type SessionDeps, SessionTargetShape } from "../session-shapes.ts";

export function getConnectionStatusAction(deps: SessionDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "GetConnectionStatus",
    input: Type.Object({ Target: SessionTargetShape() }),
    resources: (ctx, input) => [managedInstanceArn(ctx, input.Target.trim())],
    async handle(ctx, input) {
      const target = input.Target.trim();
      const node = await deps.nodes.instances.get(ctx, target);
      return { Target: target, Status: canTakeSession(deps, node, ctx.now) ? ("connected" as const) : ("notconnected" as const) };
    },
  });
}
