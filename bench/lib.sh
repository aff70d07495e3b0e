# bench/lib.sh - helpers shared by bench/bench.sh and bench/scale.sh (sourced).
#
# Before sourcing: B (build folder, absolute).  Sets DZ GEN CSVCOUNT RUSAGE
# DATA WORK, builds bench/rusage, and provides:
#   county N          -> folder of the generated N-resident county (cached)
#   county_files DIR  -> the source files of DIR/county.ini, one a line
#   once TAG CMD...   run CMD under rusage; appends "wall user sys rss exit"
#                     to $WORK/TAG.t (stdout discarded, stderr to TAG.err)
#   dzrun TAG INI [OPT...]  dz run once into $WORK/out (removed first), -q
#   pairs TAG FN_A FN_B     A B A B ... (PAIRS pairs) -> $WORK/TAG.p
#   show_pairs, exits       print the pairs; worst exit status of a pair file
#   median / minmax over a column expression of a .t or .p file
#   loadavg, freegb DIR, note, die, calc
# Numbers: seconds, KiB for ru_maxrss; MB = 10^6 bytes.
set -u
DZ=$B/dz
GEN=$B/fixtures/gen
CSVCOUNT=$B/bench/csvcount
RUSAGE=$B/bench/rusage
DATA=${DZ_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/dz-bench}
JOBOPT=${DZ_BENCH_JOBS:+-j $DZ_BENCH_JOBS}

die() { echo "bench: $*" >&2; exit 1; }
note() { echo "bench: $*" >&2; }
calc() { awk "BEGIN { OFMT = \"%.6g\"; x = $1; if (x == int(x) && x < 1e15 && x > -1e15) printf \"%d\\n\", x; else print x }"; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
# freegb DIR -> whole GB (10^9 bytes) free on DIR's file system
freegb() { df -P -B1 "$1" | awk 'NR == 2 { printf "%d", $4 / 1e9 }'; }

for f in "$DZ" "$GEN" "$CSVCOUNT"; do
	[ -x "$f" ] || die "'$f' missing: build it first (make bench builds it)"
done
mkdir -p "$DATA" "$B/bench" || die "cannot create '$DATA'"
if [ ! -x "$RUSAGE" ] || [ "$TOP/bench/rusage.c" -nt "$RUSAGE" ]; then
	${CC:-cc} -std=c11 -Wall -Wextra -D_GNU_SOURCE -O2 -o "$RUSAGE" "$TOP/bench/rusage.c" ||
		die "cannot build $RUSAGE"
fi
WORK=$(mktemp -d "$DATA/run.XXXXXX") || die "cannot create a work folder in '$DATA'"
trap 'rm -rf "$WORK"' EXIT
trap 'exit 130' INT TERM

# One folder per (resident count, generator source hash): a changed
# fixtures/*.c or *.h regenerates, an unchanged one is reused.
GENKEY=$(cat "$TOP"/fixtures/*.c "$TOP"/fixtures/*.h 2>/dev/null | sha256sum | cut -c1-12)

county() {
	d=$DATA/county-$1-$GENKEY
	if [ ! -f "$d/.complete" ]; then
		for old in "$DATA"/county-"$1"-*; do
			[ -d "$old" ] && [ "$old" != "$d" ] && rm -rf "$old"
		done
		rm -rf "$d" "$d.tmp"
		note "generating a county of $1 residents into $d"
		nice -n 10 "$GEN" scale "$1" "$d.tmp" >"$WORK/gen.out" 2>&1 || {
			cat "$WORK/gen.out" >&2
			rm -rf "$d.tmp"
			die "$GEN scale $1 failed"
		}
		[ -f "$d.tmp/county.ini" ] || die "$GEN scale $1 wrote no county.ini"
		mv "$d.tmp" "$d" && : >"$d/.complete" || die "cannot finish '$d'"
	fi
	echo "$d"
}

county_files() {
	awk -v dir="$1" '/^[ \t]*file[ \t]*=/ { v = $0; sub(/^[^=]*=[ \t]*/, "", v); sub(/[ \t\r]*$/, "", v)
		print (v ~ /^\// ? v : dir "/" v) }' "$1/county.ini"
}

once() {
	_once=$1
	shift
	"$RUSAGE" -o "$WORK/$_once.t" "$@" 2>>"$WORK/$_once.err"
}

dzrun() {
	_dzt=$1 _dzc=$2
	shift 2
	rm -rf "$WORK/out"
	# shellcheck disable=SC2086
	once "$_dzt" "$DZ" run "$_dzc" --out "$WORK/out" -q $JOBOPT "$@"
}

# median FILE AWK-EXPR ; minmax FILE AWK-EXPR -> "min–max" ; max FILE AWK-EXPR
median() {
	awk "{ print $2 }" "$1" | sort -g |
		awk '{ v[NR] = $1 } END { printf "%.6f\n", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
minmax() { awk "{ print $2 }" "$1" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f–%.2f", lo, hi }'; }
max() { awk "{ printf \"%.6f\\n\", $2 }" "$1" | sort -g | tail -1; }
# worst FILE -> the last non-zero exit status in a .t file, else 0
worst() { awk 'BEGIN { m = 0 } { if ($5 != 0) m = $5 } END { print m }' "$1"; }
# records FILE... -> CSV records libcsv sees (title and header rows included)
records() { "$CSVCOUNT" "$@" | awk -F'\t' '$4 == "total" { print $1 }'; }

# pairs TAG FN_A FN_B : one warm-up pair (unless WARMUP=0), then PAIRS pairs; FN_A and FN_B
# are shell functions taking a tag for `once`.  $WORK/TAG.p gets one line
# per pair: wallA userA sysA rssA exitA wallB userB sysB rssB exitB.
pairs() {
	if [ "${WARMUP:-1}" = 1 ]; then
		"$2" "$1.warm"
		"$3" "$1.warm"
	fi
	i=0
	while [ $i -lt "$PAIRS" ]; do
		"$2" "$1.a"
		"$3" "$1.b"
		echo "$(tail -1 "$WORK/$1.a.t") $(tail -1 "$WORK/$1.b.t")" >>"$WORK/$1.p"
		i=$((i + 1))
	done
	for s in a b; do
		x=$(worst "$WORK/$1.$s.t")
		if [ "$x" != 0 ]; then
			note "$1: a run exited $x; its messages:"
			tail -5 "$WORK/$1.$s.err" | sed 's/^/bench:   /' >&2
		fi
	done
}
# exits TAG -> 0 when every counted run of both sides exited 0
exits() { awk 'BEGIN { m = 0 } { if ($5 != 0) m = $5; if ($10 != 0) m = $10 } END { print m }' "$WORK/$1.p"; }
# show_pairs TAG LABEL-A LABEL-B : one line per pair
show_pairs() {
	awk -v a="$2" -v b="$3" '{ printf "    pair %d: %s %6.3f s (CPU %6.3f s)   %s %6.3f s (CPU %6.3f s)   ratio %.2f (CPU %.2f)\n",
		NR, a, $1, $2 + $3, b, $6, $7 + $8, $6 / $1, ($7 + $8) / ($2 + $3) }' "$WORK/$1.p"
}
