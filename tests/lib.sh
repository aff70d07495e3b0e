# tests/lib.sh - helpers for end-to-end shell tests (sourced).
# Each test prints "ok - what" or "not ok - what"; tests/run.sh counts them.
# $DZ is the dz binary under test, $BUILD its build folder, $TOP the repo.
set -u
TOP=${TOP:-$(cd "$(dirname "$0")/.." && pwd)}
DZ=${DZ:-$TOP/build/dz}
BUILD=${BUILD:-$TOP/build}
PY=/usr/bin/python3
T=$(mktemp -d "${TMPDIR:-/tmp}/dztest.XXXXXX")
trap 'rm -rf "$T"' EXIT
ok() { echo "ok - $*"; }
notok() { echo "not ok - $*"; }
# check DESC CMD... : ok if CMD succeeds
check() { d=$1; shift; if "$@"; then ok "$d"; else notok "$d"; fi; }
# expect_exit WANT DESC CMD... : run CMD, compare its exit status
expect_exit() {
	want=$1; d=$2; shift 2
	"$@"; got=$?
	if [ "$got" = "$want" ]; then ok "$d"; else notok "$d (exit $got, want $want)"; fi
}
# same_file DESC A B : byte-identical files, shows a diff when not
same_file() {
	if cmp -s "$2" "$3"; then ok "$1"; else notok "$1"; diff "$2" "$3" | head -20 | sed 's/^/#   /'; fi
}
