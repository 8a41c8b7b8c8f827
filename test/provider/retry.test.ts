import { getRetryAfterMs } from "../../provider/graph/retry/retryAfter";
import {
  backoffMs,
  concurrencyViolationStrategy,
  exponentialStrategy,
  throttlingStrategy,
} from "../../provider/graph/retry/strategies";
import { retryPolicy } from "../../provider/graph/policies/retryPolicy";
import { Clock, PipelineRequest, PipelineResponse, TransportError } from "../../provider/graph/pipeline";

const NOW = Date.parse("Wed, 21 Oct 2015 07:20:00 GMT");

function fakeClock(start = NOW): Clock & { slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: async (ms) => {
      slept.push(ms);
      t += ms;
    },
  };
}

function req(deadline = NOW + 60_000): PipelineRequest {
  return { method: "GET", url: "https://graph.example/v1.0/x", headers: {}, deadline, timeoutMs: 1000, attempts: 0 };
}

function res(status: number, headers: Record<string, string> = {}, body?: unknown): PipelineResponse {
  return { status, headers, body, request: req() };
}

describe("Retry-After parsing", () => {
  it("reads delta-seconds", () => expect(getRetryAfterMs({ "retry-after": "5" }, NOW)).toBe(5000));
  it("reads an HTTP-date", () =>
    expect(getRetryAfterMs({ "retry-after": "Wed, 21 Oct 2015 07:20:07 GMT" }, NOW)).toBe(7000));
  it("treats a past date as 0", () =>
    expect(getRetryAfterMs({ "retry-after": "Wed, 21 Oct 2015 07:19:00 GMT" }, NOW)).toBe(0));
  it("prefers the millisecond headers", () =>
    expect(getRetryAfterMs({ "retry-after-ms": "250", "retry-after": "9" }, NOW)).toBe(250));
  it("returns undefined for garbage or absence", () => {
    expect(getRetryAfterMs({ "retry-after": "soon" }, NOW)).toBeUndefined();
    expect(getRetryAfterMs({}, NOW)).toBeUndefined();
  });
});

