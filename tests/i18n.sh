#!/bin/sh
# In the user's language: the terminal follows the locale (gettext), the
# workbook the repository's language whatever the locale, and what
# machines read (JSON, saved assessments, JUnit types) keeps the English
# ids. Run on a copy of the bundled example.
. "$(dirname "$0")/lib.sh"
export ITSS_TODAY=2026-01-15
cp -R "$top/examples/huaxin" "$tmp/r" && rm -rf "$tmp/r/.itss" "$tmp/r/assessments"
cd "$tmp/r" || exit 1

# A Chinese locale: the machine's zh_CN.UTF-8 (.ci/deps makes it), else
# one built here (localedef, no root needed), else LANGUAGE over C.UTF-8,
# which glibc honours too.
zh="LC_ALL=zh_CN.UTF-8"
if ! locale -a 2>/dev/null | grep -qix 'zh_CN.utf-\{0,1\}8'; then
	if localedef -i zh_CN -f UTF-8 "$tmp/loc/zh_CN.UTF-8" >/dev/null 2>&1 ||
	    { mkdir -p "$tmp/loc" && localedef -i zh_CN -f UTF-8 "$tmp/loc/zh_CN.UTF-8" >/dev/null 2>&1; }; then
		zh="LOCPATH=$tmp/loc LC_ALL=zh_CN.UTF-8"
	else
		zh="LC_ALL=C.UTF-8 LANGUAGE=zh_CN"
	fi
fi
zh() { env $zh "$@"; }
en() { env LC_ALL=C "$@"; }

run import-zh 0 "条记录" zh "$ITSS" evidence import
run help-zh 0 "用法：itss [-C DIR] COMMAND [ARGS]" zh "$ITSS" --help
run help-cmd-zh 0 "依据证据和判定评估组织" zh "$ITSS" assess --help
run help-en 0 "usage: itss [-C DIR] COMMAND [ARGS]" en "$ITSS" --help
run usage-zh 2 "未知选项“--nope”" zh "$ITSS" assess --nope
run date-zh 2 "须为日期 YYYY-MM-DD" zh "$ITSS" assess --as-of 2025-13-01
run assess-zh 1 "达到等级：拓展级" zh "$ITSS" assess --as-of 2025-12-31
grep -q "距协同级的差距：5 项要求" "$tmp/out" || bad "assess-zh: the gap line is not Chinese"
grep -q "缺失 *缺少：记录" "$tmp/out" || bad "assess-zh: the gap's status and what is missing are not Chinese"
grep -Eq " (partial|missing|expired|met) " "$tmp/out" && bad "assess-zh: an English status is left"
# Chinese punctuation beside Chinese text: full-width brackets, colons and
# semicolons, not "协同级:", "(1 能力策划)" or "拓展级 (extended)".
grep -q "能力管理 → 协同级：8.1.1.a 部分符合（1 能力策划）" "$tmp/out" || bad "assess-zh: the blockers' punctuation"
grep -q "达到等级：拓展级（extended）" "$tmp/out" || bad "assess-zh: the level's id in ASCII brackets"
grep -q '[^ -~]\( (\|:\|; \)' "$tmp/out" && { bad "assess-zh: ASCII punctuation after Chinese"; grep -n '[^ -~]\( (\|:\|; \)' "$tmp/out" | head -3; }
run assess-en 1 "level reached: 拓展级" en "$ITSS" assess --as-of 2025-12-31
grep -q " missing " "$tmp/out" || bad "assess-en: the English statuses are gone"
run list-zh 0 "已批准" zh "$ITSS" evidence list --kind policy
grep -q "^编号 " "$tmp/out" || bad "list-zh: the column heads are not Chinese"
run check-zh 1 "检查：" zh "$ITSS" check --as-of 2025-12-31
# An error from the library (a bad record), located and in Chinese.
mkdir -p evidence/zz
printf 'id: zz-1\ntitle: t\nkind: record\nsatisfies: [6.1.1.a]\ndate: 2025-02-30\nstatus: approved\n' >evidence/zz/bad.yaml
run error-zh 3 "evidence/zz/bad.yaml:5:7: " zh "$ITSS" evidence import
grep -q "须为 YYYY-MM-DD 形式的日期" "$tmp/out" || bad "error-zh: the record's error is not Chinese"
# A reason a library part gives for its refusal (the path rule), in Chinese.
printf 'id: zz-2\ntitle: t\nkind: record\nsatisfies: [6.1.1.a]\ndate: 2025-02-01\nstatus: approved\nfiles: [../outside.txt]\n' >evidence/zz/bad.yaml
run path-zh 3 "有“..”部分：路径须留在仓库之内" zh "$ITSS" evidence import
rm -rf evidence/zz
en "$ITSS" evidence import >/dev/null

# Machines read the English ids, whatever the locale.
zh "$ITSS" assess --as-of 2025-12-31 --json >"$tmp/a.json"
eq json-status "$(js "$tmp/a.json" "json_extract(j, '\$.requirements[0].status')")" met
js "$tmp/a.json" "json_extract(j, '\$.requirements[0].reason')" | grep -q "^met: " ||
	bad "json-reason: not the English reason"
run save-zh 1 "已保存为" zh "$ITSS" assess --as-of 2025-12-31 --save
grep -q '"met: ' assessments/*.json || bad "save-zh: the saved file's reasons are not the English ids"
grep -q '符合：' assessments/*.json && bad "save-zh: a Chinese reason in the saved file"

# The workbook: Chinese by default (itss.yaml has no language), the same
# whatever the locale, and in English with --lang en.
cells() { unzip -p "$1" 'xl/worksheets/*.xml' | sed 's/<c /\n<c /g' | sed -n 's/.*<t[^>]*>\([^<]*\)<\/t>.*/\1/p'; }
en "$ITSS" report --as-of 2025-12-31 -o "$tmp/c.xlsx" >/dev/null 2>&1 || bad "report-c: failed"
zh "$ITSS" report --as-of 2025-12-31 -o "$tmp/z.xlsx" >/dev/null 2>&1 || bad "report-zh: failed"
cells "$tmp/c.xlsx" >"$tmp/c.txt"
cells "$tmp/z.xlsx" >"$tmp/z.txt"
cmp -s "$tmp/c.txt" "$tmp/z.txt" && ok || bad "report: the workbook's text depends on the locale"
grep -q "^符合：记录 由 " "$tmp/c.txt" && ok || bad "report-reasons: no Chinese reason"
grep -q "不适用，依据对能力项 30 备件库 的判定：" "$tmp/c.txt" && ok || bad "report-judgement: the judgement's reason is not Chinese"
if grep -En "^(met|partial|expired|missing): |, by judgement|^needs |not approved" "$tmp/c.txt" | head -3 | grep .; then
	bad "report-english: English reasons in the Chinese workbook"
else
	ok
fi
en "$ITSS" report --as-of 2025-12-31 --lang en -o "$tmp/e.xlsx" >/dev/null 2>&1 || bad "report-en: failed"
cells "$tmp/e.xlsx" | grep -q "^met: record by " && ok || bad "report-en: no English reason with --lang en"

finish i18n
