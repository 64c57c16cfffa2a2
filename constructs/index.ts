// The construct library's public API.
export * from "./resource-apis";
export * from "./secure-key-vault";
export * from "./directory-manager-app";
export * from "./flow-environment";
export * from "../contract/relay-settings";
export * from "../contract/relay-limits";
export { DEFAULT_FLOW_HOST_SUFFIXES } from "../contract/flow-hosts";
export * from "./flow-relay";
export * from "./directory-manager-flow";
export * from "./app/directory-manager-flow-stack";
export * from "./app/pipeline-bootstrap";
export * from "./app/config-schema";
export * from "./app/config-loader";
export * from "./security";
