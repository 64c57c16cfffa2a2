import { Fn } from "./providers/cdktf";

/**
 * Resource types whose ids ARM stores and returns with a spelling other than azurerm's: a body that
 * sends azurerm's spelling shows a change on every plan, because azapi compares the GET response
 * with the body case-sensitively (`ignore_casing` defaults to false).
 *
 * - `Microsoft.Web/serverfarms`: azurerm 4.55's `azurerm_service_plan.id` says `serverFarms`; the
 *   Web RP answers `serverfarms` (REST spec example CreateOrUpdateFunctionAppFlexConsumptionWithDetails.json,
 *   2024-11-01, in Azure/azure-rest-api-specs at 5f8cd98805851a381a5a6e6d458d5dde5d094c7f; AVM
 *   terraform-azurerm-avm-res-web-site commit 29a9949 confirmed it against live ARM).
 */
export const ARM_ID_SPELLINGS: readonly { readonly armType: string; readonly spelling: string }[] = [
  { armType: "microsoft.web/serverfarms", spelling: "Microsoft.Web/serverfarms" },
];

/**
 * `id` with every type segment of ARM_ID_SPELLINGS spelt as ARM returns it. Anchored on
 * `/providers/<namespace>/<type>/` so a resource group or name that happens to read "serverFarms"
 * is left alone (AVM's pattern).
 */
export function armCasedId(id: string): string {
  return ARM_ID_SPELLINGS.reduce((value, { armType, spelling }) => {
    // "[.]" rather than "\\.": a backslash would need escaping again inside the HCL string.
    const pattern = `/(?i)/providers/${armType.replace(/\./g, "[.]")}//`;
    return Fn.replace(value, pattern, `/providers/${spelling}/`);
  }, id);
}
