import { SETTING_BOUNDS } from "./settings-bounds";

/**
 * Longest lifetime of an app registration's client secret, in days: Microsoft recommends under 12
 * months. DirectoryManagerApp refuses longer secrets; the security rules flag them by default.
 */
export const MAX_CLIENT_SECRET_LIFETIME_DAYS = SETTING_BOUNDS.clientSecretLifetimeDays.max;
