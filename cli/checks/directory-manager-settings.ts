/**
 * Directory Manager holds what the stack says (the same diff as `dm-settings`), and each route the
 * stack owns is set up as far as the API shows it: request URL, flow template, msFlowToken. Fails
 * naming the route and the console step (manual-steps.ts, for the docs revision targeted).
 */
import { readDirectoryManagerState } from "../directory-manager/directory-manager-state";
import { routeStep } from "../directory-manager/manual-steps";
import { routeTruth } from "../directory-manager/route-diff";
import { inSync, pendingWrites, unconfirmed } from "../directory-manager/settings-diff";
import { fail, pass, type Check } from "./check";

export const directoryManagerSettings: Check = {
  id: "directory-manager-settings",
  title: "Directory Manager settings",
  async run(ctx) {
    const { diff, desired } = await readDirectoryManagerState(ctx);
    const relayed = desired.routes.some((r) => r.requestUrl !== undefined);
    const pending = pendingWrites(diff);
    const same = diff.fields.filter((f) => f.state === "same").map((f) => f.label);
    const cannot = unconfirmed(diff).map((f) => f.label);
    const auth = diff.authenticated === undefined ? "unknown (not in the answer)" : String(diff.authenticated);
    const evidence = [
      !diff.registered
        ? "no Power Automate settings registered"
        : `settings match: ${same.join(", ") || "none"}${cannot.length > 0 ? `; cannot be confirmed: ${cannot.join(", ")}` : ""}`,
      ...(diff.registered ? [`isAuthenticated: ${auth}`] : []),
      ...pending.fields.map((f) => `${f.label} differs: ${f.current ?? "(not set)"} → ${f.desired}`),
      ...diff.routes.map(
        (r) => `route "${r.displayName}": ${r.state === "missing" ? "not in Directory Manager" : routeTruth(r)}`,
      ),
      "Client ID, Client Secret: not in the 11.1 API (Admin Center → Register Client)",
    ];
    const fixes: string[] = [];
    if (pending.fields.length > 0 || pending.routes.length > 0 || !diff.registered)
      fixes.push(`run dmflow dm-settings --env ${ctx.options.environment} --apply`);
    for (const route of diff.routes) {
      const step = routeStep(route, relayed);
      if (step) fixes.push(step);
    }
    if (diff.clientId.state === "differs")
      fixes.push(
        `Directory Manager holds another Client ID (${diff.clientId.current}): change it in Admin Center → Register Client`,
      );
    if (diff.authenticated === false)
      fixes.push("isAuthenticated is false: save Register Client again in Advanced Workflow Settings (inferred)");
    return fixes.length === 0 && inSync(diff) ? pass(evidence) : fail(evidence, fixes.join("; then "));
  },
};
