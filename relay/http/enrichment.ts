/**
 * Adds the department's SharePoint site to a flow event, so the flow need not keep its own
 * department → site table. The event is otherwise passed on unchanged.
 */
import type { DepartmentSite } from "../settings/departments";
import type { RelaySettings } from "../settings/settings";
import { resolvePointer } from "../settings/json-pointer";

export type EnrichmentResult =
  | { outcome: "off" | "no_department" | "key_taken"; event: Record<string, unknown>; department?: string }
  | { outcome: "unknown_department"; event: Record<string, unknown>; department: string }
  | { outcome: "enriched"; event: Record<string, unknown>; department: string };

type EnrichmentSettings = Pick<RelaySettings, "departments" | "departmentPointer" | "enrichmentKey">;

export function enrich(event: Record<string, unknown>, settings: EnrichmentSettings): EnrichmentResult {
  if (settings.departments.size === 0) return { outcome: "off", event };
  const value = findDepartment(event, settings.departmentPointer);
  if (typeof value !== "string" || value.trim() === "") return { outcome: "no_department", event };
  const site: DepartmentSite | undefined = settings.departments.get(value.trim().toLowerCase());
  if (!site) return { outcome: "unknown_department", event, department: value };
  // Never overwrite what the caller sent: the event stays as it was, minus the enrichment.
  if (Object.prototype.hasOwnProperty.call(event, settings.enrichmentKey)) return { outcome: "key_taken", event, department: value };
  const added = { department: site.department, siteUrl: site.siteUrl, ...(site.groupObjectId ? { groupObjectId: site.groupObjectId } : {}) };
  return { outcome: "enriched", event: { ...event, [settings.enrichmentKey]: added }, department: site.department };
}

function findDepartment(event: Record<string, unknown>, pointer: string | undefined): unknown {
  if (pointer !== undefined) return resolvePointer(event, pointer);
  const key = Object.keys(event).find((k) => k.toLowerCase() === "department");
  return key === undefined ? undefined : event[key];
}
