/**
 * GET /api/health (anonymous) says only whether the relay is up; GET /api/health/details (function
 * key) says what it is configured with: its version, routes, enrichment and decisions, or the
 * settings that are wrong (names and reasons, never values).
 */
import type { SettingProblem } from "../settings/setting-values";
import type { RelaySettings } from "../settings/settings";
import { jsonResponse, type RelayResponse } from "./relay-response";

type RelayState = { settings: RelaySettings } | { problems: readonly SettingProblem[] };

/** Anonymous: `{"status":"up"}` (200) or `{"status":"down"}` (503), nothing else. */
export function healthStatus(state: RelayState): RelayResponse {
  return "problems" in state ? jsonResponse(503, { status: "down" }) : jsonResponse(200, { status: "up" });
}

export function healthDetails(version: string, state: RelayState): RelayResponse {
  if ("problems" in state) {
    // Setting names and reasons only: the problems never carry a value.
    return jsonResponse(503, { status: "down", version, configured: false, problems: state.problems });
  }
  const { settings } = state;
  return jsonResponse(200, {
    status: "up",
    version,
    configured: true,
    routes: [...settings.routes.keys()],
    enrichment: settings.departments.size > 0,
    decisions: settings.decisions !== undefined,
    // Events flow, but /api/decisions answers 503 until these decision settings are fixed.
    ...(settings.decisionProblems.length > 0 ? { problems: settings.decisionProblems } : {}),
  });
}
