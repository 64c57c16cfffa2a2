/**
 * Every secret the deployment runs on exists in Key Vault, is enabled and stays valid for the
 * next N days: each route's flow URL, the app's client secret, Directory Manager's API
 * credentials. Metadata only: listing secret properties never returns a value.
 */
import { parseSecretId, type SecretProperties } from "../azure/key-vault";
import { daysUntil, fail, pass, skip, type Check } from "./check";

/** One secret's state as a line, and whether it is good for `expiryDays` more days. */
function describeSecret(
  name: string,
  secret: SecretProperties | undefined,
  now: number,
  expiryDays: number,
): { line: string; ok: boolean } {
  if (!secret) return { line: `${name}: missing`, ok: false };
  if (!secret.enabled) return { line: `${name}: disabled`, ok: false };
  if (!secret.expiresOn) return { line: `${name}: enabled, no expiry date`, ok: true };
  const days = daysUntil(secret.expiresOn, now);
  const ok = days >= expiryDays;
  const when = `${days < 0 ? "expired" : "expires"} ${secret.expiresOn.toISOString().slice(0, 10)} (${days} days${ok ? "" : `, under ${expiryDays}`})`;
  return { line: `${name}: enabled, ${when}`, ok };
}

export const keyVaultSecrets: Check = {
  id: "key-vault-secrets",
  title: "Key Vault secrets",
  async run(ctx, options) {
    const outputs = await ctx.outputs();
    const ids = [
      ...Object.values(outputs.flowUrlSecretIds ?? {}),
      ...(outputs.clientSecretSecretId ? [outputs.clientSecretSecretId] : []),
      ...Object.values(outputs.directoryManagerApiSecretIds ?? {}),
    ];
    if (ids.length === 0) return skip("the stack's outputs name no Key Vault secret");
    const byVault = new Map<string, string[]>();
    for (const id of ids) {
      const { vaultUrl, name } = parseSecretId(id);
      byVault.set(vaultUrl, [...(byVault.get(vaultUrl) ?? []), name]);
    }
    const now = ctx.deps.now();
    const evidence: string[] = [];
    const bad: string[] = [];
    for (const [vaultUrl, names] of byVault) {
      const found = new Map<string, SecretProperties>(
        (await ctx.vaults()(vaultUrl).listProperties()).map((p) => [p.name, p]),
      );
      for (const name of names) {
        const { line, ok } = describeSecret(name, found.get(name), now, options.expiryDays);
        evidence.push(line);
        if (!ok) bad.push(name);
      }
    }
    if (bad.length === 0) return pass(evidence);
    return fail(
      evidence,
      `renew ${bad.join(", ")}: the client secret and Directory Manager credentials by deploying again (or az keyvault secret set), a flow URL with az keyvault secret set --vault-name <vault> --name flow-url-<route> --expires <date>; a changed client secret goes into Admin Center → Register Client by hand (the 11.1 API has no such field)`,
    );
  },
};
