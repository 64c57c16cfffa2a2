// azurerm's Flex Consumption function app: the relay's site is an azapi resource, and only the
// security rules' tests build this one (the rules still check it for consumers who do). Its own
// file, so the 1 MB binding (37 ms to load) is not loaded by everything that imports azurerm.ts.
export { FunctionAppFlexConsumption } from "@cdktf/provider-azurerm/lib/function-app-flex-consumption";
