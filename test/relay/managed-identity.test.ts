import { ManagedIdentityCredential } from "../../relay/managed-identity-credential";

describe("managed identity credential (identity-based storage)", () => {
  test("asks the Functions identity endpoint for the resource, with the client id of a user-assigned identity, and caches the token", async () => {
    const calls: { url: string; header: string | null }[] = [];
    const fakeFetch = (async (url: URL, init?: RequestInit) => {
      calls.push({ url: url.toString(), header: new Headers(init?.headers).get("x-identity-header") });
      return new Response(JSON.stringify({ access_token: "mi-token", expires_on: String(Math.floor(Date.now() / 1000) + 3600) }), { status: 200 });
    }) as typeof fetch;
    const credential = new ManagedIdentityCredential("client-123", { IDENTITY_ENDPOINT: "http://localhost:8081/msi/token", IDENTITY_HEADER: "hdr" }, fakeFetch);
    const first = await credential.getToken("https://storage.azure.com/.default");
    const second = await credential.getToken(["https://storage.azure.com/.default"]);
    expect(first.token).toBe("mi-token");
    expect(second).toBe(first);
    expect(calls).toEqual([{ url: "http://localhost:8081/msi/token?resource=https%3A%2F%2Fstorage.azure.com&api-version=2019-08-01&client_id=client-123", header: "hdr" }]);
  });

  test("says clearly when no managed identity is available", async () => {
    await expect(new ManagedIdentityCredential(undefined, {}).getToken("https://storage.azure.com/.default")).rejects.toThrow(/IDENTITY_ENDPOINT/);
  });
});
