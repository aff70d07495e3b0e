#!/bin/sh
# tools/manual.sh - generate docs/manual.md (the officer's manual) from its
# template docs/manual.md.in by running every command it shows on a copy of
# the demo county and splicing in what the command prints.
#
# usage: sh tools/manual.sh [-o FILE|-] [-i TEMPLATE] [DZ]
#   -o FILE  write there (default docs/manual.md; - for standard output)
#   -i FILE  the template (default docs/manual.md.in)
#   DZ       the dz binary to run (default build/dz)
# tests/t641-manual.sh regenerates into a temporary file and compares it
# with docs/manual.md: after changing what dz prints, run this script.
#
# Template lines (all other lines are copied as they are):
#   @@ CMD          run CMD, which must exit 0; show "$ CMD" and its output
#                   (commands on adjacent lines share one console block)
#   @@N CMD         the same, CMD must exit N (the block ends "（退出码 N）")
#   @@lines A:B,..  the next command shows only these lines of its output
#                   (A:B a range, A one line; $ is the last line, $-2 the
#                   third last); "……" marks what is left out
#   @@! CMD         run CMD, must exit 0, show nothing (setting up a step)
# Commands run one after another in one working folder, as the officer types
# them: a `cd` carries over to the next command, ~ is a fresh home folder,
# dz is DZ, and output is standard output and standard error together.
#
# What is normalized, so that the manual does not change from machine to
# machine or from day to day (each replacement is listed here and nowhere
# else):
#   - /usr/local/share/doc/dz/demo in a command is run as a copy of
#     fixtures/demo without its answer keys (the installed demo county),
#     /usr/local/share/doc/dz/examples as docs/examples;
#   - the temporary home folder in the output is shown as ~;
#   - the byte order mark of a CSV's first line is not shown;
#   - today's date in the output is shown as <今天> (the commands name their
#     run date with --date, so it shows only where dz prints the clock).
# A command that exits with a status other than the one the template says
# stops the script (exit 1) with its output: the manual is never written
# from a run that went wrong.
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
out=$TOP/docs/manual.md
IN=$TOP/docs/manual.md.in
while [ $# -gt 1 ]; do
	case $1 in
	-o) out=$2 ;;
	-i) IN=$2 ;;
	*) break ;;
	esac
	shift 2
done
DZ=${1:-$TOP/build/dz}
case $DZ in /*) ;; *) DZ=$PWD/$DZ ;; esac
[ -x "$DZ" ] || { echo "manual.sh: no dz at $DZ (make first)" >&2; exit 1; }

W=$(mktemp -d "${TMPDIR:-/tmp}/dzmanual.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/bin" "$W/home" "$W/demo"
ln -s "$DZ" "$W/bin/dz"
for f in "$TOP"/fixtures/demo/*; do
	case ${f##*/} in expected|out) continue ;; esac
	cp -R "$f" "$W/demo/"
done
today=$(date +%F)
cwd=$W/home

# shown CMD: print CMD's output lines after normalizing
normalize() {
	sed -e "s|$W/home|~|g" -e '1s/^\xef\xbb\xbf//' -e 's/^\xef\xbb\xbf//' -e "s/$today/<今天>/g"
}

# excerpt SPEC FILE: the lines of FILE that SPEC (A:B,C,...) names
excerpt() {
	awk -v spec="$1" '
	function val(s) { if (s ~ /^\$/) { s = substr(s, 2); return n + (s == "" ? 0 : s) } return s + 0 }
	{ line[++n] = $0 }
	END {
		k = split(spec, part, ",")
		last = 0
		for (i = 1; i <= k; i++) {
			if (split(part[i], ab, ":") == 1) ab[2] = ab[1]
			a = val(ab[1]); b = val(ab[2])
			if (a < 1) a = 1
			if (b > n) b = n
			if (a > last + 1) print "……"
			for (j = a; j <= b; j++) print line[j]
			if (b > last) last = b
		}
		if (last < n) print "……"
	}' "$2"
}

# run WANT CMD: run CMD in the working folder, keep its folder for the next
run() {
	want=$1
	shown=$2
	cmd=$(printf '%s' "$shown" | sed -e "s|/usr/local/share/doc/dz/demo|$W/demo|g" \
		-e "s|/usr/local/share/doc/dz/examples|$TOP/docs/examples|g")
	set +e
	(cd "$cwd" && export HOME="$W/home" PATH="$W/bin:$PATH" LC_ALL=C.UTF-8 TZ=Asia/Shanghai &&
		eval "$cmd" && pwd >"$W/.cwd") >"$W/.out" 2>&1 </dev/null
	rc=$?
	set -e
	# a failing CMD leaves the folder as it was
	[ $rc = 0 ] && cwd=$(cat "$W/.cwd")
	if [ "$rc" != "$want" ]; then
		echo "manual.sh: '$shown' exited $rc, the manual says $want:" >&2
		sed 's/^/  /' "$W/.out" >&2
		exit 1
	fi
}

lines=
open=0  # inside a console block: commands on adjacent template lines share one
{
	while IFS= read -r l; do
		case $l in
		'@@lines '*)
			lines=${l#@@lines }
			;;
		'@@! '*)
			run 0 "${l#@@! }"
			;;
		'@@'[0-9]' '*|'@@ '*)
			rest=${l#@@}
			want=${rest%% *}
			want=${want:-0}
			c=${rest#* }
			run "$want" "$c"
			[ $open = 1 ] || echo '```console'
			open=1
			printf '$ %s\n' "$c"
			normalize <"$W/.out" >"$W/.norm"
			if [ -n "$lines" ]; then excerpt "$lines" "$W/.norm"; else cat "$W/.norm"; fi
			[ "$want" = 0 ] || echo "（退出码 $want）"
			lines=
			;;
		'@@'*)
			echo "manual.sh: unknown template line: $l" >&2
			exit 1
			;;
		*)
			[ $open = 0 ] || echo '```'
			open=0
			printf '%s\n' "$l"
			;;
		esac
	done <"$IN"
	[ $open = 0 ] || echo '```'
} >"$W/manual.md"

if [ "$out" = - ]; then
	cat "$W/manual.md"
else
	cp "$W/manual.md" "$out"
fi
