#!/usr/bin/env bash
# Builds the Pulumi CLI from its Go modules, at the version of the installed npm @pulumi/pulumi, into a cache
# directory outside the clone, so only the first build on a machine is slow (a few minutes on 2 cores); later runs
# reuse the binaries in about a second.
#
#   bash scripts/build-pulumi-cli.sh                  # build or reuse, then print a summary (to stderr) and the bin dir
#   bash scripts/build-pulumi-cli.sh --print-bin-dir  # same, but stdout is only the bin dir (for PATH=...); silent on reuse
#   bash scripts/build-pulumi-cli.sh --check          # print the bin dir if already built, exit 1 otherwise
#   bash scripts/build-pulumi-cli.sh --rebuild        # ignore what is cached
#
# A build prints one progress line per step (and every 30 s while compiling) on stderr, and the DEVIATION note
# below once if it applies; Go's own output goes to <cache>/pulumi-v<version>/build.log (its tail is printed on a
# failure; PULUMI_CLI_BUILD_VERBOSE=1 streams it instead). Reuse prints nothing but the bin dir with
# --print-bin-dir, and one line without it.
#
# Environment: PULUMI_CLI_CACHE (default ~/.cache/pulumi-entra-cross-tenant), PULUMI_CLI_VERSION (default: the
# version in node_modules/@pulumi/pulumi/package.json). Needs Go and the Go module proxy; no GitHub access.
#
# What lands in <cache>/pulumi-v<version>/bin (the layout of the official release archive):
#   pulumi                          github.com/pulumi/pulumi/pkg/v3/cmd/pulumi at v<version>, with
#                                   -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v<version>
#   pulumi-language-nodejs          the Node.js language host (see below)
#   pulumi-resource-pulumi-nodejs   the dynamic-provider plugin shim, copied from the installed @pulumi/pulumi
#                                   (the release archive ships the same file next to `pulumi`)
#
# How it is built. pkg/v3's and the language host's go.mod files use `replace` directives that point into the
# pulumi repository (../sdk etc.), which `go install pkg@version` refuses. So each binary is built as a
# dependency of a small throw-away module (under <cache>/pulumi-v<version>/src) that requires the modules at the
# release version and repeats the non-local `replace` lines of the upstream go.mod.
#
# The Node.js language host. Since v3.69 it is its own module,
# github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3, which has no version tags: the script asks
# for it at the commit of the release (the Go proxy's Origin.Hash of pkg/v3@v<version>, as a pseudo-version).
# DEVIATION (recorded in the build output and in <cache>/.../BUILD-INFO): the Go module proxy reachable from the
# project's build machines answers 403 "This module version is not available" for every version of that module
# (pseudo-versions at the release commit, the commit hash, @latest, @v/list). When that happens the script falls
# back to the last *released* Pulumi language host that the proxy does serve: the one inside
# github.com/pulumi/pulumi/sdk/v3 v3.68.0 (sdk/v3/nodejs/cmd/pulumi-language-nodejs, removed from sdk/v3 in v3.69).
# It is Pulumi's own code, unmodified; it speaks the same LanguageRuntime gRPC protocol (the v3.250 engine falls
# back from GetRequiredPackages to GetRequiredPlugins for it) and starts the same `@pulumi/pulumi/cmd/run` of the
# installed SDK with the same flags and PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS environment. The engine, the
# dynamic-provider host and the Node.js SDK that runs the program are the exact installed/released versions.
# Set PULUMI_LANGUAGE_HOST=exact to fail instead of falling back.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
mode=build
rebuild=0
for a in "$@"; do
    case "$a" in
        --print-bin-dir) mode=print ;;
        --check) mode=check ;;
        --rebuild) rebuild=1 ;;
        -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown argument: $a" >&2; exit 2 ;;
    esac
done
log() { printf '[build-pulumi-cli] %s\n' "$*" >&2; }

