// scripts/check-links.js (run by .ci/run): the repository's Markdown has no broken relative link, and the script
// finds a missing file and a missing `#anchor` while leaving code, external links and GitHub's slugs alone.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const REPO = path.resolve(__dirname, "..", "..");
const SCRIPT = path.join(REPO, "scripts", "check-links.js");

function run(root?: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [SCRIPT, ...(root ? [root] : [])], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("every relative link in the repository's Markdown resolves (files and #anchors)", () => {
  const r = run();
  expect(r.stderr).toBe("");
  expect(r.stdout).toMatch(/ 0 broken relative links/);
  expect(r.status).toBe(0);
});

test("a missing file and a missing anchor fail, naming file, line and target; code, URLs and slugs pass", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "links-"));
  try {
    fs.mkdirSync(path.join(root, "docs"));
    fs.mkdirSync(path.join(root, "node_modules", "x"), { recursive: true });
    fs.writeFileSync(path.join(root, "node_modules", "x", "README.md"), "[skipped](nowhere.md)\n");
    fs.writeFileSync(
      path.join(root, "docs", "page.md"),
      [
        "# Page",
        "",
        "## npm 11 and protobufjs's install script",
        "",
        "## `check --stack`: every connection",
        "",
        "## Usage",
        "",
        "## Usage",
        "",
      ].join("\n"),
    );
    fs.writeFileSync(
      path.join(root, "README.md"),
      [
        "[ok](docs/page.md) [ok](docs/page.md#npm-11-and-protobufjss-install-script) [ok](docs/page.md#check---stack-every-connection)",
        "[second heading of a name](docs/page.md#usage-1) [own](#top) [web](https://example.com/x.md#y) [folder](docs)",
        "`[in code](missing-in-code.md)`",
        "```sh",
        "[in a fence](missing-in-fence.md)",
        "```",
        "# Top",
        "[gone](docs/gone.md) [bad anchor](docs/page.md#install)",
        "[ref]: ./also-gone.md",
      ].join("\n"),
    );
    const r = run(root);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toEqual([
      "README.md:8: docs/gone.md: no file docs/gone.md",
      "README.md:8: docs/page.md#install: no heading with the anchor #install in docs/page.md",
      "README.md:9: ./also-gone.md: no file also-gone.md",
    ]);
    expect(r.stdout).toMatch(/^2 Markdown files, 3 broken relative links/);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
