// The User-Agent version comes from package.json, wherever the package sits: sources, dist/, or an installed copy
// under a program's node_modules (where the serialized provider loads the runtime from).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PACKAGE_NAME, readPackageVersion, userAgent, VERSION } from "../../provider/version";

test("VERSION is the version in this repository's package.json", () => {
  expect(VERSION).toBe(require("../../package.json").version);
  expect(userAgent()).toContain(`${PACKAGE_NAME}/${VERSION} (`);
});

test("an installed package reads its own package.json, not the program's", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "entra-version-"));
  try {
    fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "my-infra", version: "1.0.0" }));
    const pkg = path.join(root, "node_modules", PACKAGE_NAME);
    const runtimeDir = path.join(pkg, "dist", "provider", "host");
    fs.mkdirSync(runtimeDir, { recursive: true });
    fs.writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: PACKAGE_NAME, version: "7.8.9-rc.1" }));
    expect(readPackageVersion(runtimeDir)).toBe("7.8.9-rc.1");
    expect(readPackageVersion(path.join(root, "elsewhere"))).toBe("0.0.0-unknown");
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
