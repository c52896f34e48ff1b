/** @module ListCommandInvocations: one entry per (command, node), with each step's result when Details is set. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { filteredPage } from "../../../core/store/filtered-page.ts";
import { AwsBoolean } from "../../../core/validation/aws-shapes.ts";
import { commandFilter } from "../command-filters.ts";
import { invocationView } from "../command-view.ts";
import { commandArn, commandListingMembers, type RunCommandDeps } from "../run-command-shapes.ts";

type Position = { at: number; command: string; instance: string };

export function listCommandInvocationsAction(deps: RunCommandDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "ListCommandInvocations",
    input: Type.Object({ ...commandListingMembers(), Details: Type.Optional(AwsBoolean()) }),
    resources: (ctx) => [commandArn(ctx, "*")],
    async handle(ctx, input) {
      const matches = commandFilter(input.Filters ?? [], true);
      const after = input.NextToken ? decodeNextToken<Position>(deps.keyring, ctx, "ListCommandInvocations", input.NextToken) : undefined;
      const query = {
        ...(input.CommandId ? { commandId: input.CommandId } : {}),
        ...(input.InstanceId ? { instanceId: input.InstanceId } : {}),
      };
      const commands = new Map<string, Awaited<ReturnType<typeof deps.store.get>>>();
      const commandOf = async (id: string) => {
        if (!commands.has(id)) commands.set(id, await deps.store.get(ctx, id));
        return commands.get(id);
      };
      // Document names live on the command: fetch the commands of each batch before filtering it.
      const { page, more } = await filteredPage(
        async (position: Position | undefined, batch) => {
          const rows = await deps.store.listInvocations(ctx, query, position, batch);
          for (const row of rows) await commandOf(row.command_id);
          return rows;
        },
        (row) => ({ at: row.requested_at, command: row.command_id, instance: row.instance_id }),
        (row) =>
          matches({
            requestedAt: row.requested_at,
            statusDetails: row.status_details,
            documentName: commands.get(row.command_id)?.document_name ?? "",
            finished: row.terminal === 1,
          }),
        after,
        input.MaxResults ?? 50,
      );
      const views = [];
      for (const row of page) {
        const command = await commandOf(row.command_id);
        if (command) views.push(invocationView(deps.blobs, command, row, input.Details ?? false));
      }
      const last = page[page.length - 1];
      return {
        CommandInvocations: views,
        ...(more && last
          ? {
              NextToken: encodeNextToken(deps.keyring, ctx, "ListCommandInvocations", {
                at: last.requested_at,
                command: last.command_id,
                instance: last.instance_id,
              }),
            }
          : {}),
      };
    },
  });
}
