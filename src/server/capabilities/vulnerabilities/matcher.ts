/**
 * @module Matching advisories against inventory, both ways (decision 026):
 * - after an import, the new advisories against every node of a scope, through the inventory's name index (only the
 *   names the advisories list are read, never the whole inventory);
 * - after a node's software changed, that node's entries against the advisories naming them.
 * A version is judged once per advisory and package however many nodes hold it, with the ecosystem's version order.
 * A node whose findings change is queued; the vulnerability-compliance job records its `Custom:Vulnerability`
 * compliance (an import may change 10,000 nodes in each batch: each node is recorded once, after the batches).
 */
import type { Scope } from "../../core/store/scope.ts";
import {
  compareVersions,
  type EntryKey,
  matchVersion,
  type PackedPosting,
  schemeOf,
  unpackEntryKey,
  type VersionScheme,
} from "../inventory/index.ts";
import { verdictFor, worse } from "./affected-ranges.ts";
import { advisoryName, entryKeyOf, type NodePlatform, packageAliasOf, schemeOfKey } from "./ecosystems.ts";
import type { Advisory } from "./osv-advisory.ts";
import type { VulnerabilityDeps } from "./vulnerability-shapes.ts";
import type { FindingRow, MatchableAdvisory } from "./vulnerability-store.ts";

const applications = "AWS:Application";
export const vulnerabilityComplianceType = "Custom:Vulnerability";

/** Each node's platform in a scope, read once per match. */
async function platformsOf(deps: VulnerabilityDeps, scope: Scope): Promise<Map<string, NodePlatform>> {
  const nodes = await deps.nodes.instances.platforms(scope);
  return new Map(nodes.map((n) => [n.instance_id, { platformName: n.platform_name, platformVersion: n.platform_version }]));
}

/** Judges versions against one advisory's package, remembering each answer. */
class Judge {
  private readonly memo = new Map<string, ReturnType<typeof verdictFor>>();

  verdict(advisory: MatchableAdvisory, key: string, name: string, version: string, scheme: VersionScheme) {
    const memoKey = `${advisory.id}\n${key}\n${name}\n${version}`;
    let verdict = this.memo.get(memoKey);
    if (!verdict) {
      verdict = { affected: false };
      const compare = (a: string, b: string) => compareVersions(a, b, scheme);
      for (const affected of advisory.affected)
        if (affected.key === key && affected.name === name) verdict = worse(verdict, verdictFor(version, affected, compare));
      this.memo.set(memoKey, verdict);
    }
    return verdict;
  }
}

function finding(
  scope: Scope,
  instanceId: string,
  entry: { seq: number; name: string; version: string; path?: string | undefined },
  advisory: MatchableAdvisory,
  key: string,
  pkg: string,
  fixed: string | undefined,
  now: number,
): FindingRow {
  return {
    account_id: scope.accountId,
    region: scope.region,
    instance_id: instanceId,
    advisory_id: advisory.id,
    seq: entry.seq,
    name: entry.name,
    version: entry.version,
    path: entry.path ?? null,
    match_key: key,
    package: pkg,
    fixed_version: fixed ?? null,
    severity: advisory.severity,
    found_at: now,
  };
}

/** The package an entry is under its key, as advisories name it. */
function packageOf(key: string, scheme: VersionScheme, entry: Record<string, string | undefined>): string {
  return packageAliasOf(scheme, entry) ?? advisoryName(key, entry.Name ?? "");
}

