#!/bin/sh
# dz idcheck: one value per line in, "normalized ID <TAB> status <TAB> birth
# date" out.  Expected values: the GB 11643-1999 examples (11010519491231002X,
# 440524188001010014, the 15-digit 110105491231002) and IDs made by the
# independent tests/mkid.py.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
tab=$(printf '\t')
A=$(id 410522 20100630 001)        # born 2010-06-30, male
FUT=$(id 110105 20990101 001)      # born 2099: after any reference date we use
# a wrong check character: replace A's last character
case $A in *0) BADCK=${A%?}1 ;; *) BADCK=${A%?}0 ;; esac

printf '%s\n' 11010519491231002X 440524188001010014 110105491231002 \
	'４.10522E+17' '' 9999999999999999999 11010519491231002X11 "${A}4102" 1101051949123100 \
	"$BADCK" '11010519900230001X' >"$T/in.txt"
cat >"$T/want.txt" <<TXT
11010519491231002X${tab}OK${tab}1949-12-31
440524188001010014${tab}DQ04${tab}
11010519491231002X${tab}DQ06${tab}1949-12-31
4.10522E+17${tab}DQ05${tab}
${tab}DQ01${tab}
9999999999999999999${tab}DQ01${tab}
11010519491231002X${tab}DQ12${tab}1949-12-31
$A${tab}DQ12${tab}2010-06-30
1101051949123100${tab}DQ02${tab}
$BADCK${tab}DQ03${tab}
11010519900230001X${tab}DQ04${tab}
TXT
"$DZ" idcheck --date 2024-06-30 "$T/in.txt" >"$T/got.txt"
check "idcheck FILE exits 0 whatever the IDs hold" test $? = 0
same_file "GB 11643 examples and each status" "$T/want.txt" "$T/got.txt"
"$DZ" idcheck --date 2024-06-30 <"$T/in.txt" >"$T/stdin.txt"
same_file "standard input gives the same" "$T/want.txt" "$T/stdin.txt"
"$DZ" idcheck --date=2024-06-30 - <"$T/in.txt" >"$T/dash.txt"
same_file "'-' and --date=D give the same" "$T/want.txt" "$T/dash.txt"

# normalization: full-width, ="...", leading ', lowercase x, spaces, CRLF, no final newline
printf '１１０１０５１９４９１２３１００２Ｘ\r\n="11010519491231002X"\r\n'"'"'11010519491231002x\r\n 1101 0519 4912 3100 2X \r\n\343\200\200110105491231002' >"$T/norm.txt"
"$DZ" idcheck --date 2024-06-30 "$T/norm.txt" >"$T/norm.out"
cat >"$T/norm.want" <<TXT
11010519491231002X${tab}OK${tab}1949-12-31
11010519491231002X${tab}OK${tab}1949-12-31
11010519491231002X${tab}OK${tab}1949-12-31
11010519491231002X${tab}OK${tab}1949-12-31
11010519491231002X${tab}DQ06${tab}1949-12-31
TXT
same_file "normalized forms, CRLF, missing final newline" "$T/norm.want" "$T/norm.out"

# reference date: the birth day itself is fine, the day before is DQ04
check "born on the reference date: OK" test "$(echo "$A" | "$DZ" idcheck --date 2010-06-30 | cut -f2)" = OK
check "born after the reference date: DQ04" test "$(echo "$A" | "$DZ" idcheck --date 2010-06-29 | cut -f2)" = DQ04
check "default reference date is today" test "$(printf '%s\n%s\n' "$FUT" "$A" | "$DZ" idcheck | cut -f2 | tr '\n' ' ')" = "DQ04 OK "

# empty input
: >"$T/empty.txt"
check "empty input, empty output" test -z "$("$DZ" idcheck "$T/empty.txt")"

# usage and errors
"$DZ" idcheck --help >"$T/help.txt"
check "--help exits 0" test $? = 0
check "--help shows usage" grep -q 'usage: dz idcheck' "$T/help.txt"
expect_exit 2 "a malformed --date is a usage error" "$DZ" idcheck --date 2024-13-01 "$T/in.txt" 2>"$T/err.txt" >/dev/null
check "... and says so" grep -q "2024-13-01" "$T/err.txt"
expect_exit 2 "--date without a value" "$DZ" idcheck --date 2>/dev/null
expect_exit 2 "an unknown option" "$DZ" idcheck --frobnicate "$T/in.txt" 2>/dev/null
expect_exit 2 "two input files" "$DZ" idcheck "$T/in.txt" "$T/in.txt" 2>/dev/null
expect_exit 1 "a missing file is an I/O error" "$DZ" idcheck "$T/nonexistent.txt" 2>"$T/err.txt"
check "... naming the file" grep -q "nonexistent.txt" "$T/err.txt"
