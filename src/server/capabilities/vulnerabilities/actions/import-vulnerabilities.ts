/**
 * @module Bosun.ImportVulnerabilities: the operator loads OSV advisories (each as its JSON text, a batch at a time; the
 * `bosun vulnerabilities import` command reads a dump and sends it in batches). Advisories newer than the stored copy
 * replace it and are matched at once against every account's inventory.
 */
import { Type } from "@sinclair/typebox";
import { AccessDenied } from "../../../../protocol/errors/errors.ts";
import { defineAction } from "../../../core/api/action.ts";
import { AwsList, AwsString } from "../../../core/validation/aws-shapes.ts";
import { matchAdvisories } from "../matcher.ts";
import { type Advisory, readAdvisory } from "../osv-advisory.ts";
import { type VulnerabilityDeps, vulnerabilityArn } from "../vulnerability-shapes.ts";

/** One advisory's JSON: the largest OSV records (kernel CVEs listing thousands of versions) stay under 1 MB. */
const maxAdvisoryBytes = 1024 * 1024;
/** Reasons reported for refused documents, at most. */
const maxReasons = 20;

export function importVulnerabilitiesAction(deps: VulnerabilityDeps) {
  return defineAction({
    target: "Bosun",
    name: "ImportVulnerabilities",
    input: Type.Object({
      Advisories: AwsList(AwsString({ min: 2, max: maxAdvisoryBytes }), { min: 1, max: 1000 }),
    }),
    maxRequestBytes: 16 * 1024 * 1024,
    resources: (ctx) => [vulnerabilityArn(ctx, "*")],
    async handle(ctx, input) {
      // Advisories decide every account's findings: only the installation's operator loads them.
      if (!ctx.principal.operator)
        throw new AccessDenied(`User: ${ctx.principal.arn} is not the operator and cannot import vulnerability advisories`);
      const advisories: Advisory[] = [];
      const refused: { Index: number; Reason: string }[] = [];
      let refusedCount = 0;
      input.Advisories.forEach((text, index) => {
        let read: Advisory | string;
        try {
          read = readAdvisory(JSON.parse(text));
        } catch {
          read = "not JSON";
        }
        if (typeof read === "string") {
          refusedCount++;
          if (refused.length < maxReasons) refused.push({ Index: index, Reason: read });
        } else advisories.push(read);
      });
      const { stored, replaced } = await deps.store.save(advisories, ctx.now);
      let findings = 0;
      if (stored.length > 0)
        for (const scope of await deps.inventory.scopesWith("AWS:Application"))
          findings += await matchAdvisories(deps, scope, stored, replaced);
      return {
        Imported: stored.length,
        Unchanged: advisories.length - stored.length,
        Refused: refusedCount,
        ...(refused.length > 0 ? { RefusedReasons: refused } : {}),
        Findings: findings,
      };
    },
  });
}
