/** Persistence: the JSON data file survives a restart; CA, server certificate and signing key are reused. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { newTenantId, partnersPath, startTestEmulator, syncPath } from "../helpers/emulator";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-persist-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

test("state written to the data file is there after a restart (same port not needed)", async () => {
  const dataFile = path.join(dir, "state.json");
  const id = newTenantId();
  const first = await startTestEmulator({ dataDir: dir, dataFile });
  try {
    const g = await first.graph();
    expect((await g.post(partnersPath(), { tenantId: id })).status).toBe(201);
    expect(
      (await g.put(syncPath(id, "beta"), { displayName: "kept", groupSyncInbound: { isSyncAllowed: true } })).status,
    ).toBe(204);
    // The write is durable before the 204: the file already holds it.
    const onDisk = JSON.parse(fs.readFileSync(dataFile, "utf8"));
    expect(onDisk.policies).toEqual([{ tenantId: id, displayName: "kept", groupSyncInbound: { isSyncAllowed: true } }]);
  } finally {
    await first.stop();
  }
  const second = await startTestEmulator({ dataDir: dir, dataFile });
  try {
    const g = await second.graph();
    const r = await g.get(syncPath(id, "beta"));
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject({ displayName: "kept", groupSyncInbound: { isSyncAllowed: true } });
    expect((await g.delete(syncPath(id))).status).toBe(204);
  } finally {
    await second.stop();
  }
  const third = await startTestEmulator({ dataDir: dir, dataFile });
  try {
    const state = await third.admin.state();
    expect(state.policies).toEqual([]);
    expect(state.deletedPolicies.map((p) => p.tenantId)).toEqual([id]);
  } finally {
    await third.stop();
  }
});

test("many concurrent writes are coalesced and the file is always complete JSON", async () => {
  const dataFile = path.join(dir, "state.json");
  const emu = await startTestEmulator({ dataDir: dir, dataFile });
  try {
    const g = await emu.graph();
    const ids = Array.from({ length: 40 }, () => newTenantId());
    await Promise.all(ids.map((id) => g.post(partnersPath(), { tenantId: id })));
    const onDisk = JSON.parse(fs.readFileSync(dataFile, "utf8"));
    expect(onDisk.partners.map((p: { tenantId: string }) => p.tenantId).sort()).toEqual([...ids].sort());
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  } finally {
    await emu.stop();
  }
});

test("reset through the admin API is persisted too", async () => {
  const dataFile = path.join(dir, "state.json");
  const emu = await startTestEmulator({ dataDir: dir, dataFile });
  try {
    await emu.admin.seed({ partners: [{ tenantId: newTenantId() }] });
    expect(JSON.parse(fs.readFileSync(dataFile, "utf8")).partners).toHaveLength(1);
    await emu.admin.reset();
    expect(JSON.parse(fs.readFileSync(dataFile, "utf8")).partners).toHaveLength(0);
  } finally {
    await emu.stop();
  }
});

test("other tenants persist under `tenants`; the home tenant stays at the top level; a version 1 file still loads", async () => {
  const dataFile = path.join(dir, "state.json");
  const [a, b] = [newTenantId(), newTenantId()];
  const first = await startTestEmulator({ dataDir: dir, dataFile });
  const second = first.defaults.second.tenantId;
  try {
    await first.admin.seed([
      { partners: [{ tenantId: a }] },
      { tenantId: second, policies: [{ tenantId: b, displayName: "B" }], defaultConfiguration: {} },
    ]);
    const onDisk = JSON.parse(fs.readFileSync(dataFile, "utf8"));
    expect(onDisk.version).toBe(2);
    expect(onDisk.partners.map((p: { tenantId: string }) => p.tenantId)).toEqual([a]);
    expect(onDisk.defaultConfiguration).toBeNull();
    expect(Object.keys(onDisk.tenants)).toEqual([second]);
    expect(onDisk.tenants[second].policies).toEqual([{ tenantId: b, displayName: "B" }]);
    expect(onDisk.tenants[second].defaultConfiguration.isServiceDefault).toBe(false);
  } finally {
    await first.stop();
  }
  const again = await startTestEmulator({ dataDir: dir, dataFile });
  try {
    expect((await again.admin.state(second)).policies).toEqual([{ tenantId: b, displayName: "B" }]);
    expect((await again.admin.state()).partners.map((p) => p.tenantId)).toEqual([a]);
  } finally {
    await again.stop();
  }
  // A file written by the single-tenant emulator (version 1) is the home tenant's directory.
  const c = newTenantId();
  fs.writeFileSync(
    dataFile,
    JSON.stringify({
      version: 1,
      partners: [{ tenantId: c }],
      policies: [{ tenantId: c, displayName: "old" }],
      deletedPartners: [],
      deletedPolicies: [],
    }),
  );
  const old = await startTestEmulator({ dataDir: dir, dataFile });
  try {
    expect((await (await old.graph()).get(syncPath(c))).data.displayName).toBe("old");
    expect((await old.admin.state(second)).partners).toEqual([]);
  } finally {
    await old.stop();
  }
});

test("a corrupt data file is reported, not silently replaced", async () => {
  const dataFile = path.join(dir, "state.json");
  fs.writeFileSync(dataFile, "{not json");
  await expect(startTestEmulator({ dataDir: dir, dataFile })).rejects.toThrow(/not valid JSON/);
});

test("CA, server certificate and token signing key are reused from the data folder", async () => {
  const first = await startTestEmulator({ dataDir: dir });
  const token = await first.admin.mintToken();
  const ca = first.caCertPem;
  const serverPem = fs.readFileSync(path.join(dir, "server.pem"), "utf8");
  const certPath = first.defaults.readWrite.certificatePath;
  await first.stop();
  expect(fs.existsSync(path.join(dir, "ca.pem"))).toBe(true);

  const second = await startTestEmulator({ dataDir: dir });
  try {
    expect(second.caCertPem).toBe(ca);
    expect(fs.readFileSync(path.join(dir, "server.pem"), "utf8")).toBe(serverPem);
    expect(second.defaults.readWrite.certificatePath).toBe(certPath);
    // A token issued before the restart is still valid (same signing key).
    const r = await second.http.get(partnersPath(), { headers: { Authorization: `Bearer ${token}` } });
    expect(r.status).toBe(401); // audience is the old port…
    expect(r.data.error.message).toMatch(/audience/);
    await second.admin.settings({ checkAudience: false });
    expect((await second.http.get(partnersPath(), { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
  } finally {
    await second.stop();
  }
});

test("a temporary data folder is removed on stop", async () => {
  const emu = await startTestEmulator();
  const d = emu.emu.dataDir;
  expect(fs.existsSync(d)).toBe(true);
  await emu.stop();
  expect(fs.existsSync(d)).toBe(false);
});
