# shellcheck shell=bash
# Sourced by setup.sh and trixie-userland.sh: the pins of versions.env, except that KPL_CACHE_DIR from the
# environment wins over the file's default (CI may keep its cache elsewhere); test/runtime/harness/ reads the
# file the same way, so the scripts and the harness agree on where everything is.
_kpl_cache_override=${KPL_CACHE_DIR:-}
# shellcheck source=versions.env
. "$(dirname "${BASH_SOURCE[0]}")/versions.env"
KPL_CACHE_DIR=${_kpl_cache_override:-$KPL_CACHE_DIR}
unset _kpl_cache_override