describe("strategies", () => {
  const exp = exponentialStrategy({ retryDelayInMs: 100, maxRetryDelayInMs: 1000, random: () => 1 });
  const thr = throttlingStrategy({ random: () => 0 });
  const cvs = concurrencyViolationStrategy({ retryDelayInMs: 100, maxRetryDelayInMs: 1000, random: () => 1 });

  it("backoff doubles, is capped, and jitters to 50–100 %", () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffMs(n, 100, 1000, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(backoffMs(2, 100, 1000, () => 0)).toBe(200);
  });

  it("throttling honours Retry-After on 429 and 503 only", () => {
    expect(thr.retry({ retryCount: 0, response: res(429, { "retry-after": "3" }), now: NOW })?.retryAfterInMs).toBe(
      3000,
    );
    expect(thr.retry({ retryCount: 0, response: res(503, { "retry-after": "1" }), now: NOW })?.retryAfterInMs).toBe(
      1000,
    );
    expect(thr.retry({ retryCount: 0, response: res(500, { "retry-after": "1" }), now: NOW })).toBeUndefined();
    expect(thr.retry({ retryCount: 0, response: res(429), now: NOW })).toBeUndefined();
  });

  it("throttling adds a bounded spread after Retry-After, never less than asked", () => {
    const spread = (random: number, header: string, maxSpreadInMs?: number) =>
      throttlingStrategy({ random: () => random, maxSpreadInMs }).retry({
        retryCount: 0,
        response: res(429, { "retry-after": header }),
        now: NOW,
      })?.retryAfterInMs;
    expect(spread(0.999, "3")).toBe(3999); // capped at 1000 ms by default
    expect(spread(1, "1")).toBe(1500); // and at half the Retry-After
    expect(spread(0.5, "10", 4000)).toBe(12000);
    expect(spread(0.999, "0")).toBe(0); // an immediate retry stays immediate
  });

  it("exponential retries 429 without header, 5xx, 408 and connection faults", () => {
    for (const s of [408, 429, 500, 502, 503, 504]) {
      expect(exp.retry({ retryCount: 1, response: res(s), now: NOW })?.retryAfterInMs).toBe(200);
    }
    expect(exp.retry({ retryCount: 2, response: res(500), now: NOW })?.minRetryAfterInMs).toBe(200);
    for (const code of ["ECONNRESET", "ETIMEDOUT", "ECONNABORTED", "ECONNREFUSED"]) {
      expect(exp.retry({ retryCount: 0, error: new TransportError(code, "x"), now: NOW })).toBeDefined();
    }
  });

  it("exponential leaves throttled answers with Retry-After to the throttling strategy by its own rule, not by order", () => {
    expect(exp.retry({ retryCount: 0, response: res(429, { "retry-after": "3" }), now: NOW })).toBeUndefined();
    expect(exp.retry({ retryCount: 0, response: res(503, { "retry-after": "1" }), now: NOW })).toBeUndefined();
    // 500 with Retry-After is not "throttled": backoff (the throttling strategy does not take it either)
    expect(exp.retry({ retryCount: 0, response: res(500, { "retry-after": "1" }), now: NOW })?.retryAfterInMs).toBe(
      100,
    );
  });

  it("Directory_ConcurrencyViolation has its own strategy: Retry-After if sent, else backoff; other 409s are not retried", () => {
    const cv = res(409, {}, { error: { code: "Directory_ConcurrencyViolation", message: "x" } });
    expect(cvs.retry({ retryCount: 1, response: cv, now: NOW })).toMatchObject({
      retryAfterInMs: 200,
      minRetryAfterInMs: 100,
    });
    expect(cvs.retry({ retryCount: 0, response: cv, now: NOW })?.reason).toBe("409 Directory_ConcurrencyViolation");
    const cvAfter = res(409, { "retry-after": "2" }, { error: { code: "Directory_ConcurrencyViolation" } });
    expect(cvs.retry({ retryCount: 0, response: cvAfter, now: NOW })?.retryAfterInMs).toBe(2000);
    expect(
      cvs.retry({
        retryCount: 0,
        response: res(409, {}, { error: { code: "Request_MultipleObjectsWithSameKeyValue" } }),
        now: NOW,
      }),
    ).toBeUndefined();
    for (const s of [429, 500, 503]) expect(cvs.retry({ retryCount: 0, response: res(s), now: NOW })).toBeUndefined();
    // and it is not exponential's case
    expect(exp.retry({ retryCount: 0, response: cv, now: NOW })).toBeUndefined();
    expect(thr.retry({ retryCount: 0, response: cv, now: NOW })).toBeUndefined();
  });

  it("never retries client errors, other conflicts, 501/505, TLS or DNS failures", () => {
    for (const s of [400, 401, 403, 404, 501, 505])
      expect(exp.retry({ retryCount: 0, response: res(s), now: NOW })).toBeUndefined();
    const dup = res(409, {}, { error: { code: "Request_MultipleObjectsWithSameKeyValue" } });
    expect(exp.retry({ retryCount: 0, response: dup, now: NOW })).toBeUndefined();
    for (const code of ["SELF_SIGNED_CERT_IN_CHAIN", "ENOTFOUND", "ERR_TLS_CERT_ALTNAME_INVALID"]) {
      expect(exp.retry({ retryCount: 0, error: new TransportError(code, "x"), now: NOW })).toBeUndefined();
    }
    expect(exp.retry({ retryCount: 0, error: new Error("token"), now: NOW })).toBeUndefined();
  });
});

