/**
 * Directory Manager holds what the stack says (the same diff as `dm-settings`), and the settings
 * are authenticated (the Authenticate click in Admin Center).
 */
import { readDirectoryManagerState } from "../directory-manager-state";
import { inSync, pendingWrites } from "../settings-diff";
import { fail, pass, type Check } from "./check";

export const directoryManagerSettings: Check = {
  id: "directory-manager-settings",
  title: "Directory Manager settings",
  async run(ctx) {
    const { diff } = await readDirectoryManagerState(ctx);
    const pending = pendingWrites(diff);
    const same = diff.fields.filter((f) => f.state === "same").map((f) => f.label);
    const unreadable = diff.fields.filter((f) => f.state === "unreadable").map((f) => f.label);
    const evidence = [
      !diff.registered
        ? "no Power Automate settings registered"
        : `settings match: ${same.join(", ") || "none"}${unreadable.length > 0 ? ` (${unreadable.join(", ")} not returned by the API)` : ""}`,
      ...pending.fields.map((f) => `${f.label} differs: ${f.current ?? "(not set)"} → ${f.desired}`),
      ...diff.routes.map(
        (r) =>
          `route "${r.displayName}": ${r.state === "same" ? "request URL matches" : r.state === "differs" ? "request URL differs" : r.state === "missing" ? "not in Directory Manager" : "not managed (no relay URL)"}`,
      ),
      ...(diff.registered ? [`authenticated: ${diff.authenticated === true ? "yes" : "no"}`] : []),
    ];
    const fixes: string[] = [];
    if (pending.fields.length > 0 || pending.routes.length > 0 || !diff.registered)
      fixes.push(`run dmflow dm-settings --env ${ctx.options.environment} --apply`);
    if (diff.routes.some((r) => r.state === "missing"))
      fixes.push("create the missing workflow routes in Admin Center");
    if (diff.authenticated !== true)
      fixes.push(
        "click Authenticate in Admin Center (Workflows → Advanced Workflow Settings → Power Automate Settings)",
      );
    return inSync(diff) && diff.authenticated === true ? pass(evidence) : fail(evidence, fixes.join("; then "));
  },
};
