/** @module GetCommandInvocation: one node's result for a command (or one step of it), output truncated as SSM does. */
import { Type } from "@sinclair/typebox";
import { InvalidPluginName, InvocationDoesNotExist } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsString } from "../../../core/validation/aws-shapes.ts";
import { commandInvocationResult, stepResults } from "../command-view.ts";
import { CommandIdShape, commandArn, InstanceIdShape, type RunCommandDeps } from "../run-command-shapes.ts";

export function getCommandInvocationAction(deps: RunCommandDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "GetCommandInvocation",
    input: Type.Object({
      CommandId: CommandIdShape(),
      InstanceId: InstanceIdShape(),
      PluginName: Type.Optional(AwsString({ min: 4 })),
    }),
    resources: (ctx, input) => [commandArn(ctx, input.CommandId)],
    async handle(ctx, input) {
      const command = await deps.store.get(ctx, input.CommandId);
      const invocation = command ? await deps.store.getInvocation(ctx, input.CommandId, input.InstanceId) : undefined;
      if (!command || !invocation)
        throw new InvocationDoesNotExist(
          "The command ID and managed node ID you specified didn't match any invocations. Verify the command ID and the managed node ID and try again.",
        );
      let stepIndex: number | undefined;
      if (input.PluginName !== undefined) {
        stepIndex = stepResults(command, invocation).findIndex((s) => s.name === input.PluginName);
        if (stepIndex < 0) throw new InvalidPluginName(`The document has no step named ${input.PluginName}.`);
      }
      return commandInvocationResult(deps.blobs, command, invocation, stepIndex);
    },
  });
}
