/**
 * A user-assigned managed identity a construct runs as: an `azurerm_user_assigned_identity`
 * resource or data source of your own stack fits as it is; nothing is looked up. The construct
 * grants it the roles it needs and never changes the identity itself.
 */
export interface IdentityRef {
  /** Resource id of the identity. */
  readonly id: string;
  /** Principal (object) id: what the construct's role assignments are granted to. */
  readonly principalId: string;
  /** Client id: what the workload names when it asks for a token. */
  readonly clientId: string;
}
