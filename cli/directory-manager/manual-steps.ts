/**
 * What only a person can do, in the console's words, following the Netwrix docs revision this
 * package targets: netwrix/docs@e4c25beb, docs/directorymanager/11.1/admincenter/workflow/powerautomate/integrate.md
 * ("Connect an Identity Store to Power Automate", "Link an Identity Store Workflow to a Flow").
 * That revision has no Authenticate step; the older one (admincenter/workflow/integrate.md@53b3e0a0)
 * adds a Proxy Callback URL to Register Client.
 */
import { routeGaps } from "./route-diff";
import type { SettingsDiff } from "./settings-diff";

export const DOCS_REVISION =
  "netwrix/docs@e4c25beb docs/directorymanager/11.1/admincenter/workflow/powerautomate/integrate.md";

const STORE = "Admin Center → Identity Stores → (your store) → Edit → Workflows";
export const REGISTER_CLIENT = `${STORE} → Advanced Workflow Settings → Power Automate Settings → Register Client`;
const EDIT_WORKFLOW = (name: string) => `${STORE} → Configure Workflows → "${name}" → Edit → Power Automate Settings`;

/** The console step that fixes one route, or undefined when it is set up. */
export function routeStep(route: SettingsDiff["routes"][number], relayed: boolean): string | undefined {
  const gaps = routeGaps(route);
  if (gaps.length === 0) return undefined;
  if (route.state === "missing")
    return `create the workflow route "${route.displayName}" (${STORE} → Configure Workflows; dmflow does not create routes: docs/cli.md), then run dm-settings again`;
  const console: string[] = [];
  if (route.templateCreated !== true || route.tokenPresent !== true)
    console.push(`${EDIT_WORKFLOW(route.displayName)} → Create Template`);
  if (gaps.some((g) => g.startsWith("request URL")))
    console.push(
      relayed
        ? "run dmflow dm-settings --apply (it writes the relay's URL)"
        : "Configure a Request URL with the flow's HTTP URL",
    );
  return `route "${route.displayName}" (${gaps.join(", ")}): ${console.join("; then ")}`;
}

/** Every step left, in the order the docs give them. */
export function manualSteps(diff: SettingsDiff, relayed: boolean): string[] {
  const steps: string[] = [];
  if (diff.clientId.state !== "same")
    steps.push(
      `Client ID and Client Secret are set only in ${REGISTER_CLIENT} (the 11.1 API has neither field, so dmflow cannot write or confirm them); check them there${diff.clientId.state === "differs" ? `: Directory Manager holds another Client ID (${diff.clientId.current})` : ""}`,
    );
  if (diff.authenticated === false)
    steps.push(
      `isAuthenticated is false: save ${REGISTER_CLIENT} again with the current Client Secret (the targeted docs revision has no separate Authenticate step; inferred)`,
    );
  for (const route of diff.routes) {
    const step = routeStep(route, relayed);
    if (step) steps.push(step);
  }
  if (diff.routes.length > 0)
    steps.push(
      `in Power Automate, for each route's flow: set Who can trigger the flow and the approval connection, ${relayed ? "put its HTTP URL in the route's Key Vault secret (the relay calls it)" : "copy its HTTP URL"}, then My Flows → … → Turn on`,
    );
  return steps;
}
