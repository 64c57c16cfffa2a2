/**
 * ARM_SUBSCRIPTION_ID as a newcomer sets it: `export ARM_SUBSCRIPTION_ID=$(az account show --query id -o tsv)`
 * gives an empty value when the Azure CLI is missing or signed out, and the stacks would then report
 * a bad "subscriptionId" in the config file. Checked before any config is read, with the fix.
 */
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** The problem with ARM_SUBSCRIPTION_ID, or undefined when it is unset or a subscription id. */
export function subscriptionVariableProblem(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const value = env.ARM_SUBSCRIPTION_ID;
  if (value === undefined) return undefined;
  const fix =
    'sign in with az login, then export ARM_SUBSCRIPTION_ID=$(az account show --query id -o tsv); or unset it and set "subscriptionId" in the config file (in a pipeline: the AZURE_SUBSCRIPTION_ID variable)';
  if (value.trim() === "")
    return `ARM_SUBSCRIPTION_ID is set but empty (did az account show fail, with no Azure CLI or no login?); ${fix}`;
  if (!GUID.test(value.trim()))
    return `ARM_SUBSCRIPTION_ID: got ${JSON.stringify(value)}; expected a subscription id (GUID); ${fix}`;
  return undefined;
}
