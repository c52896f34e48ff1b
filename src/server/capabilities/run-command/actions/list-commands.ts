/** @module ListCommands: the account's commands, newest first, filtered and paginated. */
import { Type } from "@sinclair/typebox";
import { defineAction } from "../../../core/api/action.ts";
import { decodeNextToken, encodeNextToken } from "../../../core/api/next-token.ts";
import { filteredPage } from "../../../core/store/filtered-page.ts";
import { commandFilter } from "../command-filters.ts";
import { commandView } from "../command-view.ts";
import { commandArn, commandListingMembers, type RunCommandDeps } from "../run-command-shapes.ts";

export function listCommandsAction(deps: RunCommandDeps) {
  return defineAction({
    target: "AmazonSSM",
    name: "ListCommands",
    input: Type.Object({ ...commandListingMembers() }),
    resources: (ctx) => [commandArn(ctx, "*")],
    async handle(ctx, input) {
      const matches = commandFilter(input.Filters ?? [], false);
      const after = input.NextToken
        ? decodeNextToken<{ at: number; id: string }>(deps.keyring, ctx, "ListCommands", input.NextToken)
        : undefined;
      const query = {
        ...(input.CommandId ? { commandId: input.CommandId } : {}),
        ...(input.InstanceId ? { instanceId: input.InstanceId } : {}),
      };
      const { page, more } = await filteredPage(
        (position: { at: number; id: string } | undefined, batch) => deps.store.listCommands(ctx, query, position, batch),
        (row) => ({ at: row.requested_at, id: row.command_id }),
        (row) =>
          matches({
            requestedAt: row.requested_at,
            statusDetails: row.status_details,
            documentName: row.document_name,
            finished: row.finished === 1,
          }),
        after,
        input.MaxResults ?? 50,
      );
      const last = page[page.length - 1];
      return {
        Commands: page.map(commandView),
        ...(more && last
          ? { NextToken: encodeNextToken(deps.keyring, ctx, "ListCommands", { at: last.requested_at, id: last.command_id }) }
          : {}),
      };
    },
  });
}