describe("retryPolicy", () => {
  const strategies = [
    throttlingStrategy({ random: () => 0 }),
    concurrencyViolationStrategy({ retryDelayInMs: 100, random: () => 1 }),
    exponentialStrategy({ retryDelayInMs: 100, random: () => 1 }),
  ];

  it("decides the same whatever the order of the strategies", async () => {
    const answers = () => [
      res(429, { "retry-after": "2" }),
      res(409, { "retry-after": "1" }, { error: { code: "Directory_ConcurrencyViolation" } }),
      res(500),
      res(204),
    ];
    const slept: number[][] = [];
    for (const order of [strategies, [...strategies].reverse(), [strategies[1], strategies[2], strategies[0]]]) {
      const clock = fakeClock();
      const next = jest.fn();
      for (const a of answers()) next.mockResolvedValueOnce(a);
      expect((await retryPolicy(order, { clock }).sendRequest(req(), next)).status).toBe(204);
      slept.push(clock.slept);
    }
    expect(slept).toEqual([
      [2000, 1000, 400],
      [2000, 1000, 400],
      [2000, 1000, 400],
    ]);
  });

  it("waits exactly the Retry-After (seconds and HTTP-date) and then succeeds", async () => {
    const clock = fakeClock();
    const next = jest
      .fn()
      .mockResolvedValueOnce(res(429, { "retry-after": "2" }))
      .mockResolvedValueOnce(res(503, { "retry-after": "Wed, 21 Oct 2015 07:20:05 GMT" }))
      .mockResolvedValueOnce(res(204));
    const r = req();
    const out = await retryPolicy(strategies, { clock }).sendRequest(r, next);
    expect(out.status).toBe(204);
    expect(clock.slept).toEqual([2000, 3000]);
    expect(clock.now()).toBe(Date.parse("Wed, 21 Oct 2015 07:20:05 GMT"));
    expect(next).toHaveBeenCalledTimes(3);
    expect(r.attempts).toBe(3);
  });

  it("retries a connection reset, then returns the response", async () => {
    const clock = fakeClock();
    const next = jest
      .fn()
      .mockRejectedValueOnce(new TransportError("ECONNRESET", "socket hang up"))
      .mockResolvedValueOnce(res(200));
    expect((await retryPolicy(strategies, { clock }).sendRequest(req(), next)).status).toBe(200);
    expect(clock.slept).toEqual([100]);
  });

  it("stops at the deadline and returns the last response, marked", async () => {
    const clock = fakeClock();
    const next = jest.fn().mockResolvedValue(res(500));
    const r = req(NOW + 1000);
    const out = await retryPolicy(strategies, { clock, maxRetries: 100 }).sendRequest(r, next);
    expect(out.status).toBe(500);
    expect(r.gaveUp).toBe("deadline");
    // 100 + 200 + 400 = 700 ms slept; the next wait (800) would cross the deadline.
    expect(clock.slept).toEqual([100, 200, 400]);
    expect(next).toHaveBeenCalledTimes(4);
  });

  it("near the deadline drops the jitter instead of giving up early (a permanent 500 fails at the deadline, not before)", async () => {
    const clock = fakeClock();
    const next = jest.fn().mockResolvedValue(res(500));
    const r = req(NOW + 1200);
    const out = await retryPolicy(strategies, { clock, maxRetries: 100 }).sendRequest(r, next);
    expect(out.status).toBe(500);
    // 100 + 200 + 400 = 700; the jittered 800 would end at 1500, past the deadline, but the un-jittered 400 fits.
    expect(clock.slept).toEqual([100, 200, 400, 400]);
    expect(r.gaveUp).toBe("deadline");
    // Same for the spread after a Retry-After: the server's own value still fits.
    const throttled = fakeClock();
    const spread = [throttlingStrategy({ random: () => 1, maxSpreadInMs: 5000 })];
    const t429 = jest
      .fn()
      .mockResolvedValueOnce(res(429, { "retry-after": "4" }))
      .mockResolvedValueOnce(res(204));
    expect((await retryPolicy(spread, { clock: throttled }).sendRequest(req(NOW + 5000), t429)).status).toBe(204);
    expect(throttled.slept).toEqual([4000]);
  });

  it("does not start a Retry-After wait that ends past the deadline", async () => {
    const clock = fakeClock();
    const next = jest.fn().mockResolvedValue(res(429, { "retry-after": "120" }));
    const r = req(NOW + 10_000);
    const out = await retryPolicy(strategies, { clock }).sendRequest(r, next);
    expect(out.status).toBe(429);
    expect(clock.slept).toEqual([]);
    expect(r.gaveUp).toBe("deadline");
  });

  it("bounds the retry count and rethrows the last network error unchanged", async () => {
    const clock = fakeClock();
    const err = new TransportError("ECONNRESET", "reset");
    const next = jest.fn().mockRejectedValue(err);
    const r = req(NOW + 10_000_000);
    await expect(retryPolicy(strategies, { clock, maxRetries: 3 }).sendRequest(r, next)).rejects.toBe(err);
    expect(next).toHaveBeenCalledTimes(4);
    expect(r.gaveUp).toBe("maxRetries");
  });

  it("a retry that could not be sent (its sleep overran the deadline) reports the previous attempt's answer", async () => {
    const clock = fakeClock();
    const r = req(NOW + 10_000);
    // A loaded machine: the transport finds the deadline passed before it sends the second attempt.
    const next = jest
      .fn()
      .mockResolvedValueOnce(res(500))
      .mockRejectedValueOnce(
        new TransportError("ETIMEDOUT", "the operation deadline was reached before the request was sent", true),
      );
    const out = await retryPolicy(strategies, { clock }).sendRequest(r, next);
    expect(out.status).toBe(500);
    expect(r.attempts).toBe(1);
    expect(r.gaveUp).toBe("deadline");
    // Without an earlier answer, the timeout is the outcome.
    const first = new TransportError(
      "ETIMEDOUT",
      "the operation deadline was reached before the request was sent",
      true,
    );
    await expect(
      retryPolicy(strategies, { clock: fakeClock() }).sendRequest(
        req(NOW + 10_000),
        jest.fn().mockRejectedValue(first),
      ),
    ).rejects.toBe(first);
  });

  it("passes non-retryable responses straight through", async () => {
    const next = jest.fn().mockResolvedValue(res(403));
    expect((await retryPolicy(strategies, { clock: fakeClock() }).sendRequest(req(), next)).status).toBe(403);
    expect(next).toHaveBeenCalledTimes(1);
  });
});