/** Re-matches one node after its AWS:Application content changed; learns the names its packages go by. */
export async function matchNode(deps: VulnerabilityDeps, scope: Scope, instanceId: string, content: readonly Record<string, string>[]) {
  const node = await deps.nodes.instances.get(scope, instanceId);
  const platform = node ? { platformName: node.platform_name, platformVersion: node.platform_version } : undefined;
  const byKey = new Map<string, { seq: number; entry: Record<string, string>; scheme: VersionScheme; pkg: string }[]>();
  const learned: { key: string; package: string; name: string }[] = [];
  content.forEach((entry, seq) => {
    if (!entry.Name || !entry.Version) return;
    const scheme = schemeOf(entry);
    const key = entryKeyOf(scheme, platform);
    if (!key) return;
    const pkg = packageOf(key, scheme, entry);
    if (pkg !== entry.Name) learned.push({ key, package: pkg, name: entry.Name });
    byKey.set(key, [...(byKey.get(key) ?? []), { seq, entry, scheme, pkg }]);
  });
  if (learned.length > 0) await deps.store.learnNames(scope, learned);
  const judge = new Judge();
  const found: FindingRow[] = [];
  for (const [key, entries] of byKey) {
    const advisories = await deps.store.advisoriesNaming(
      key,
      entries.map((e) => e.pkg),
    );
    if (advisories.length === 0) continue;
    const byPackage = new Map<string, MatchableAdvisory[]>();
    for (const advisory of advisories)
      for (const affected of advisory.affected)
        if (affected.key === key && !byPackage.get(affected.name)?.includes(advisory))
          byPackage.set(affected.name, [...(byPackage.get(affected.name) ?? []), advisory]);
    for (const { seq, entry, scheme, pkg } of entries) {
      const version = matchVersion(entry);
      if (!version) continue;
      for (const advisory of byPackage.get(pkg) ?? []) {
        const verdict = judge.verdict(advisory, key, pkg, version, scheme);
        if (verdict.affected)
          found.push(
            finding(
              scope,
              instanceId,
              { seq, name: entry.Name ?? "", version, path: entry.Path },
              advisory,
              key,
              pkg,
              verdict.fixed,
              deps.now(),
            ),
          );
      }
    }
  }
  if (await deps.store.replaceNode(scope, instanceId, found)) await deps.store.queueCompliance(scope, [instanceId], deps.now());
}

/** The advisories' packages, by match key and package name. */
function packagesByKey(advisories: readonly Advisory[]): Map<string, Map<string, MatchableAdvisory[]>> {
  const byKey = new Map<string, Map<string, MatchableAdvisory[]>>();
  for (const advisory of advisories.filter((a) => a.withdrawn === undefined))
    for (const affected of advisory.affected) {
      const packages = byKey.get(affected.key) ?? new Map<string, MatchableAdvisory[]>();
      const list = packages.get(affected.name) ?? [];
      if (!list.includes(advisory)) list.push(advisory);
      packages.set(affected.name, list);
      byKey.set(affected.key, packages);
    }
  return byKey;
}

/**
 * Each node's match key for a scheme, worked out once per node (not once per entry of a 10,000-node fleet). A language
 * scheme's key does not depend on the node, and a scheme whose key is the same on every node of the scope (a fleet of
 * one release) needs no lookup: a match reads ten million postings, and each lookup costs.
 */
class NodeKeys {
  private readonly keys = new Map<string, Map<string | null, string | undefined>>();
  private readonly uniform = new Map<string | null, string | undefined>();

  constructor(private readonly platforms: ReadonlyMap<string, NodePlatform>) {
    for (const scheme of ["dpkg", "rpm"] as const) {
      const keys = new Set([...platforms.values()].map((platform) => entryKeyOf(scheme, platform)));
      if (keys.size === 1) this.uniform.set(scheme, [...keys][0]);
    }
  }

  of(instanceId: string, scheme: string | null): string | undefined {
    if (scheme !== "dpkg" && scheme !== "rpm") return entryKeyOf(scheme as VersionScheme | null, undefined);
    if (this.uniform.has(scheme)) return this.uniform.get(scheme);
    let byScheme = this.keys.get(instanceId);
    if (!byScheme) {
      byScheme = new Map();
      this.keys.set(instanceId, byScheme);
    }
    if (byScheme.has(scheme)) return byScheme.get(scheme);
    const key = entryKeyOf(scheme, this.platforms.get(instanceId));
    byScheme.set(scheme, key);
    return key;
  }
}

/** One match run over a scope: verdicts remembered across match keys, and its nodes' keys once some name is found. */
interface MatchRun {
  deps: VulnerabilityDeps;
  scope: Scope;
  judge: Judge;
  nodeKeys(): Promise<NodeKeys>;
}

/** Entries of one Name and version that some advisories affect. */
interface Group {
  name: string;
  version: string;
  verdicts: { advisory: MatchableAdvisory; pkg: string; fixed: string | undefined }[];
  postings: [number, PackedPosting][];
}

