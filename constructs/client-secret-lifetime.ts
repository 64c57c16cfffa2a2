import { SETTING_BOUNDS } from "./settings-bounds";

/** Longest lifetime of an app registration's client secret, in days (SETTING_BOUNDS.clientSecretLifetimeDays). */
export const MAX_CLIENT_SECRET_LIFETIME_DAYS = SETTING_BOUNDS.clientSecretLifetimeDays.max;
