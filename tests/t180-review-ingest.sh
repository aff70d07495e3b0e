#!/bin/sh
# Review of ingest against SPEC §3/§4/§5: every built-in header alias (with
# full-width, spaced and unit-suffixed variants), every vocabulary word,
# the listed date/money/year forms and the §3 ID edge cases.  Expected
# values come from the SPEC text and tests/mkid.py, not from dz's output.
. "$(dirname "$0")/lib.sh"
id() { $PY "$TOP/tests/mkid.py" "$@"; }
A=$(id 410101 19800101 011)
cd "$T"
fw() { $PY -c 'import sys;print("".join(chr(ord(c)+0xFEE0) if 0x21<=ord(c)<=0x7e else c for c in sys.argv[1]))' "$1"; }

# --- aliases: kind field alias...  (SPEC §4 table)
cat >al.txt <<'AL'
roster id 证件号码 身份证号 身份证号码 公民身份号码
roster name 姓名 成员姓名
roster township 乡镇 乡 乡(镇) 乡镇(街道)
roster village 行政村 村 村(社区)
roster household_id 户编号
roster relation 与户主关系
roster household_type 户类型
roster monitor_type 监测对象类别
roster risk_cleared 风险是否已消除 风险是否消除
roster school_status 在校生状况
roster health_status 健康状况
roster labor_skill 劳动技能
roster work_status 务工状况
roster med_insured 是否参加城乡居民基本医疗保险
roster med_insured_staff 是否参加城镇职工基本医疗保险
roster dibao 是否享受农村居民最低生活保障 是否享受农村低保 享受低保政策情况
roster tekun 是否特困供养人员 是否特困供养 享受特困供养政策情况
roster income_pc 人均纯收入 家庭人均纯收入
roster income_pc_prev 上年人均纯收入 上年家庭人均纯收入
roster no_labor_household 整户无劳动能力兜底保障户 是否整户无劳动能力
roster water_safe 是否解决安全饮用水 饮水是否安全
roster dangerous_house 是否危房户
roster monitor_date 识别监测时间 纳入监测时间
household township 乡镇 乡(镇)
household village 村(社区)
household household_type 户类型
household monitor_type 监测对象类别
household risk_cleared 风险是否已消除 风险是否消除
household income_pc 人均纯收入 家庭人均纯收入
household income_pc_prev 上年人均纯收入 上年家庭人均纯收入
household no_labor_household 整户无劳动能力兜底保障户 是否整户无劳动能力
household water_safe 是否解决安全饮用水 饮水是否安全
household dangerous_house 是否危房户
household monitor_date 识别监测时间 纳入监测时间
dibao status 保障状态
dibao start_date 保障开始日期 批准日期 认定日期
dibao amount 月保障金 保障金额
tekun status 保障状态
tekun start_date 保障开始日期 批准日期 认定日期
tekun amount 月保障金 保障金额
relief amount 救助金额
relief date 救助日期
death date 死亡日期 火化日期 注销日期
med_enroll status 参保状态
med_enroll year 参保年度
med_claims date 结算日期 结算时间 出院日期
med_claims total 医疗费总额 医疗总费用
med_claims oop 个人负担 个人自付 个人支付金额 个人现金支付
employment status 就业状态
employment region 就业地区 务工地 务工所在地
employment date 登记日期
school school 学校名称
school stage 学段
school grade 年级
school status 学籍状态
school village 村(社区)
survey household_size 核实家庭人口数
survey income_pc 核实人均纯收入
survey dangerous_house 是否危房户
survey water_safe 饮水是否安全
survey date 核查日期
survey inspector 核查人
water project 供水工程
water quality 水质检测结果
water supply 供水保障情况
water date 检测日期
AL
bad=""
while read kind field aliases; do
	case $kind in household|survey) key=户编号 ;; water) key=乡镇,行政村 ;; *) key=证件号码 ;; esac
	for a in $aliases; do
		for v in "$a" "$(fw "$a")" " $a " "$(echo "$a" | sed 's/./& /')" "${a}（元）" "${a}(元/人)" "${a}【元】"; do
			[ "$field" = id ] && v=$(echo "$v" | sed 's/[（(【].*//')   # key column stays a key
			if [ "$field" = id ]; then   # the alias is the key column itself
				printf '%s\n' "$v" >a.csv
			else
				printf '%s,%s\n' "$key" "$v" >a.csv
			fi
			hdr=$("$DZ" ingest -q -k "$kind" -p 2024-06 --max-reject 100 a.csv 2>/dev/null | sed -n 2p)
			case "	$hdr	" in *"	$field	"*) ;; *) bad="$bad [$kind.$field '$v']" ;; esac
		done
	done
done <al.txt
if [ -z "$bad" ]; then ok "every SPEC §4 alias and its variants map"; else notok "aliases not mapped:$bad"; fi

# a header that is an alias with brackets of its own plus a unit suffix
# (other bracketed text is part of the header: t111)
printf '证件号码,乡（镇）（元）,村(社区)【户】\n%s,城关镇,一村\n' "$A" >u.csv
"$DZ" ingest -q -k dibao -p 2024-06 u.csv 2>/dev/null | sed -n 2p >u.got
printf '_row\tid\ttownship\tvillage\n' >u.want
same_file "乡(镇)/村(社区) with a bracketed suffix still map" u.want u.got

