#!/bin/sh
# Install the Debian packages dz needs to build and test (as root, via apt-get).
# Does nothing when everything is present.
# build: the libraries of README; tests: python3-openpyxl, LibreOffice (headless
# converter, an independent writer of xls/xlsx), sqlite3, mandoc, poppler-utils;
# make fuzz: clang (libFuzzer and its sanitizer runtimes come with it).
PKGS="gcc make pkg-config libcsv-dev zlib1g-dev libxml2-dev libinih-dev libxlsxwriter-dev libminizip-dev libsqlite3-dev libfreexl-dev python3 python3-openpyxl gzip sqlite3 libreoffice-calc-nogui mandoc poppler-utils clang"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "dz: installing Debian packages:$missing" >&2
if [ "$(id -u)" != 0 ]; then
	echo "dz: not root; install them with: sudo apt-get install$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
	echo "dz: apt-get install failed for:$missing" >&2
	exit 1
}
