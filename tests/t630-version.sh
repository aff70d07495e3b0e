#!/bin/sh
# dz version / dz --version: dz's version, then each library with the
# version dz was built with and the one it runs with.  Expected values come
# from outside dz: pkg-config (headers), dpkg-query (installed shared
# libraries), the sqlite3 CLI (same libsqlite3.so.0) and getconf (glibc).
. "$(dirname "$0")/lib.sh"

expect_exit 0 "dz version exits 0" sh -c '"$0" version >"$1/v.txt" 2>"$1/v.err"' "$DZ" "$T"
check "dz version: nothing on stderr" test ! -s "$T/v.err"
check "first line is 'dz X.Y.Z'" sh -c 'head -1 "$0" | grep -Eq "^dz [0-9]+\.[0-9]+\.[0-9]+\$"' "$T/v.txt"
"$DZ" --version >"$T/v2.txt" 2>&1
same_file "dz --version prints the same" "$T/v.txt" "$T/v2.txt"

# built NAME -> the "built with" column of NAME's line; running NAME -> the rest
built() { awk -v n="$1" 'index($0, n " ") == 1 { sub("^" n " +", ""); print $1; exit }' "$T/v.txt"; }
running() { awk -v n="$1" 'index($0, n " ") == 1 { sub("^" n " +", ""); sub(/^[^ ]+ +/, ""); print; exit }' "$T/v.txt"; }
# upstream PKG -> the upstream part of a Debian package's version (no epoch, no +dfsg/-N)
upstream() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null | sed 's/^[0-9]*://; s/[+~-].*//; s/\.dfsg$//'; }
# same DESC GOT WANT
same() { if [ -n "$3" ] && [ "$2" = "$3" ]; then ok "$1 ($2)"; else notok "$1: got '$2', want '$3'"; fi; }

same "zlib built with = pkg-config zlib" "$(built zlib)" "$(pkg-config --modversion zlib)"
same "libxml2 built with = pkg-config libxml-2.0" "$(built libxml2)" "$(pkg-config --modversion libxml-2.0)"
# (Debian's xlsxwriter.pc gives the soname, 4, as its version: the package instead)
same "libxlsxwriter built with = libxlsxwriter-dev package" "$(built libxlsxwriter)" "$(upstream libxlsxwriter-dev)"
same "minizip built with = pkg-config minizip" "$(built minizip)" "$(pkg-config --modversion minizip)"
same "SQLite built with = pkg-config sqlite3" "$(built SQLite)" "$(pkg-config --modversion sqlite3)"
same "libfreexl built with = pkg-config freexl" "$(built libfreexl)" "$(pkg-config --modversion freexl)"
same "libcsv built with = libcsv-dev package" "$(built libcsv)" "$(upstream libcsv-dev)"
same "glibc built with = getconf GNU_LIBC_VERSION" "$(built glibc)" "$(getconf GNU_LIBC_VERSION | cut -d' ' -f2)"

same "zlib running = zlib1g package" "$(running zlib)" "$(upstream zlib1g)"
same "libxml2 running = libxml2 package" "$(running libxml2)" "$(upstream libxml2)"
same "libxlsxwriter running = libxlsxwriter package" "$(running libxlsxwriter)" \
	"$(upstream "$(dpkg-query -W -f='${Package}\n' 'libxlsxwriter[0-9]*' 2>/dev/null | head -1)")"
same "SQLite running = sqlite3 CLI's library" "$(running SQLite)" "$(sqlite3 --version | cut -d' ' -f1)"
same "libfreexl running = libfreexl1 package" "$(running libfreexl)" "$(upstream libfreexl1)"
same "glibc running = getconf GNU_LIBC_VERSION" "$(running glibc)" "$(getconf GNU_LIBC_VERSION | cut -d' ' -f2)"
for l in libcsv minizip; do
	same "$l: no runtime query, said so" "$(running $l)" "- (the library has no runtime query)"
done
check "nine lines: dz, the column header, seven libraries and glibc" test "$(wc -l <"$T/v.txt")" = 10

expect_exit 2 "dz version ARG is a usage error" sh -c '"$0" version extra 2>"$1/u.err" >/dev/null' "$DZ" "$T"
check "usage error names the argument" grep -q "^dz: version: unexpected argument 'extra'$" "$T/u.err"
expect_exit 1 "dz version to a full disk exits 1" sh -c '"$0" version >/dev/full 2>/dev/null' "$DZ"
