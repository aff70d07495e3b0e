#!/bin/sh
# t118: an input that changes while dz reads it fails its source (#14 item
# 3a, exit 3, nothing pushed): an export still being written (it grows
# after dz's first read) and one replaced by another file (rename over it)
# in the middle of the read.  An LD_PRELOAD shim built here does the
# writing at dz's first read() of the file, so the test is deterministic.
# Before, dz read the rows it found and exited 0.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
cd "$T"
cat >shim.c <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
/* DZ_CHANGE_PATH: the file; DZ_CHANGE_HOW: grow (append a line) or
 * replace (rename DZ_CHANGE_PATH.new over it), at the first read() */
static int watched = -1, done;
static int (*real_open)(const char *, int, ...);
static ssize_t (*real_read)(int, void *, size_t);
static int hook_open(const char *p, int fd)
{
	const char *w = getenv("DZ_CHANGE_PATH");
	if (fd >= 0 && w && !strcmp(p, w))
		watched = fd;
	return fd;
}
int open(const char *p, int flags, ...)
{
	mode_t m = 0;
	if (flags & O_CREAT) { va_list ap; va_start(ap, flags); m = va_arg(ap, mode_t); va_end(ap); }
	if (!real_open) real_open = dlsym(RTLD_NEXT, "open");
	return hook_open(p, real_open(p, flags, m));
}
int open64(const char *p, int flags, ...)
{
	mode_t m = 0;
	if (flags & O_CREAT) { va_list ap; va_start(ap, flags); m = va_arg(ap, mode_t); va_end(ap); }
	if (!real_open) real_open = dlsym(RTLD_NEXT, "open");
	return hook_open(p, real_open(p, flags, m));
}
ssize_t read(int fd, void *b, size_t n)
{
	if (!real_read) real_read = dlsym(RTLD_NEXT, "read");
	ssize_t k = real_read(fd, b, n);
	if (fd == watched && !done && k > 0) {
		done = 1;
		const char *w = getenv("DZ_CHANGE_PATH"), *how = getenv("DZ_CHANGE_HOW");
		if (how && !strcmp(how, "grow")) {
			int a = real_open(w, O_WRONLY | O_APPEND, 0);
			if (a >= 0) { if (write(a, "\n", 1) != 1) _exit(99); close(a); }
		} else {
			char nw[4096];
			snprintf(nw, sizeof nw, "%s.new", w);
			rename(nw, w);
		}
	}
	return k;
}
C
cc -shared -fPIC -O1 -o shim.so shim.c -ldl || notok "build the shim"
shim() { env LD_PRELOAD="$T/shim.so" ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=0 "$@"; }
{
	echo "证件号码,姓名,死亡日期"
	i=1
	while [ $i -le 20 ]; do
		echo "$(id 410101 19800101 $((100 + i))),人$i,2024-06-01"
		i=$((i + 1))
	done
} >d.csv
MSG="the file changed during the run (its size, time or identity differ between the start and the end of reading; still being written or copied?); run again once it is complete"

# unchanged under the shim: read as usual
shim env DZ_CHANGE_PATH=/nonexistent "$DZ" ingest -q -k death -p 2024-06 d.csv >ok.rec 2>err
check "unchanged: exit 0" test $? = 0

for how in grow replace; do
	cp d.csv "$how.csv"
	cp d.csv "$how.csv.new"
	echo "$(id 410101 19800101 999),新人,2024-06-02" >>"$how.csv.new"
	shim env DZ_CHANGE_PATH="$how.csv" DZ_CHANGE_HOW=$how "$DZ" ingest -q -k death -p 2024-06 "$how.csv" >x.rec 2>err
	check "$how: exit 3" test $? = 3
	check "$how: message" grep -qxF "dz: ingest: '$how.csv': $MSG" err
	# gzip'd and XML go through the same reader
	gzip -c d.csv >"$how.csv.gz"; cp "$how.csv.gz" "$how.csv.gz.new"
	shim env DZ_CHANGE_PATH="$how.csv.gz" DZ_CHANGE_HOW=$how "$DZ" ingest -q -k death -p 2024-06 "$how.csv.gz" >x.rec 2>err
	check "$how, gzip: exit 3" test $? = 3
done

# dz run: the source fails, nothing pushed
printf '证件号码,姓名,乡镇,行政村,户编号,与户主关系\n%s,人1,城关镇,东关村,H1,户主\n' "$(id 410101 19800101 101)" >roster.csv
cp d.csv run.csv
shim env DZ_CHANGE_PATH=run.csv DZ_CHANGE_HOW=grow "$DZ" run -q -j 1 --period 2024-06 --out out --roster roster.csv --source death=run.csv >/dev/null 2>err
check "dz run: exit 3" test $? = 3
check "dz run: the message" grep -qF "'run.csv': $MSG" err
check "dz run: nothing pushed" test ! -d out/2024-06/push
