#!/bin/sh
# docs/manual.md, the officer's manual, is what tools/manual.sh makes of
# docs/manual.md.in with this dz: every command it shows is run again on the
# demo county and its output must be the one printed in the manual.  The
# generator refuses a command whose exit status is not the one the template
# says; README points to the manual first.
. "$(dirname "$0")/lib.sh"
M=$TOP/docs/manual.md

check "docs/manual.md and its template docs/manual.md.in exist" test -f "$M" -a -f "$TOP/docs/manual.md.in"
if sh "$TOP/tools/manual.sh" -o "$T/manual.md" "$DZ" 2>"$T/gen.err"; then
	ok "tools/manual.sh runs every command of the manual on the demo county"
else
	notok "tools/manual.sh failed"; head -20 "$T/gen.err" | sed 's/^/#   /'
fi
if cmp -s "$M" "$T/manual.md"; then
	ok "docs/manual.md is up to date with what dz prints"
else
	notok "docs/manual.md differs from what dz prints now: regenerate it with 'sh tools/manual.sh' (after make) and check the text around the changed output"
	diff "$M" "$T/manual.md" | head -30 | sed 's/^/#   /'
fi
check "every command block of the manual shows its command" sh -c '
	awk "/^\`\`\`console\$/ { getline; if (\$0 !~ /^\\\$ /) bad++ } END { exit bad }" "$0"' "$M"
n=$(grep -c '^\$ .*dz [a-z]' "$M")
if [ "$n" -ge 6 ]; then ok "the manual runs dz $n times"; else notok "the manual runs dz $n times"; fi
check "no template line left in the manual" sh -c '! grep -q "^@@" "$0"' "$M"

# the generator stops on a command that does not exit as the template says
printf '# t\n@@ dz run no-such.ini\n' >"$T/bad.in"
expect_exit 1 "manual.sh: a command exiting 2 where the template says 0 stops it" \
	sh "$TOP/tools/manual.sh" -o "$T/bad.md" -i "$T/bad.in" "$DZ" 2>"$T/bad.err"
check "... and says which command" grep -q "'dz run no-such.ini' exited 2, the manual says 0" "$T/bad.err"
printf '# t\n@@2 dz run no-such.ini\n@@lines 1\n@@ dz help\n' >"$T/good.in"
expect_exit 0 "manual.sh: @@2 expects exit 2" sh "$TOP/tools/manual.sh" -o "$T/good.md" -i "$T/good.in" "$DZ"
"$DZ" run no-such.ini >"$T/real.out" 2>&1
{ printf '%s\n' '# t' '```console' '$ dz run no-such.ini'; cat "$T/real.out"
  printf '%s\n' '（退出码 2）' '$ dz help' 'usage: dz <command> [options]' '……' '```'; } >"$T/good.want"
same_file "manual.sh shows each command, its output, the exit status, the @@lines excerpt, in one block" \
	"$T/good.want" "$T/good.md"

# README: the manual is the first document it names
first=$(grep -o 'docs/[a-z./]*\.md' "$TOP/README.md" | head -1)
if [ "$first" = docs/manual.md ]; then ok "README names docs/manual.md first"; else notok "README names $first first, not docs/manual.md"; fi
