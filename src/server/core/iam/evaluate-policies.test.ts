import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluatePolicies, wildcardMatch } from "./evaluate-policies.ts";
import { parsePolicyDocument } from "./policy-document.ts";

const arn = "arn:aws:ssm:us-east-1:111122223333:parameter/app/db";
const request = (action: string, resource = arn, context: Record<string, string[]> = {}) => ({ action, resource, context });

describe("evaluatePolicies", () => {
  it("denies implicitly when nothing allows", () => {
    assert.equal(evaluatePolicies([], request("ssm:GetParameter")), "ImplicitDeny");
  });

  it("matches actions case-insensitively with wildcards and resources case-sensitively", () => {
    const policy = { Statement: [{ Effect: "Allow" as const, Action: "SSM:Get*", Resource: "arn:aws:ssm:*:*:parameter/app/*" }] };
    assert.equal(evaluatePolicies([policy], request("ssm:GetParameter")), "Allow");
    assert.equal(evaluatePolicies([policy], request("ssm:PutParameter")), "ImplicitDeny");
    assert.equal(evaluatePolicies([policy], request("ssm:GetParameter", arn.replace("/app/", "/App/"))), "ImplicitDeny");
  });

  it("lets an explicit Deny in any policy beat an Allow", () => {
    const allow = { Statement: { Effect: "Allow" as const, Action: "*", Resource: "*" } };
    const deny = { Statement: [{ Effect: "Deny" as const, Action: ["ssm:DeleteParameter", "ssm:PutParameter"], Resource: "*" }] };
    assert.equal(evaluatePolicies([allow, deny], request("ssm:DeleteParameter")), "ExplicitDeny");
    assert.equal(evaluatePolicies([allow, deny], request("ssm:GetParameter")), "Allow");
  });

  it("supports NotAction and NotResource", () => {
    const policy = {
      Statement: [{ Effect: "Allow" as const, NotAction: "ssm:Delete*", NotResource: "arn:aws:ssm:*:*:parameter/secret/*" }],
    };
    assert.equal(evaluatePolicies([policy], request("ssm:GetParameter")), "Allow");
    assert.equal(evaluatePolicies([policy], request("ssm:DeleteParameter")), "ImplicitDeny");
    assert.equal(evaluatePolicies([policy], request("ssm:GetParameter", "arn:aws:ssm:us-east-1:1:parameter/secret/x")), "ImplicitDeny");
  });

  it("evaluates string conditions, failing a positive operator on a missing key", () => {
    const policy = {
      Statement: [
        {
          Effect: "Allow" as const,
          Action: "*",
          Resource: "*",
          Condition: { StringEquals: { "aws:RequestedRegion": ["eu-west-1", "us-east-1"] } },
        },
      ],
    };
    assert.equal(evaluatePolicies([policy], request("ssm:GetParameter", arn, { "aws:RequestedRegion": ["us-east-1"] })), "Allow");
    assert.equal(evaluatePolicies([policy], request("ssm:GetParameter", arn, { "aws:RequestedRegion": ["ap-south-1"] })), "ImplicitDeny");
    assert.equal(evaluatePolicies([policy], request("ssm:GetParameter", arn)), "ImplicitDeny");
    const like = {
      Statement: [{ Effect: "Deny" as const, Action: "*", Resource: "*", Condition: { StringNotLike: { "aws:username": "ops-*" } } }],
    };
    assert.equal(evaluatePolicies([like], request("ssm:GetParameter", arn, { "aws:username": ["ops-anna"] })), "ImplicitDeny");
    assert.equal(evaluatePolicies([like], request("ssm:GetParameter", arn, { "aws:username": ["dev-bo"] })), "ExplicitDeny");
  });

  it("resolves policy variables in resources and condition values (version 2012-10-17 only), a value's wildcards literal", () => {
    const own = (version: string) => ({
      Version: version,
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, which IAM resolves, not a template
      Statement: [{ Effect: "Allow" as const, Action: "ssm:TerminateSession", Resource: "arn:aws:ssm:*:*:session/${aws:username}-*" }],
    });
    const session = (owner: string) => `arn:aws:ssm:us-east-1:111122223333:session/${owner}-0123456789abcdef0`;
    const as = (user: string) => ({ "aws:username": [user] });
    assert.equal(evaluatePolicies([own("2012-10-17")], request("ssm:TerminateSession", session("anna"), as("anna"))), "Allow");
    assert.equal(evaluatePolicies([own("2012-10-17")], request("ssm:TerminateSession", session("bo"), as("anna"))), "ImplicitDeny");
    assert.equal(evaluatePolicies([own("2012-10-17")], request("ssm:TerminateSession", session("anna"), {})), "ImplicitDeny", "no value");
    assert.equal(
      evaluatePolicies([own("2008-10-17")], request("ssm:TerminateSession", session("anna"), as("anna"))),
      "ImplicitDeny",
      "literal",
    );
    // A user name that is itself a wildcard matches only itself.
    assert.equal(evaluatePolicies([own("2012-10-17")], request("ssm:TerminateSession", session("anna"), as("*"))), "ImplicitDeny");
    const tagged = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow" as const,
          Action: "*",
          Resource: "*",
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, which IAM resolves, not a template
          Condition: { StringEquals: { "ssm:resourceTag/owner": "${aws:username}" } },
        },
      ],
    };
    const arn = "arn:aws:ssm:us-east-1:111122223333:managed-instance/mi-0123456789abcdef0";
    assert.equal(
      evaluatePolicies([tagged], request("ssm:StartSession", arn, { ...as("anna"), "ssm:resourceTag/owner": ["anna"] })),
      "Allow",
    );
    assert.equal(
      evaluatePolicies([tagged], request("ssm:StartSession", arn, { ...as("bo"), "ssm:resourceTag/owner": ["anna"] })),
      "ImplicitDeny",
    );
  });

  it("treats ? as one character and escapes regex metacharacters", () => {
    assert.ok(wildcardMatch("a?c", "abc", false));
    assert.ok(!wildcardMatch("a?c", "abbc", false));
    assert.ok(!wildcardMatch("a.c", "abc", false));
    assert.ok(wildcardMatch("a(b)+", "a(b)+", false));
  });
});

describe("parsePolicyDocument", () => {
  it("accepts a well-formed document and rejects ones it could not evaluate", () => {
    assert.ok(parsePolicyDocument('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'));
    assert.equal(parsePolicyDocument("not json"), undefined);
    assert.equal(parsePolicyDocument('{"Statement":[{"Effect":"Allow","Resource":"*"}]}'), undefined, "no Action");
    assert.equal(
      parsePolicyDocument('{"Statement":[{"Effect":"Allow","Action":"*","NotAction":"x","Resource":"*"}]}'),
      undefined,
      "both Action and NotAction",
    );
    assert.equal(
      parsePolicyDocument('{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"NumericLessThan":{"a":"1"}}}]}'),
      undefined,
    );
  });
});
