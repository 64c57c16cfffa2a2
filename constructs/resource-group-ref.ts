/**
 * A resource group to put resources in: an `azurerm_resource_group` resource or data source of
 * your own stack fits as it is; nothing is looked up.
 */
export interface ResourceGroupRef {
  readonly name: string;
  /** Azure region of the group, the default region of what goes in it. */
  readonly location: string;
}
