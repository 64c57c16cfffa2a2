// The construct library's public API.
export * from "./resource-apis";
export * from "./secure-key-vault";
export * from "./directory-manager-app";
export * from "./flow-settings";
export * from "./flow-environment";
export * from "./relay-contract";
export * from "./flow-relay";
export * from "./directory-manager-flow";
export * from "./directory-manager-flow-stack";
export * from "./pipeline-bootstrap";
export * from "./config/schema";
export * from "./config/load";
export * from "./security";
