import type { FlowRelayNames } from "./props";

/**
 * The relay's resource names: each explicit name, or one derived from `namePrefix`. The storage
 * account name drops every character but letters and digits and keeps 19 of them (24 with
 * "relay"), so two prefixes can give the same name; the app's collision checks use this function.
 */
export function relayNames(namePrefix: string, names: FlowRelayNames = {}): Required<FlowRelayNames> {
  return {
    functionApp: names.functionApp ?? `${namePrefix}-relay`,
    servicePlan: names.servicePlan ?? `${namePrefix}-relay-plan`,
    storageAccount: names.storageAccount ?? `${namePrefix.replace(/[^a-zA-Z0-9]/g, "").toLowerCase().slice(0, 19)}relay`,
    identity: names.identity ?? `${namePrefix}-relay-identity`,
    applicationInsights: names.applicationInsights ?? `${namePrefix}-relay-insights`,
    logAnalyticsWorkspace: names.logAnalyticsWorkspace ?? `${namePrefix}-relay-logs`,
  };
}