# --- vocabulary words: no DQ10/DQ11 for any listed word
vt() {
	kind=$1 col=$2; shift 2; miss=""
	for w in "$@"; do
		printf '证件号码,%s\n%s,"%s"\n' "$col" "$A" "$w" >v.csv
		"$DZ" ingest -q -k "$kind" -p 2024-06 -Q vq.csv v.csv >v.rec 2>/dev/null
		if [ $? != 0 ] || grep -q 'DQ1[01]' vq.csv; then miss="$miss [$w]"; fi
	done
	if [ -z "$miss" ]; then ok "$kind $col: every listed value accepted"; else notok "$kind $col rejects:$miss"; fi
}
vt roster 风险是否消除 是 Y y 1 TRUE true √ 否 N n 0 FALSE false × ''
vt roster 享受低保政策情况 农村低保 城市低保 不享受 ''
vt roster 享受特困供养政策情况 农村特困 城市特困 不享受 ''
vt roster 户类型 脱贫户 一般农户 监测户
vt roster 监测对象类别 脱贫不稳定户 边缘易致贫户 突发严重困难户 ''
vt roster 在校生状况 非在校生 学龄前儿童 学前教育 小学 一年级 二年级 三年级 四年级 五年级 六年级 初中 七年级 八年级 九年级 高中 高中一年级 高中二年级 高中三年级 中职 中职一年级 中职二年级 中职三年级 中专 技校 高职高专一年级 高职高专二年级 高职高专三年级 大专 本科 硕士生及以上 硕士研究生及以上
vt roster 健康状况 健康 长期慢性病 患有大病 残疾 长期慢性病、残疾 "患有大病,残疾"
vt roster 务工状况 县内务工 "乡(镇)内务工" "乡(镇)外县内务工" 县外省内务工 省外务工 务工 未务工 无 "乡（镇）内务工"
vt dibao 保障状态 正常 在保 保障中 在册 停保 终止 注销 退出
vt tekun 保障状态 正常 在保 保障中 在册 停保 终止 注销 退出
vt med_enroll 参保状态 参保缴费 正常参保 正常 已参保 参保 暂停 终止 中断 停保 未参保 未缴费
vt school 学籍状态 在读 在籍 在校 正常 转出 辍学 失学 休学 毕业 结业
vt employment 就业状态 就业 在岗 务工 已就业 失业 未就业 离岗

# --- values: column VALUE -> expected record value
vv() {
	kind=$1 col=$2 in=$3 want=$4
	printf '证件号码,%s\n%s,"%s"\n' "$col" "$A" "$in" >w.csv
	got=$("$DZ" ingest -q -k "$kind" -p 2024-06 -Q wq.csv w.csv 2>/dev/null | sed -n 3p | cut -f3)
	if [ "$got" = "$want" ]; then ok "$kind $col '$in' -> '$want'"; else notok "$kind $col '$in' -> '$got', want '$want'"; fi
}
for d in 2024-06-30 2024/6/30 2024.6.30 20240630 2024年6月30日; do vv death 死亡日期 "$d" 2024-06-30; done
vv death 死亡日期 202406 2024-06-01
vv death 死亡日期 202303.0 2023-03-01
vv relief 救助金额 "12,345.67" 12345.67
vv relief 救助金额 12345.67元 12345.67
vv relief 救助金额 "１２３４５．６７" 12345.67
vv relief 救助金额 1.005 1.01
vv relief 救助金额 -5 "?-5"
vv med_claims 个人负担 -5.5 -5.50
vv med_claims 医疗费总额 -12.345 -12.35
vv med_enroll 参保年度 2024 2024
vv med_enroll 参保年度 24 "?24"
vv roster 享受低保政策情况 农村低保 是
vv roster 享受低保政策情况 不享受 否
vv roster 享受低保政策情况 "" 否

# --- §3 IDs through idcheck (reference date 2024-06-30)
X=$(id 110105 19491231 002)
printf '%s\n' " $(echo "$A" | cut -c1-6) $(echo "$A" | cut -c7-14) $(echo "$A" | cut -c15-) " "$(fw "$A")" "$(echo "$X" | tr X x)" "=\"$A\"" "'$A" "	$A" \
	"${A}12" "${A}1234" "${A}123" 999999198001010118 4.10522E+17 410101800101011 \
	"$(id 110105 20000229 001)" "$(id 110105 19000229 001)" "$(id 110105 18991231 001)" \
	"$(id 110105 20240701 001)" "$(id 110105 20240630 001)" >ids.txt
"$DZ" idcheck --date 2024-06-30 <ids.txt | cut -f2 | tr '\n' ' ' >ids.got
printf 'OK OK OK OK OK OK DQ12 DQ12 DQ02 DQ01 DQ05 DQ06 OK DQ04 DQ04 DQ04 OK ' >ids.want
same_file "§3 ID edge cases" ids.want ids.got
"$DZ" idcheck --date 2024-06-30 <ids.txt | sed -n 12p | cut -f1 >up.got
echo "$A" >up.want
same_file "15-digit upgrade gets 19 and the right check character" up.want up.got
