#!/bin/sh
# make install / make uninstall with PREFIX and DESTDIR: the binary, the man
# page folders (and whatever man/ holds), documentation, examples and the
# demo county under share/doc/dz; the installed binary runs the demo and
# finds what the generator's answer keys say; uninstall removes every file.
. "$(dirname "$0")/lib.sh"
KEY=$TOP/fixtures/demo/expected
# -o BUILD/dz: install the dz under test as it is (never rebuild it here)
mk() { make -s -C "$TOP" BUILD="$BUILD" -o "$BUILD/dz" "$@"; }

expect_exit 0 "make install DESTDIR=... exits 0" sh -c 'make -s -C "$0" BUILD="$1" -o "$1/dz" install DESTDIR="$2/d" >"$2/inst.log" 2>&1' "$TOP" "$BUILD" "$T"
P=$T/d/usr/local
check "binary in PREFIX/bin (default /usr/local), mode 755" test "$(stat -c %a "$P/bin/dz" 2>/dev/null)" = 755
check "share/man/man1 created" test -d "$P/share/man/man1"
check "share/man/zh_CN/man1 created" test -d "$P/share/man/zh_CN/man1"
nman=0
for m in "$TOP"/man/*.1 "$TOP"/man/man1/*.1; do
	[ -f "$m" ] || continue
	nman=$((nman + 1))
	same_file "man page $(basename "$m") installed" "$m" "$P/share/man/man1/$(basename "$m")"
done
for m in "$TOP"/man/zh_CN/*.1 "$TOP"/man/zh_CN/man1/*.1; do
	[ -f "$m" ] || continue
	nman=$((nman + 1))
	same_file "zh_CN man page $(basename "$m") installed" "$m" "$P/share/man/zh_CN/man1/$(basename "$m")"
done
echo "# man pages in the tree: $nman"
check "dz(1) installed: share/man/man1/dz.1 and share/man/zh_CN/man1/dz.1" \
	test -f "$P/share/man/man1/dz.1" -a -f "$P/share/man/zh_CN/man1/dz.1"
check "man finds the installed dz(1) by name (MANPATH=PREFIX/share/man)" \
	sh -c 'MANPATH="$0" MANWIDTH=80 man dz 2>/dev/null | grep -q "dz - reconcile"' "$P/share/man"
check "man -L zh_CN finds the installed Chinese dz(1)" \
	sh -c 'MANPATH="$0" MANWIDTH=80 man -L zh_CN dz 2>/dev/null | grep -q "防返贫部门数据对账与预警推送"' "$P/share/man"
# the man page rules, also before man/ holds pages: hand make two pages
printf '.TH X 1\n' >"$T/x.1"
mkdir -p "$T/zh" && printf '.TH X 1\n' >"$T/zh/x.1"
mk install DESTDIR="$T/m" MAN1="$T/x.1" MAN1_ZH="$T/zh/x.1" >/dev/null 2>&1
check "man pages go to share/man/man1 and share/man/zh_CN/man1" \
	test -f "$T/m/usr/local/share/man/man1/x.1" -a -f "$T/m/usr/local/share/man/zh_CN/man1/x.1"
mk uninstall DESTDIR="$T/m" MAN1="$T/x.1" MAN1_ZH="$T/zh/x.1" >/dev/null 2>&1
check "uninstall removes them" test ! -e "$T/m/usr/local/share/man/man1/x.1" -a ! -e "$T/m/usr/local/share/man/zh_CN/man1/x.1"
for f in README.md docs/config.md docs/examples/county.ini docs/examples/dz-monthly.timer; do
	case $f in docs/examples/*) to=examples/${f#docs/examples/} ;; docs/*) to=${f#docs/} ;; *) to=$f ;; esac
	same_file "$f installed as share/doc/dz/$to" "$TOP/$f" "$P/share/doc/dz/$to"
done
check "demo county installed without its answer keys" sh -c 'test -f "$0/county.ini" && test -f "$0/roster.csv" && test ! -e "$0/expected"' "$P/share/doc/dz/demo"

# the installed binary is the dz under test and runs the demo
"$P/bin/dz" version >"$T/v.inst" 2>&1
"$DZ" version >"$T/v.build" 2>&1
same_file "installed dz version = built dz version" "$T/v.build" "$T/v.inst"
# runkey NAME CONFIG : run the installed dz on CONFIG, compare with the keys
runkey() {
	"$P/bin/dz" run -q "$2" --out "$T/$1" >"$T/$1.out" 2>"$T/$1.err"
	rc=$?
	if [ $rc = 0 ]; then ok "installed dz run on the $1 exits 0"
	else notok "installed dz run on the $1 exited $rc"; sed 's/^/#   /' "$T/$1.err" | head -5; fi
	for f in mismatches warnings; do
		tail -n +2 "$KEY/$f.tsv" | cut -f1-5 | LC_ALL=C sort >"$T/$f.want"
		if [ -f "$T/$1/2026-10/$f.csv" ]; then
			$PY "$TOP/tests/csvcol.py" "$T/$1/2026-10/$f.csv" 规则编号,乡镇,行政村,户编号,证件号码 |
				LC_ALL=C sort >"$T/$f.got"
		else
			: >"$T/$f.got"
		fi
		same_file "installed dz on the $1: $f as in the answer key" "$T/$f.want" "$T/$f.got"
	done
}
runkey demo "$TOP/fixtures/demo/county.ini"
runkey installed-demo "$P/share/doc/dz/demo/county.ini"

# another PREFIX
expect_exit 0 "make install PREFIX=/opt/dz exits 0" sh -c 'make -s -C "$0" BUILD="$1" -o "$1/dz" install PREFIX=/opt/dz DESTDIR="$2/o" >/dev/null 2>&1' "$TOP" "$BUILD" "$T"
check "PREFIX=/opt/dz: binary and docs under /opt/dz" sh -c 'test -x "$0/bin/dz" && test -f "$0/share/doc/dz/README.md" && test ! -e "$1/usr"' "$T/o/opt/dz" "$T/o"

# uninstall removes every file it installed
expect_exit 0 "make uninstall DESTDIR=... exits 0" sh -c 'make -s -C "$0" BUILD="$1" -o "$1/dz" uninstall DESTDIR="$2/d" >/dev/null 2>&1' "$TOP" "$BUILD" "$T"
left=$(find "$T/d" ! -type d | head -5)
if [ -z "$left" ]; then ok "make uninstall leaves no file behind"; else notok "left after uninstall: $left"; fi
check "share/doc/dz removed" test ! -e "$P/share/doc/dz"