sdk_pkg="$repo/node_modules/@pulumi/pulumi"
version="${PULUMI_CLI_VERSION:-}"
if [ -z "$version" ]; then
    if [ ! -f "$sdk_pkg/package.json" ]; then
        log "node_modules/@pulumi/pulumi is missing: run 'npm ci' first (the CLI is built at its version)"
        exit 1
    fi
    version="$(node -p "require('$sdk_pkg/package.json').version")"
fi
version="${version#v}"
cache_root="${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-entra-cross-tenant}"
dir="$cache_root/pulumi-v$version"
bin="$dir/bin"
src="$dir/src"

built() {
    [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ] && [ -f "$dir/BUILD-INFO" ] &&
        [ "$(PULUMI_SKIP_UPDATE_CHECK=1 "$bin/pulumi" version 2>/dev/null)" = "v$version" ]
}

install_shim() {
    # The dynamic-provider plugin is a shell shim in the npm package; the release archive ships it next to
    # `pulumi`, where the CLI looks for bundled plugins.
    if [ -f "$sdk_pkg/pulumi-resource-pulumi-nodejs" ] && ! cmp -s "$sdk_pkg/pulumi-resource-pulumi-nodejs" "$bin/pulumi-resource-pulumi-nodejs"; then
        cp "$sdk_pkg/pulumi-resource-pulumi-nodejs" "$bin/pulumi-resource-pulumi-nodejs"
        chmod +x "$bin/pulumi-resource-pulumi-nodejs"
    fi
}

if [ "$mode" = check ]; then
    if built; then echo "$bin"; exit 0; fi
    log "no Pulumi CLI v$version in $bin; build it with: bash scripts/build-pulumi-cli.sh"
    exit 1
fi

t0=$(date +%s)
if [ "$rebuild" = 0 ] && built; then
    mkdir -p "$bin"
    install_shim
    # Quiet on reuse: the build already said how it was built (and <cache>/.../BUILD-INFO keeps it).
    [ "$mode" = print ] || log "reusing Pulumi CLI v$version from $bin (built before; see $dir/BUILD-INFO)"
else
    command -v go >/dev/null || { log "Go is required to build the Pulumi CLI (https://go.dev/dl/)"; exit 1; }
    export GOFLAGS="${GOFLAGS:--buildvcs=false}"
    export GOTOOLCHAIN="${GOTOOLCHAIN:-auto}"
    mkdir -p "$bin" "$src"
    rm -f "$dir/BUILD-INFO"
    build_log="$dir/build.log"
    : >"$build_log"
    # in_dir <dir> <command...>: the command in another directory (a subshell; `env -C` is not portable).
    in_dir() { (cd "$1" && shift && "$@"); }
    # step <what> <command...>: runs the command with its output in build.log (or streamed when verbose), a
    # progress line every 30 s, and the log's tail when it fails.
    step() {
        local what="$1" s0 pid rc=0 next=30
        shift
        s0=$(date +%s)
        echo "== $what: $*" >>"$build_log"
        if [ "${PULUMI_CLI_BUILD_VERBOSE:-}" = 1 ]; then
            "$@" >&2 || rc=$?
        else
            "$@" >>"$build_log" 2>&1 &
            pid=$!
            while kill -0 "$pid" 2>/dev/null; do
                sleep 1
                if [ $(( $(date +%s) - s0 )) -ge "$next" ]; then
                    log "  ... still $what ($(( $(date +%s) - s0 ))s)"
                    next=$(( next + 30 ))
                fi
            done
            wait "$pid" || rc=$?
        fi
        if [ "$rc" != 0 ]; then
            log "FAILED while $what (exit $rc); last lines of $build_log:"
            tail -n 40 "$build_log" | sed 's/^/    /' >&2
            exit "$rc"
        fi
    }
    ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$version"

    # Non-local replace lines of an upstream go.mod (local ones, `=> ../x`, point into the pulumi repository).
    remote_replaces() { grep -E '^replace [^ ]+( v[^ ]+)? => [^ .][^ ]* v[^ ]+' "$1" || true; }
    # Module info from the proxy as JSON (go mod download -json), or empty on failure.
    mod_json() { (cd "$src/cli" && go mod download -json "$1" 2>/dev/null) || true; }
    json_field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const j=JSON.parse(s);const v=process.argv[1].split(".").reduce((o,k)=>o&&o[k],j);process.stdout.write(v?String(v):"")}catch{}})' "$1"; }

    # 1. The CLI: pkg/v3/cmd/pulumi.
    log "building Pulumi CLI v$version from Go modules (first build on a machine: several minutes; then reused)"
    log "1/3 resolving the Go modules of github.com/pulumi/pulumi/pkg/v3@v$version"
    mkdir -p "$src/cli"
    cat >"$src/cli/go.mod" <<EOF
