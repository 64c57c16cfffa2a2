import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { storageCredential } from "../../../relay/storage/storage-credential";

// The Functions host's identity endpoint (IDENTITY_ENDPOINT + IDENTITY_HEADER), faked on loopback,
// answered the way App Service documents it; the credential is @azure/identity's own.
describe("managed identity for identity-based storage", () => {
  let server: Server;
  const requests: IncomingMessage[] = [];
  const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req);
      const expiresOn = Math.floor(Date.now() / 1000) + 3600;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          access_token: "mi-token",
          expires_on: String(expiresOn),
          resource: "https://storage.azure.com",
          token_type: "Bearer",
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`;
    process.env.IDENTITY_HEADER = "identity-header-value";
  });

  afterAll(async () => {
    process.env.IDENTITY_ENDPOINT = saved.endpoint;
    process.env.IDENTITY_HEADER = saved.header;
    if (saved.endpoint === undefined) delete process.env.IDENTITY_ENDPOINT;
    if (saved.header === undefined) delete process.env.IDENTITY_HEADER;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  test("asks the host's identity endpoint for a Storage token as the user-assigned identity", async () => {
    const token = await storageCredential("0b9c7d2e-1111-4222-8333-444455556666").getToken(
      "https://storage.azure.com/.default",
    );
    expect(token?.token).toBe("mi-token");
    const last = requests[requests.length - 1];
    const url = new URL(last.url!, "http://127.0.0.1");
    expect(url.pathname).toBe("/msi/token");
    expect(url.searchParams.get("resource")).toBe("https://storage.azure.com");
    expect(url.searchParams.get("client_id")).toBe("0b9c7d2e-1111-4222-8333-444455556666");
    expect(last.headers["x-identity-header"]).toBe("identity-header-value");
  });

  test("without a client id it asks as the app's system-assigned identity", async () => {
    await storageCredential(undefined).getToken("https://storage.azure.com/.default");
    const url = new URL(requests[requests.length - 1].url!, "http://127.0.0.1");
    expect(url.searchParams.get("client_id")).toBeNull();
  });
});
