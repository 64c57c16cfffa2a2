import { Fn } from "../providers/cdktf";
import type { Construct } from "../providers/cdktf";
import type { KeyVaultSecret } from "../providers/azurerm";
import { type KeyVaultRef, addVaultSecret } from "../key-vault-ref";

/** The decisions endpoint's own keys in Key Vault, each read by the relay through a Key Vault reference. */
export interface DecisionKeySecrets {
  /** Signs the decision tokens (RELAY_DECISION_TOKEN_KEY): the slot of the current generation. */
  readonly tokenKey: KeyVaultSecret;
  /** The other slot (RELAY_DECISION_TOKEN_PREVIOUS_KEY): the key before the last rotation, which still verifies. */
  readonly previousTokenKey: KeyVaultSecret;
  /** What flows send as x-relay-decisions-key (RELAY_DECISIONS_KEY). */
  readonly decisionsKey: KeyVaultSecret;
  /** The three by a name that stays with the secret across rotations (grants are keyed by it). */
  readonly bySlot: Readonly<Record<string, KeyVaultSecret>>;
}

export interface DecisionKeyOptions {
  /** Generation of the token key (1, 2, …), known at synth: its parity picks the signing slot. */
  readonly tokenKeyVersion: number;
  readonly decisionsKeyVersion: number;
  /** RFC 3339 expiry of the three secrets (the decisions' rotation). */
  readonly expirationDate: string;
  readonly tags: Record<string, string>;
}

/** Key Vault secret names of the two token key slots and of the decisions key. */
export const DECISION_KEY_SECRET_NAMES = {
  tokenKeySlots: ["relay-decision-token-key-a", "relay-decision-token-key-b"],
  decisionsKey: "relay-decisions-key",
} as const;

/**
 * A fresh key, made by Terraform at apply: two `uuid()` calls (each 128 bits from the operating
 * system's random source), 73 characters. Written only into a write-only argument, it is in no
 * plan, state or synthesized file; only Key Vault holds it.
 */
const generatedKey = (): string => `${Fn.uuid()}${Fn.uuid()}`;

/**
 * The decision token key in two slots that take turns, and the decisions key. Generation g of the
 * token key is written into slot g mod 2 and signs; the other slot keeps generation g - 1, which
 * still verifies. So raising tokenKeyVersion by one rewrites one slot only, and swaps which slot
 * each app setting references (the app restarts and reads both at once). A slot is rewritten when
 * its value version moves: slot a at every even generation, slot b at every odd one.
 */
export function createDecisionKeys(
  scope: Construct,
  id: string,
  keyVault: KeyVaultRef,
  options: DecisionKeyOptions,
): DecisionKeySecrets {
  const generation = options.tokenKeyVersion;
  const slotVersions = [Math.floor(generation / 2) + 1, Math.floor((generation + 1) / 2)];
  const secret = (secretId: string, name: string, valueVersion: number, contentType: string) =>
    addVaultSecret(scope, `${id}-${secretId}`, keyVault, {
      name,
      value: generatedKey(),
      valueVersion,
      contentType,
      expirationDate: options.expirationDate,
      tags: options.tags,
    });
  const slotIds = ["decision-token-key-a", "decision-token-key-b"];
  const slots = DECISION_KEY_SECRET_NAMES.tokenKeySlots.map((name, slot) =>
    secret(slotIds[slot], name, slotVersions[slot], "application/x-hmac-sha256-key"),
  );
  const decisionsKey = secret(
    "decisions-key",
    DECISION_KEY_SECRET_NAMES.decisionsKey,
    options.decisionsKeyVersion,
    "application/x-api-key",
  );
  const current = generation % 2;
  return {
    tokenKey: slots[current],
    previousTokenKey: slots[1 - current],
    decisionsKey,
    bySlot: { [slotIds[0]]: slots[0], [slotIds[1]]: slots[1], "decisions-key": decisionsKey },
  };
}
