/**
 * Every error class gives one line naming the endpoint and what to check, exit 2, no stack trace,
 * and (checked by the world on every run) no secret.
 */
import { closedPort } from "./support/closed-port";
import { useCliWorld, type CliWorld } from "./support/cli-world";

let w: CliWorld;
useCliWorld((world) => (w = world));

/** The one line dmflow printed besides progress. */
function errorLine(stderr: string): string {
  const lines = stderr
    .trim()
    .split("\n")
    .filter((l) => !l.startsWith("…"));
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  return lines[0];
}

describe("dmflow errors", () => {
  test("an unreachable host names the endpoint and the network to check", async () => {
    const port = await closedPort();
    const result = await w.runRaw([
      "dm-settings",
      "--env",
      "prod",
      "--outputs",
      w.outputsFile,
      "--ca-file",
      w.caFile,
      "--dm-url",
      `https://127.0.0.1:${port}`,
    ]);
    expect(result.code).toBe(2);
    expect(errorLine(result.stderr)).toBe(
      `dmflow: cannot reach Directory Manager's security service (POST https://127.0.0.1:${port}/GroupIDSecurityService/connect/token): ECONNREFUSED; check the host name and port, and that this machine can reach it (DNS, firewall, proxy)`,
    );
  });

  test("refused credentials (400 from the token endpoint) name the credentials to check", async () => {
    w.vault.set("dm-api-password", { value: "wrong-password-SECRET", enabled: true });
    const result = await w.run("dm-settings");
    expect(result.code).toBe(2);
    expect(errorLine(result.stderr)).toMatch(
      /^dmflow: Directory Manager's security service \(POST https:\/\/127\.0\.0\.1:\d+\/GroupIDSecurityService\/connect\/token\) refused the sign-in \(400: invalid_grant\); check the Directory Manager API credentials \(DMFLOW_DM_USERNAME/,
    );
    expect(result.stderr).not.toContain("wrong-password-SECRET");
  });

  test("a refused sign-in shows OAuth's error and error_description", async () => {
    w.dm.signInError = {
      error: "invalid_client",
      error_description: "The client secret is not valid for this client.",
    };
    const result = await w.run("dm-settings");
    expect(errorLine(result.stderr)).toMatch(
      /refused the sign-in \(400: invalid_client: The client secret is not valid for this client\.\); check the Directory Manager API credentials/,
    );
  });

  test("403 from the Data Service says the user lacks rights on the identity store", async () => {
    w.dm.dataStatus = 403;
    const result = await w.run("dm-settings");
    expect(errorLine(result.stderr)).toMatch(
      /^dmflow: Directory Manager's Data Service \(GET https:\/\/127\.0\.0\.1:\d+\/GroupIDDataService\/api\/IdentityStores\/2\/Workflows\/MsFlow\/Settings\) answered 403 \(Forbidden\); the API user signed in but may not do this: give it rights on identity store 2's workflow settings$/,
    );
  });

  test("a 403 from Azure Resource Manager names the role the deployer needs for the function key", async () => {
    w.azure.listKeysStatus = 403;
    const result = await w.run("dm-settings");
    expect(errorLine(result.stderr)).toMatch(
      /^dmflow: Azure Resource Manager \(POST https:\/\/127\.0\.0\.1:\d+\/subscriptions\/.*\/sites\/dm-prod-relay\/functions\/flowEvent\/listkeys\) answered 403 .*needs Microsoft\.Web\/sites\/functions\/listkeys\/action/,
    );
  });

  test("a timeout names the endpoint and --timeout", async () => {
    w.dm.hang = true;
    // A short configured deadline: the test never waits out a real multi-second timeout.
    const result = await w.run("dm-settings", "--timeout", "0.5");
    expect(errorLine(result.stderr)).toMatch(
      /^dmflow: Directory Manager's security service \(POST .*\/connect\/token\) did not answer: no answer within 500 ms; check that it is running and reachable from here, or raise --timeout$/,
    );
  });

  test("an answer with none of the documented keys fails like an unexpected shape", async () => {
    w.dm.settingsBody = JSON.stringify({ OrgCode: "contoso", Area: "crm4" });
    const result = await w.run("dm-settings");
    expect(result.code).toBe(2);
    expect(errorLine(result.stderr)).toMatch(
      /^dmflow: Directory Manager's Data Service \(GET .*\/Workflows\/MsFlow\/Settings\) answered 200 with an unexpected body \(the whole body: none of the documented keys \(msFlowID, msFlowUserID, groupIDServiceUrl, .*\)\); expected the Power Automate settings object/,
    );
  });

  test("an unexpected response shape names what was expected", async () => {
    w.dm.settingsBody = "<html>Sign in</html>";
    const result = await w.run("dm-settings");
    expect(errorLine(result.stderr)).toMatch(
      /^dmflow: Directory Manager's Data Service \(GET .*\/Workflows\/MsFlow\/Settings\) answered 200 with a body that is not JSON; expected the Power Automate settings object \(organizationalCode, region, tenantID, …\): check that the URL points at Directory Manager's Data Service$/,
    );
  });

  test("an internal CA without --ca-file: not trusted, and the fix is --ca-file (never turning verification off)", async () => {
    // A stack without a relay: Directory Manager is the first host called.
    for (const name of ["relay_route_urls", "relay_function_app_id"]) delete w.outputs[name];
    w.writeOutputs();
    const result = await w.runRaw([
      "dm-settings",
      "--env",
      "prod",
      "--outputs",
      w.outputsFile,
      "--dm-url",
      w.dm.baseUrl,
    ]);
    expect(errorLine(result.stderr)).toMatch(
      /^dmflow: Directory Manager's security service \(POST https:\/\/127\.0\.0\.1:\d+\/GroupIDSecurityService\/connect\/token\): its TLS certificate is not trusted \(\w+\); if an internal CA issued it, pass that CA's certificate with --ca-file <pem> \(verification is never turned off\)$/,
    );
  });

  test("a certificate for another host name is refused even with the CA", async () => {
    const result = await w.run("dm-settings", "--dm-url", `https://localhost:${w.dm.port}`);
    expect(errorLine(result.stderr)).toMatch(
      /its TLS certificate does not name this host \(ERR_TLS_CERT_ALTNAME_INVALID\); use the host name the certificate was issued for$/,
    );
  });

  test("--dm-url must be https", async () => {
    const result = await w.run("dm-settings", "--dm-url", `http://127.0.0.1:${w.dm.port}`);
    expect(errorLine(result.stderr)).toBe(
      `dmflow: --dm-url http://127.0.0.1:${w.dm.port}: must be https (Directory Manager's API is called over TLS only)`,
    );
  });

  test("--json: the error is also the report, masked", async () => {
    w.dm.dataStatus = 403;
    const result = await w.run("dm-settings", "--json");
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, error: expect.stringMatching(/answered 403/) });
  });

  // Masked before clipped: wherever the secret stands in the message, not even a prefix of it shows.
  test.each([0, 60, 150, 155, 159, 420, 470, 478, 5000])(
    "a 500 echoing a secret after %i characters never shows any of it",
    async (at) => {
      w.dm.settings = { ...w.dm.settings, region: "crm" };
      const secret = "Dm-Api-Pa55word-SECRET"; // the API user's password, read from Key Vault
      w.dm.settingsWriteError = `${"x".repeat(at)}login failed for ${secret} at step 2`;
      for (const json of [[], ["--json"]]) {
        const result = await w.run("dm-settings", "--apply", ...json);
        expect(result.code).toBe(2);
        const shown = result.stdout + result.stderr;
        for (let n = 4; n <= secret.length; n++) expect(shown).not.toContain(secret.slice(0, n));
        expect(shown).toMatch(/answered 500/);
      }
    },
  );

  test("a secret echoed in an error message is masked there too", async () => {
    w.freshDirectoryManager();
    w.dm.failRouteUpdates.add("Create User");
    const result = await w.run("dm-settings", "--apply");
    expect(result.code).toBe(2);
    // Directory Manager's message quotes the route URL with its function key: shown masked.
    expect(result.stderr).toMatch(
      /answered 500 \(The route could not be saved: https:\/\/127\.0\.0\.1:\d+\/api\/flows\/create-user\?code=\*\*\*\)/,
    );
    expect(result.stderr).toMatch(/not written: route "Create User", route "Delete User"/);
  });
});