module pulumi-cli-build

go 1.25

require (
	github.com/pulumi/pulumi/pkg/v3 v$version
	github.com/pulumi/pulumi/sdk/v3 v$version
)
EOF
    printf '//go:build tools\n\npackage tools\n\nimport _ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"\n' >"$src/cli/tools.go"
    pkg_info="$(mod_json "github.com/pulumi/pulumi/pkg/v3@v$version")"
    pkg_gomod="$(printf '%s' "$pkg_info" | json_field GoMod)"
    if [ -z "$pkg_gomod" ]; then
        log "the Go module proxy did not serve github.com/pulumi/pulumi/pkg/v3@v$version:"
        (cd "$src/cli" && go mod download "github.com/pulumi/pulumi/pkg/v3@v$version") >&2 || true
        exit 1
    fi
    remote_replaces "$pkg_gomod" >>"$src/cli/go.mod"
    step "downloading Go modules" in_dir "$src/cli" go mod tidy
    # tidy must not have moved the pulumi modules off the release
    grep -q "github.com/pulumi/pulumi/pkg/v3 v$version" "$src/cli/go.mod" &&
        grep -q "github.com/pulumi/pulumi/sdk/v3 v$version" "$src/cli/go.mod" ||
        { log "go mod tidy changed the pulumi module versions:"; cat "$src/cli/go.mod" >&2; exit 1; }
    log "2/3 compiling the pulumi CLI (the long step)"
    step "compiling pulumi" in_dir "$src/cli" go build -trimpath -ldflags "$ldflags" -o "$bin/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    mv "$bin/pulumi.tmp" "$bin/pulumi"
    log "    built $bin/pulumi ($(( $(date +%s) - t0 ))s)"

    # 2. The Node.js language host.
    lh_mod="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
    commit="$(printf '%s' "$pkg_info" | json_field Origin.Hash)"
    pkg_info_file="$(printf '%s' "$pkg_info" | json_field Info)"
    commit_time="$( [ -n "$pkg_info_file" ] && json_field Time <"$pkg_info_file" || true)"
    lh_info=""
    lh_error=""
    if [ -n "$commit" ]; then
        # a pseudo-version for the release commit: v3.0.0-<UTC commit time>-<12 hex digits>
        stamp="$(printf '%s' "$commit_time" | tr -d ':TZ-' | cut -c1-14)"
        for ref in "$commit" "v3.0.0-$stamp-${commit:0:12}"; do
            lh_info="$(mod_json "$lh_mod@$ref")"
            if [ -n "$(printf '%s' "$lh_info" | json_field GoMod)" ]; then break; fi
            lh_error="$lh_error
    $(printf '%s' "$lh_info" | json_field Error | tr '\n\t' '  ')"
            lh_info=""
        done
    else
        lh_error="the proxy gave no Origin.Hash for pkg/v3@v$version, so the release commit is unknown"
    fi
    rm -rf "$src/language-host"
    mkdir -p "$src/language-host"
    if [ -n "$lh_info" ]; then
        lh_version="$(printf '%s' "$lh_info" | json_field Version)"
        log "3/3 building the Node.js language host $lh_mod@$lh_version (release commit $commit)"
        cat >"$src/language-host/go.mod" <<EOF
