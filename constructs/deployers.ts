import { Fn, Token } from "./providers/cdktf";

/**
 * Terraform `count` of the grant to the identity that runs the deploy, beside grants to the other
 * identities that deploy the stack: 0 when it is one of them (Azure refuses a second assignment of
 * the same role to the same principal on the same scope), else 1; undefined (a plain resource)
 * when there are no others. Those grants name their principals literally, so they stay put
 * whoever deploys; only this one comes and goes.
 */
export function deployerGrantCount(deployerObjectId: string, others: readonly string[]): number | undefined {
  if (others.length === 0) return undefined;
  return Token.asNumber(Fn.conditional(Fn.contains([...others], deployerObjectId), 0, 1));
}
