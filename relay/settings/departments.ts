/** The department → SharePoint site table for enrichment (RELAY_DEPARTMENTS); empty means enrichment is off. */
import { GUID } from "../../contract/patterns";
import { RELAY_SETTINGS, type RelayDepartmentSetting } from "../../contract/relay-settings";
import { isObject, readJson, type Env, type Report } from "./setting-values";

export interface DepartmentSite {
  /** The department's name as configured (the map's key). */
  readonly department: string;
  readonly siteUrl: string;
  readonly groupObjectId?: string;
}

/** Keyed by lower-cased department name: Directory Manager's values are matched case-insensitively. */
export function readDepartments(env: Env, problem: Report): Map<string, DepartmentSite> {
  const departments = new Map<string, DepartmentSite>();
  const json = readJson(env, RELAY_SETTINGS.departments, problem);
  for (const [department, raw] of Object.entries(json ?? {})) {
    const setting = raw as Partial<RelayDepartmentSetting>;
    const where = `department "${department}"`;
    if (!isObject(raw) || typeof setting.siteUrl !== "string" || !/^https:\/\/[^/?#]+\/\S*$/.test(setting.siteUrl)) {
      problem(RELAY_SETTINGS.departments, `${where} needs a "siteUrl" starting with https://`);
      continue;
    }
    if (
      setting.groupObjectId !== undefined &&
      (typeof setting.groupObjectId !== "string" || !GUID.test(setting.groupObjectId))
    ) {
      problem(RELAY_SETTINGS.departments, `${where} has a "groupObjectId" that is not a GUID`);
      continue;
    }
    const key = department.trim().toLowerCase();
    if (departments.has(key))
      problem(RELAY_SETTINGS.departments, `${where} is listed twice (names are matched case-insensitively)`);
    departments.set(key, {
      department,
      siteUrl: setting.siteUrl,
      ...(setting.groupObjectId ? { groupObjectId: setting.groupObjectId } : {}),
    });
  }
  return departments;
}