/** The entries of one match key's packages that some advisory affects. */
async function affectedUnder(run: MatchRun, matchKey: string, packages: Map<string, MatchableAdvisory[]>): Promise<Candidate[]> {
  const scheme = schemeOfKey(matchKey);
  if (!scheme) return [];
  const aliases = await run.deps.store.namesOf(run.scope, matchKey, [...packages.keys()]);
  // Which packages each Name may stand for: itself, and every package known to go by it.
  const packagesOfName = new Map<string, string[]>();
  for (const pkg of packages.keys()) packagesOfName.set(pkg, [pkg]);
  const aliasNames = new Set<string>();
  for (const [pkg, names] of aliases)
    for (const name of names) {
      packagesOfName.set(name, [...new Set([...(packagesOfName.get(name) ?? []), pkg])]);
      aliasNames.add(name);
    }
  // The fleet's entries of these names, grouped by Name and version. A group is judged when its first entry comes, and
  // only an affected group keeps its entries: a match reads ten million postings, and keeping them all until the end
  // of a batch cost more in garbage collection than the reading. Postings come name by name (a row holds one name).
  const names = await run.deps.inventory.knownNames(run.scope, applications, [...packagesOfName.keys()]);
  if (names.length === 0) return [];
  const nodeKeys = await run.nodeKeys();
  const groups: Group[] = [];
  let groupsOfName: Map<string, Group | null> | undefined;
  let lastName: string | undefined;
  const byName = new Map<string, Map<string, Group | null>>();
  const judged = (name: string, version: string): Group | null => {
    const verdicts: Group["verdicts"] = [];
    for (const pkg of packagesOfName.get(advisoryName(matchKey, name)) ?? [])
      for (const advisory of packages.get(pkg) ?? []) {
        const verdict = run.judge.verdict(advisory, matchKey, pkg, version, scheme);
        if (verdict.affected) verdicts.push({ advisory, pkg, fixed: verdict.fixed });
      }
    return verdicts.length > 0 ? { name, version, verdicts, postings: [] } : null;
  };
  await run.deps.inventory.forEachEntryKey(run.scope, applications, names, (name, generation, p) => {
    const version = p[6] ?? p[2];
    if (version === null || nodeKeys.of(p[0], p[3]) !== matchKey) return;
    if (name !== lastName || !groupsOfName) {
      lastName = name;
      groupsOfName = byName.get(name) ?? new Map();
      byName.set(name, groupsOfName);
    }
    let group = groupsOfName.get(version);
    if (group === undefined) {
      group = judged(name, version);
      groupsOfName.set(version, group);
      if (group) groups.push(group);
    }
    group?.postings.push([generation, p]);
  });
  const affected: Candidate[] = [];
  for (const { name, version, verdicts, postings } of groups) {
    // A distribution package under its own name is that package (unless some package goes by its name) and has no
    // Path: its finding needs nothing more. Others are read to check the package and to say where they were found.
    const read = (scheme !== "dpkg" && scheme !== "rpm") || aliasNames.has(name);
    for (const { advisory, pkg, fixed } of verdicts)
      for (const [generation, p] of postings)
        affected.push({ key: unpackEntryKey(p, name, generation), version, advisory, matchKey, pkg, fixed, read });
  }
  return affected;
}

/**
 * Matches advisories (just imported) against every node of a scope; answers how many findings they have there.
 * `replaced`: those of them that replaced a stored copy, whose earlier findings give way.
 */
export async function matchAdvisories(
  deps: VulnerabilityDeps,
  scope: Scope,
  advisories: readonly Advisory[],
  replaced: ReadonlySet<string>,
): Promise<number> {
  let nodeKeys: Promise<NodeKeys> | undefined;
  const run: MatchRun = {
    deps,
    scope,
    judge: new Judge(),
    nodeKeys: () => {
      nodeKeys ??= platformsOf(deps, scope).then((platforms) => new NodeKeys(platforms));
      return nodeKeys;
    },
  };
  const affected: Candidate[] = [];
  // Pushed one by one: a spread of hundreds of thousands of arguments overflows the stack.
  for (const [matchKey, packages] of packagesByKey(advisories))
    for (const c of await affectedUnder(run, matchKey, packages)) affected.push(c);
  const found = await confirm(deps, scope, affected);
  const changed = await deps.store.replaceAdvisories(
    scope,
    advisories.filter((a) => replaced.has(a.id)).map((a) => a.id),
    found,
  );
  await deps.store.queueCompliance(scope, [...changed], deps.now());
  return found.length;
}

