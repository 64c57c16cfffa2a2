/** GET /api/health: anonymous; says whether the relay is configured, never what with. */
import type { ConfigProblem, RelayConfig } from "../settings/settings";
import { jsonResponse, type RelayResponse } from "./relay-response";

export function healthReport(version: string, state: { config: RelayConfig } | { problems: readonly ConfigProblem[] }): RelayResponse {
  if ("problems" in state) {
    // Setting names and reasons only: the problems never carry a value.
    return jsonResponse(503, { status: "misconfigured", version, configured: false, problems: state.problems });
  }
  const { config } = state;
  return jsonResponse(200, {
    status: "ok",
    version,
    configured: true,
    routes: [...config.routes.keys()],
    enrichment: config.departments.size > 0,
    decisions: config.decisions !== undefined,
  });
}
