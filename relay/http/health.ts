/** GET /api/health: anonymous; says whether the relay is configured, never what with. */
import type { SettingProblem } from "../settings/setting-values";
import type { RelaySettings } from "../settings/settings";
import { jsonResponse, type RelayResponse } from "./relay-response";

export function healthReport(version: string, state: { settings: RelaySettings } | { problems: readonly SettingProblem[] }): RelayResponse {
  if ("problems" in state) {
    // Setting names and reasons only: the problems never carry a value.
    return jsonResponse(503, { status: "misconfigured", version, configured: false, problems: state.problems });
  }
  const { settings } = state;
  return jsonResponse(200, {
    status: "ok",
    version,
    configured: true,
    routes: [...settings.routes.keys()],
    enrichment: settings.departments.size > 0,
    decisions: settings.decisions !== undefined,
  });
}
