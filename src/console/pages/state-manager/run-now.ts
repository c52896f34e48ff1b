/** @module "Apply association now": StartAssociationsOnce, SSM's way to run associations outside their schedule. */
import { StartAssociationsOnceCommand } from "@aws-sdk/client-ssm";
import { ssmClient } from "../../api.ts";
import type { Session } from "../../session.ts";

export async function runNow(session: Session, associationIds: string[]): Promise<void> {
  await ssmClient(session).send(new StartAssociationsOnceCommand({ AssociationIds: associationIds }));
}