module pulumi-language-nodejs-build

go 1.25

require (
	$lh_mod $lh_version
	github.com/pulumi/pulumi/pkg/v3 v$version
	github.com/pulumi/pulumi/sdk/v3 v$version
)
EOF
        remote_replaces "$(printf '%s' "$lh_info" | json_field GoMod)" >>"$src/language-host/go.mod"
        remote_replaces "$pkg_gomod" >>"$src/language-host/go.mod"
        lh_pkg="$lh_mod"
        lh_ldflags="$ldflags"
        lh_note="language-host: $lh_mod@$lh_version (the release's own Node.js language host)"
    else
        if [ "${PULUMI_LANGUAGE_HOST:-}" = exact ]; then
            log "the Go module proxy does not serve the v$version Node.js language host:$lh_error"
            exit 1
        fi
        fallback=3.68.0
        log "3/3 building the Node.js language host. DEVIATION (printed once, kept in $dir/BUILD-INFO):"
        log "    the Go module proxy does not serve the Node.js language host of v$version:$lh_error"
        log "    so this builds Pulumi's own, unmodified Node.js language host from github.com/pulumi/pulumi/sdk/v3 v$fallback"
        log "    (the last release that shipped it inside sdk/v3). CLI, engine, dynamic-provider host and Node SDK stay v$version."
        log "    PULUMI_LANGUAGE_HOST=exact makes this an error instead."
        sdk_fb_info="$(mod_json "github.com/pulumi/pulumi/sdk/v3@v$fallback")"
        sdk_fb_gomod="$(printf '%s' "$sdk_fb_info" | json_field GoMod)"
        [ -n "$sdk_fb_gomod" ] || { log "the proxy does not serve github.com/pulumi/pulumi/sdk/v3@v$fallback either"; exit 1; }
        cat >"$src/language-host/go.mod" <<EOF
module pulumi-language-nodejs-build

go 1.25

require github.com/pulumi/pulumi/sdk/v3 v$fallback
EOF
        remote_replaces "$sdk_fb_gomod" >>"$src/language-host/go.mod"
        lh_pkg="github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
        lh_ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$fallback"
        lh_note="language-host: DEVIATION: github.com/pulumi/pulumi/sdk/v3@v$fallback/nodejs/cmd/pulumi-language-nodejs (Pulumi's own host from v$fallback; the proxy refused $lh_mod:$(printf '%s' "$lh_error" | tr '\n' ' '))"
    fi
    printf '//go:build tools\n\npackage tools\n\nimport _ "%s"\n' "$lh_pkg" >"$src/language-host/tools.go"
    step "downloading the language host's Go modules" in_dir "$src/language-host" go mod tidy
    step "compiling the language host" in_dir "$src/language-host" go build -trimpath -ldflags "$lh_ldflags" -o "$bin/pulumi-language-nodejs.tmp" "$lh_pkg"
    mv "$bin/pulumi-language-nodejs.tmp" "$bin/pulumi-language-nodejs"
    install_shim
    {
        echo "pulumi: github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v$version (go $(go env GOVERSION))"
        echo "$lh_note"
        echo "pulumi-resource-pulumi-nodejs: copied from @pulumi/pulumi $version"
        echo "built: $(date -u +%FT%TZ) in $(( $(date +%s) - t0 ))s"
    } >"$dir/BUILD-INFO"
    log "done: Pulumi CLI v$version in $bin ($(( $(date +%s) - t0 ))s; how it was built: $dir/BUILD-INFO)"
fi

[ "$mode" = print ] || log "add it to PATH: export PATH=\"$bin:\$PATH\""
echo "$bin"
