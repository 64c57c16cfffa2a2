/**
 * Adds the department's SharePoint site to a flow event, so the flow need not keep its own
 * department → site table. The event's text is otherwise passed on byte for byte: the site is
 * spliced in before the closing brace of the original text, never re-serialised, so big integers,
 * exotic numbers, key order, duplicate keys, escapes and whitespace reach the flow as they came.
 * The enrichment key is the relay's: an event that brings it itself (in any case) is refused, and so
 * is one with two department keys differing only in case (which one would a flow read?).
 */
import type { DepartmentSite } from "../settings/departments";
import type { RelaySettings } from "../settings/settings";
import { resolvePointer } from "../settings/json-pointer";

export type EnrichmentResult =
  | { outcome: "off" | "no_department"; text: string }
  | { outcome: "unknown_department"; text: string; department: string }
  | { outcome: "key_supplied" | "ambiguous_department"; text: string; keys: string[] }
  | { outcome: "enriched"; text: string; department: string };

type EnrichmentSettings = Pick<RelaySettings, "departments" | "departmentPointer" | "enrichmentKey">;

/** `text` is the event as received; `event` is the same text parsed (only read, never serialised). */
export function enrich(text: string, event: Record<string, unknown>, settings: EnrichmentSettings): EnrichmentResult {
  const supplied = keysLike(event, settings.enrichmentKey);
  if (supplied.length > 0) return { outcome: "key_supplied", text, keys: supplied };
  if (settings.departments.size === 0) return { outcome: "off", text };
  const departmentKeys = settings.departmentPointer === undefined ? keysLike(event, "department") : [];
  if (departmentKeys.length > 1) return { outcome: "ambiguous_department", text, keys: departmentKeys };
  const value = findDepartment(event, settings.departmentPointer);
  if (typeof value !== "string" || value.trim() === "") return { outcome: "no_department", text };
  const site: DepartmentSite | undefined = settings.departments.get(value.trim().toLowerCase());
  if (!site) return { outcome: "unknown_department", text, department: value };
  const added = {
    department: site.department,
    siteUrl: site.siteUrl,
    ...(site.groupObjectId ? { groupObjectId: site.groupObjectId } : {}),
  };
  return {
    outcome: "enriched",
    text: addTopLevelMember(text, settings.enrichmentKey, added),
    department: site.department,
  };
}

/** The object text with `"key":value` added as its last member; everything before it unchanged. */
export function addTopLevelMember(text: string, key: string, value: unknown): string {
  const close = text.lastIndexOf("}");
  const before = text.slice(0, close);
  const empty = /\{\s*$/.test(before);
  return `${before}${empty ? "" : ","}${JSON.stringify(key)}:${JSON.stringify(value)}${text.slice(close)}`;
}

/** The event's top-level keys equal to `name` in any case. */
function keysLike(event: Record<string, unknown>, name: string): string[] {
  const lower = name.toLowerCase();
  return Object.keys(event).filter((k) => k.toLowerCase() === lower);
}

function findDepartment(event: Record<string, unknown>, pointer: string | undefined): unknown {
  if (pointer !== undefined) return resolvePointer(event, pointer);
  const key = Object.keys(event).find((k) => k.toLowerCase() === "department");
  return key === undefined ? undefined : event[key];
}