interface Candidate {
  key: EntryKey;
  version: string;
  advisory: MatchableAdvisory;
  matchKey: string;
  pkg: string;
  fixed: string | undefined;
  /** Whether its attributes must be read (to check the package, and for its Path). */
  read: boolean;
}

/**
 * Reads the attributes of the affected entries: each must be the advisory's package (a JAR of the right Maven group,
 * a Debian binary of the right source), and its Path goes into the finding.
 */
async function confirm(deps: VulnerabilityDeps, scope: Scope, affected: readonly Candidate[]): Promise<FindingRow[]> {
  const toRead = affected.filter((c) => c.read);
  const unique = [...new Map(toRead.map((c) => [`${c.key.instance_id}/${c.key.seq}`, c.key])).values()];
  const attributes = await deps.inventory.attributesOf(scope, applications, unique);
  const out: FindingRow[] = [];
  const now = deps.now();
  for (const c of affected) {
    let path: string | undefined;
    if (c.read) {
      const text = attributes.get(`${c.key.instance_id}/${c.key.seq}`);
      if (!text) continue;
      const entry = JSON.parse(text) as Record<string, string>;
      if (packageOf(c.matchKey, c.key.scheme as VersionScheme, entry) !== c.pkg) continue;
      path = entry.Path;
    }
    const row = { seq: c.key.seq, name: c.key.name, version: c.version, path };
    out.push(finding(scope, c.key.instance_id, row, c.advisory, c.matchKey, c.pkg, c.fixed, now));
  }
  return out;
}

/** How many queued nodes one pass of the compliance job records. */
const complianceBatch = 500;
/** Queued nodes are recorded once nothing has been queued for this long (an import's batches are over)… */
export const complianceSettleMs = 3_000;
/** …or, while the queue stays busy, once they have waited this long. */
export const complianceMaxWaitMs = 60_000;

/**
 * Records the compliance of queued nodes: each node's findings as one COMPLETE Custom:Vulnerability upload (a node
 * without findings is compliant: its upload has no items). Runs until the queue is empty.
 */
export async function recordQueuedCompliance(deps: VulnerabilityDeps): Promise<number> {
  let recorded = 0;
  for (;;) {
    const queued = await deps.store.queued(complianceBatch, deps.now() - complianceSettleMs, deps.now() - complianceMaxWaitMs);
    if (queued.length === 0) return recorded;
    const byScope = new Map<string, { scope: Scope; ids: string[] }>();
    for (const q of queued) {
      const key = `${q.account_id}\n${q.region}`;
      const group = byScope.get(key) ?? { scope: { accountId: q.account_id, region: q.region }, ids: [] };
      group.ids.push(q.instance_id);
      byScope.set(key, group);
    }
    for (const { scope, ids } of byScope.values()) {
      const findings = await deps.store.ofNodes(scope, ids);
      const summaries = await deps.store.advisories([...findings.values()].flat().map((f) => f.advisory_id));
      for (const [instanceId, rows] of findings)
        await deps.compliance.record(scope, {
          resourceType: "ManagedInstance",
          resourceId: instanceId,
          complianceType: vulnerabilityComplianceType,
          execution: { time: deps.now(), id: undefined, type: "VulnerabilityMatch" },
          contentHash: undefined,
          complete: true,
          items: rows.map((f) => ({
            id: `${f.advisory_id}/${f.seq}`.slice(0, 100),
            title: `${f.name} ${f.version}: ${summaries.get(f.advisory_id)?.summary ?? f.advisory_id}`.slice(0, 500),
            severity: f.severity,
            status: "NON_COMPLIANT",
            details: {
              VulnerabilityId: f.advisory_id,
              Package: f.package,
              InstalledVersion: f.version,
              ...(f.fixed_version ? { FixedVersion: f.fixed_version } : {}),
              ...(f.path ? { Path: f.path } : {}),
            },
          })),
        });
    }
    await deps.store.dequeue(queued, deps.now());
    recorded += queued.length;
  }
}
