// The security rule pack's public API.
export * from "./rule";
export * from "./suppress";
export * from "./rule-pack";
export { FUNCTION_APP_RULES, FUNCTION_APP_TYPES } from "./function-app-rules";
export { STORAGE_RULES } from "./storage-rules";
export { KEY_VAULT_RULES } from "./key-vault-rules";
export { ENTRA_APP_RULES, durationDays } from "./entra-app-rules";
export { SECRET_RULES, literalSecrets } from "./secret-rules";
export { TAGS_RULES } from "./tags-rules";
