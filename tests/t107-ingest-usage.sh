#!/bin/sh
# dz ingest usage errors: exit 2 with a message, nothing read or written.
. "$(dirname "$0")/lib.sh"
cd "$T"
printf '证件号码\n' >a.csv
u() {   # u DESC MESSAGE ARGS...
	d=$1; m=$2; shift 2
	"$DZ" ingest "$@" >out.txt 2>err.txt
	rc=$?
	if [ $rc = 2 ] && [ "$(head -n 1 err.txt)" = "dz: ingest: $m" ] && [ ! -s out.txt ]; then
		ok "$d"
	else
		notok "$d (exit $rc)"
		sed 's/^/#   /' err.txt
	fi
}
u "no --kind" "--kind is required" a.csv
u "unknown kind" "unknown kind 'medical' (one of roster household dibao tekun relief death med_enroll med_claims employment school water survey)" -k medical a.csv
u "no file" "which file? (give a FILE, or - for stdin)" -k death
u "two files" "give exactly one FILE" -k death a.csv a.csv
u "bad period" "--period wants YYYY-MM, not '2024-13'" -k death -p 2024-13 a.csv
u "bad period text" "--period wants YYYY-MM, not '六月'" -k death -p 六月 a.csv
u "bad header row" "--header-row wants a row number (1 or more), not '0'" -k death -H 0 a.csv
u "bad max-reject" "--max-reject wants a percentage from 0 to 100, not '5%'" -k death -m 5% a.csv
u "unknown option" "unknown option '--colour'" -k death --colour a.csv
u "missing value" "option --kind needs a value" --kind
u "quality to stdout" "--quality needs a file name (standard output carries the records)" -k death -Q - a.csv
"$DZ" ingest -k death -p 2024-06 --encoding NOPE a.csv >out.txt 2>err.txt
check "unknown encoding: exit 2" test $? = 2
check "unknown encoding: message" grep -qx "dz: ingest: unknown encoding 'NOPE' (try UTF-8, GB18030 or GBK)" err.txt
"$DZ" ingest -k death -p 2024-06 -Q nodir/q.csv a.csv >out.txt 2>err.txt
check "quality file in a missing folder: exit 1" test $? = 1
