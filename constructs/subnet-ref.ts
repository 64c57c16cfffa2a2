/**
 * A subnet a construct puts something in: an `azurerm_subnet` resource or data source of your own
 * stack fits as it is; nothing is looked up, and the subnet is not changed.
 */
export interface SubnetRef {
  /** Resource id: `/subscriptions/…/virtualNetworks/<network>/subnets/<subnet>`. */
  readonly id: string;
}
