// TLS trust of the Graph client and the credential (graph/trust.ts): the configured CA is added to Node's
// roots without touching the roots other contexts use, verification is never off, and one context serves a list.
import * as https from "https";
import * as tls from "tls";
import { startTestEmulator, TestEmulator } from "../helpers/emulator";
import { trustContext } from "../../provider/graph/trust";

let t: TestEmulator;
beforeAll(async () => {
  t = await startTestEmulator();
});
afterAll(async () => {
  await t?.stop();
});

/** The TLS outcome of one GET to the emulator with `secureContext`: "ok" or the verification error code. */
function connect(secureContext: tls.SecureContext): Promise<string> {
  return new Promise((resolve) => {
    const req = https.request(
      `${t.url}/_emulator/tenants`,
      { agent: new https.Agent({ secureContext, rejectUnauthorized: true }) },
      (res) => {
        res.resume();
        res.on("end", () => resolve("ok"));
      },
    );
    req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    req.end();
  });
}

test("roots plus the configured CA: the emulator's certificate verifies", async () => {
  expect(await connect(trustContext([...tls.rootCertificates, t.caCertPem]))).toBe("ok");
});

test("the configured CA does not leak into Node's shared root store", async () => {
  trustContext([...tls.rootCertificates, t.caCertPem]);
  expect(await connect(tls.createSecureContext())).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
});

test("roots alone, or a list that is not roots plus extras, get exactly what they list", async () => {
  expect(await connect(trustContext([...tls.rootCertificates]))).toBe("UNABLE_TO_VERIFY_LEAF_SIGNATURE");
  expect(await connect(trustContext([t.caCertPem]))).toBe("ok");
});

test("one context per list: the Graph agent and the credential share it", () => {
  const ca = [...tls.rootCertificates, t.caCertPem];
  expect(trustContext(ca)).toBe(trustContext(ca));
});
