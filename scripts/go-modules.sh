# shellcheck shell=bash
# Sourced by the scripts that build from Go modules (engine/build.sh, kind/build-binaries.sh, kind/node-image.sh):
# where a module version lives in GOMODCACHE, and the go.mod of a throwaway wrapper module for an upstream module
# whose go.mod replaces its siblings by local paths the module zip does not hold.

# modcache_dir MODULE VERSION: download a module through the proxy, print its (read-only) directory in GOMODCACHE
modcache_dir() {
    local dir
    dir="$(go mod download -json "$1@$2" 2>&1 | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
    if [ -z "$dir" ]; then
        echo "go module: command failed: go mod download -json $1@$2" >&2
        go mod download -json "$1@$2" >&2 || true
        return 1
    fi
    echo "$dir"
}

# wrapper_gomod SRC_GOMOD MODULE_NAME: print SRC_GOMOD with its module line renamed and its local (path) replace
# directives dropped; every require line and every version-pinning replace stays exactly as upstream has it.
wrapper_gomod() {
    awk -v name="$2" '
        /^module / { print "module " name; next }
        # single-line replace of a module by a local path (=> ./x or => ../x): drop
        /^replace .*=> *\.\.?\// { next }
        # replace block: drop path entries, keep the rest
        /^replace *\($/ { inblock = 1; print; next }
        inblock && /^\)/ { inblock = 0; print; next }
        inblock && /=> *\.\.?\// { next }
        { print }
    ' "$1"
}
