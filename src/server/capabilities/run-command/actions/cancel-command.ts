/** @module CancelCommand: waiting invocations end Cancelled at once; running ones are stopped on their nodes. */
import { Type } from "@sinclair/typebox";
import { DuplicateInstanceId, InvalidCommandId, InvalidInstanceId } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsList } from "../../../core/validation/aws-shapes.ts";
import { CommandIdShape, commandArn, InstanceIdShape, type RunCommandDeps } from "../run-command-shapes.ts";

export function cancelCommandAction(deps: RunCommandDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "CancelCommand",
    input: Type.Object({
      CommandId: CommandIdShape(),
      InstanceIds: Type.Optional(AwsList(InstanceIdShape(), { min: 0, max: 50 })),
    }),
    resources: (ctx, input) => [commandArn(ctx, input.CommandId)],
    async handle(ctx, input) {
      const command = await deps.store.get(ctx, input.CommandId);
      if (!command) throw new InvalidCommandId("The specified command ID isn't valid. Verify the ID and try again.");
      const ids = input.InstanceIds && input.InstanceIds.length > 0 ? input.InstanceIds : undefined;
      if (ids) {
        const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
        if (duplicate) throw new DuplicateInstanceId(`Instance ${duplicate} is given more than once.`);
        for (const id of ids)
          if (!(await deps.store.getInvocation(ctx, input.CommandId, id)))
            throw new InvalidInstanceId(`Command ${input.CommandId} was not sent to ${id}.`);
      } else if (!command.finished) {
        await deps.store.requestCancel(command.command_id);
      }
      if (!command.finished) await deps.dispatcher.cancel({ ...command, cancel_requested: ids ? command.cancel_requested : 1 }, ids);
      return {};
    },
  });
}
