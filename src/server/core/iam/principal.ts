/** @module Who made a request: an IAM user of an account, with the policies it holds. */
import type { PolicyDocument } from "./policy-document.ts";

export interface Principal {
  accountId: string;
  userName: string;
  /** `arn:aws:iam::<account>:user/<name>` */
  arn: string;
  policies: PolicyDocument[];
  /** The bootstrap administrator of the operator account may act on other accounts (create them, add users). */
  operator: boolean;
  /** Signed with temporary credentials (a session token). */
  temporary: boolean;
}

export const userArn = (accountId: string, userName: string): string => `arn:aws:iam::${accountId}:user/${userName}`;
