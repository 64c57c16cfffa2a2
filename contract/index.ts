// "directory-manager-flow/contract": the relay's internal contract, the app setting names, queues
// and limits that the relay function (relay/) and its hosting (FlowRelay) share. For tooling that
// reads or writes the relay's settings; it follows the relay, not the constructs' semver promise
// (docs/consumers.md#the-relay-contract).
export { RELAY_LIMITS } from "./relay-limits";
export type { Limit } from "./relay-limits";
export { RELAY_QUEUES, RELAY_SETTINGS } from "./relay-settings";
export type { RelayDepartmentSetting, RelayRouteSetting } from "./relay-settings";
