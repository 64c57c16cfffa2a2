/**
 * The secure defaults every storage account of this package shares (docs/security-rules.md): TLS 1.2, https
 * only, no public blobs, no shared key (Entra ID only, OAuth by default), no cross-tenant copies,
 * infrastructure (double) encryption.
 */
export const SECURE_STORAGE_ACCOUNT_DEFAULTS = {
  accountKind: "StorageV2",
  accountTier: "Standard",
  minTlsVersion: "TLS1_2",
  httpsTrafficOnlyEnabled: true,
  allowNestedItemsToBePublic: false,
  sharedAccessKeyEnabled: false,
  defaultToOauthAuthentication: true,
  crossTenantReplicationEnabled: false,
  // Double encryption (service and infrastructure layers): free, set at creation only.
  infrastructureEncryptionEnabled: true,
} as const;
