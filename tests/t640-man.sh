#!/bin/sh
# The man pages dz(1), English (man/man1/dz.1) and Chinese
# (man/zh_CN/man1/dz.1): every command that 'dz --help' lists has a
# ".SS dz COMMAND" section in both, naming exactly the options that
# 'dz COMMAND --help' names (tests/manopts.py reads both, independently of
# dz's code); no section for a command dz does not have; the exit codes;
# mandoc -Tlint says nothing; man -l renders both.
. "$(dirname "$0")/lib.sh"
EN=$TOP/man/man1/dz.1
ZH=$TOP/man/zh_CN/man1/dz.1
MO="$PY $TOP/tests/manopts.py"

check "English man page man/man1/dz.1 exists" test -f "$EN"
check "Chinese man page man/zh_CN/man1/dz.1 exists" test -f "$ZH"

# the commands, as 'dz --help' lists them: "  NAME  text"
"$DZ" --help >"$T/help.txt" 2>&1
sed -n '/^commands:/,/^$/s/^  \([a-z][a-z0-9-]*\)  .*/\1/p' "$T/help.txt" >"$T/cmds"
n=$(wc -l <"$T/cmds")
if [ "$n" -ge 7 ]; then ok "dz --help lists $n commands"; else notok "dz --help lists $n commands"; cat "$T/help.txt" | sed 's/^/#   /'; fi

for page in "$EN" "$ZH"; do
	lang=en; [ "$page" = "$ZH" ] && lang=zh_CN
	$MO sections "$page" | LC_ALL=C sort >"$T/secs.$lang"
	LC_ALL=C sort "$T/cmds" >"$T/cmds.sorted"
	same_file "$lang man page: one .SS dz COMMAND section per command of dz --help" "$T/cmds.sorted" "$T/secs.$lang"
done

while read -r c; do
	"$DZ" "$c" --help >"$T/$c.help" 2>"$T/$c.err"
	rc=$?
	if [ $rc = 0 ] && [ -s "$T/$c.help" ] && [ ! -s "$T/$c.err" ]; then ok "dz $c --help: usage on stdout, exit 0"
	else notok "dz $c --help exited $rc"; fi
	$MO help "$c" <"$T/$c.help" >"$T/$c.want"
	for page in "$EN" "$ZH"; do
		lang=en; [ "$page" = "$ZH" ] && lang=zh_CN
		if $MO man "$page" "$c" >"$T/$c.$lang"; then
			if cmp -s "$T/$c.want" "$T/$c.$lang"; then
				ok "dz $c: $lang man page names the options of --help ($(tr '\n' ' ' <"$T/$c.want"))"
			else
				notok "dz $c: $lang man page ($page, section '.SS dz $c') and 'dz $c --help' name different options"
				diff "$T/$c.want" "$T/$c.$lang" | sed 's/^/#   /'
				echo "#   (< only in --help, > only in the man page)"
			fi
		else
			notok "dz $c: no section '.SS dz $c' in $page (write one: same options as 'dz $c --help')"
		fi
	done
done <"$T/cmds"

# exit status: every code dz --help names has its entry in both pages
for page in "$EN" "$ZH"; do
	lang=en; [ "$page" = "$ZH" ] && lang=zh_CN
	sed -n '/^\.SH \(EXIT STATUS\|退出状态\)/,/^\.SH/p' "$page" | sed -n 's/^\.B \([0-9]\)$/\1/p' | tr -d '\n' >"$T/codes.$lang"
	codes=$(cat "$T/codes.$lang")
	if [ "$codes" = 0123 ]; then ok "$lang man page: exit status 0, 1, 2, 3"
	else notok "$lang man page: exit status entries '$codes', want 0123"; fi
	for s in SYNOPSIS DESCRIPTION COMMANDS FILES EXAMPLES "SEE ALSO"; do
		case $lang.$s in
		zh_CN.SYNOPSIS) s=概述 ;; zh_CN.DESCRIPTION) s=描述 ;; zh_CN.COMMANDS) s=命令 ;;
		zh_CN.FILES) s=文件 ;; zh_CN.EXAMPLES) s=示例 ;; "zh_CN.SEE ALSO") s=参见 ;;
		esac
		check "$lang man page has the section $s" grep -qx "\.SH $s" "$page"
	done
done

# mandoc -Tlint: not a word (style messages included)
if command -v mandoc >/dev/null 2>&1; then
	for page in "$EN" "$ZH"; do
		mandoc -Tlint "$page" >"$T/lint" 2>&1
		rc=$?
		if [ $rc = 0 ] && [ ! -s "$T/lint" ]; then ok "mandoc -Tlint $page: clean"
		else notok "mandoc -Tlint $page (exit $rc)"; head -10 "$T/lint" | sed 's/^/#   /'; fi
	done
else
	notok "mandoc not installed (tools/deps.sh installs it)"
fi

# man -l renders both (through groff, as man(1) does), without a warning
for page in "$EN" "$ZH"; do
	MANWIDTH=80 MAN_KEEP_FORMATTING= man -l "$page" >"$T/render" 2>"$T/render.err"
	rc=$?
	if [ $rc = 0 ] && [ ! -s "$T/render.err" ] && grep -q 'dz run' "$T/render" && grep -q 'dz idcheck' "$T/render"; then
		ok "man -l $page renders ($(wc -l <"$T/render") lines)"
	else
		notok "man -l $page (exit $rc)"; head -5 "$T/render.err" | sed 's/^/#   /'
	fi
done
check "man -l: English page shows its NAME line" sh -c 'MANWIDTH=80 man -l "$0" 2>/dev/null | grep -q "dz - reconcile"' "$EN"
check "man -l: Chinese page shows its 名称 line" sh -c 'MANWIDTH=80 man -l "$0" 2>/dev/null | grep -q "dz - 防返贫部门数据对账与预警推送"' "$ZH"
