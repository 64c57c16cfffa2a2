import { Testing } from "../../constructs/providers/cdktf";
import { optOutOfSecurityRules, SECURITY_RECORD_KEY } from "../../constructs/security";
import { annotationsOf, newStack, secureFunctionApp, stackWithPack, synthesizedWithMetadata } from "./support";

describe("opting a stack out", () => {
  test("the stack is not checked, the reason is recorded and a warning says so", () => {
    const stack = stackWithPack();
    secureFunctionApp(stack).addOverride("https_only", false);
    optOutOfSecurityRules(stack, "Throwaway sandbox stack, destroyed after each test run");
    const record = synthesizedWithMetadata(stack)["//"].metadata[SECURITY_RECORD_KEY];
    expect(record).toMatchObject({
      status: "opted-out",
      optOutReason: "Throwaway sandbox stack, destroyed after each test run",
      findings: [],
    });
    expect(annotationsOf(stack, "warn")).toEqual([
      "Security rules are switched off for stack stack: Throwaway sandbox stack, destroyed after each test run",
    ]);
    expect(() => Testing.fullSynth(stack)).not.toThrow();
  });

  test("opting out needs a reason", () => {
    expect(() => optOutOfSecurityRules(newStack(), "no")).toThrow(
      'stack: reason must be a written reason why the security rules are switched off for this stack (at least 10 characters), but "no" was given',
    );
  });
});
