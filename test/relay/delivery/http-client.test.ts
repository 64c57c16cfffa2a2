import { createHttpsClient, HttpFailure } from "../../../relay/delivery/http-client";
import { FakeFlow } from "../support/fake-flow";
import { testAgent } from "../support/test-tls";

let flow: FakeFlow;
const agent = testAgent();
beforeAll(async () => {
  flow = await FakeFlow.start();
});
afterAll(async () => {
  agent.destroy();
  await flow.close();
});

describe("https client", () => {
  test("refuses plain http: no setting can turn TLS off", async () => {
    const send = createHttpsClient(agent);
    await expect(
      send({
        url: new URL(`http://127.0.0.1:${flow.port}/`),
        method: "POST",
        headers: {},
        body: "{}",
        timeoutMs: 1000,
      }),
    ).rejects.toThrow(/only https is allowed/);
    expect(flow.received).toHaveLength(0);
  });

  test("the production client (no injected agent) does not trust the test certificate", async () => {
    const send = createHttpsClient();
    const error = await send({
      url: new URL(`https://127.0.0.1:${flow.port}/`),
      method: "POST",
      headers: {},
      body: "{}",
      timeoutMs: 2000,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpFailure);
    expect((error as HttpFailure).kind).toBe("connection");
    expect(flow.received).toHaveLength(0);
  });

  test("a hanging server ends in a timeout failure", async () => {
    flow.next({ hang: true });
    const error = await createHttpsClient(agent)({
      url: new URL(flow.url),
      method: "POST",
      headers: {},
      body: "{}",
      timeoutMs: 200,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout" });
  });

  test("the timeout is the clock's deadline for the try: one already over ends it at once", async () => {
    const asked: number[] = [];
    const over = {
      deadline: (ms: number) => {
        asked.push(ms);
        return AbortSignal.abort();
      },
    };
    const send = createHttpsClient(agent, over);
    const error = await send({
      url: new URL(flow.url),
      method: "POST",
      headers: {},
      body: "{}",
      timeoutMs: 60_000,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout", message: "no complete answer within 60000 ms" });
    expect(asked).toEqual([60_000]);
  });
});
