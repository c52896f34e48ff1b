/**
 * @module What a patch run needs of a package manager (apt on the Debian family, dnf or yum on the RPM family): the
 * installed packages with the newer version their repositories offer, what a baseline reads of each version, installing
 * chosen versions, and whether the machine wants a restart.
 */
import type { PatchFacts } from "../../protocol/patch/approval.ts";

/** How SSM reports one version of a package, and what else the baseline's rules filter on. */
export interface VersionFacts {
  classification: string;
  severity: string;
  /** The id SSM shows for the patch: the advisory on the RPM family when there is one, else `name_version`. */
  kbId: string;
  repository?: string;
  /** From a security archive (Debian, Ubuntu) or a security advisory (the RPM family). */
  security: boolean;
  /** Further facts the rules read (PRIORITY and SECTION on Debian; advisory ids, release date on the RPM family). */
  facts: Partial<PatchFacts>;
}

/** One installed package and what its repositories offer for it. */
export interface NodePackage {
  name: string;
  arch: string;
  installed: string;
  /** The version an upgrade would install (the installed one when nothing is newer). */
  candidate: string;
  /** When it was installed (epoch milliseconds), if known. */
  installedTime?: number;
  about(version: string): VersionFacts;
}

export interface PackageManager {
  name: string;
  /** Refreshes what the repositories offer and reads every installed package. */
  packages(env: NodeJS.ProcessEnv): Promise<NodePackage[]>;
  /** Installs the packages' candidates; rejects with the tool's output when it fails. */
  install(env: NodeJS.ProcessEnv, packages: readonly NodePackage[]): Promise<void>;
  rebootRequired(env: NodeJS.ProcessEnv): Promise<boolean>;
}
