#!/bin/sh
# itss portfolio: two repositories side by side from their saved
# assessment files (not their indexes): levels by domain, target, gaps,
# actions, the certificate's next date, the trend; JSON; the workbook.
. "$(dirname "$0")/lib.sh"

cp -R "$top/examples/huaxin" "$tmp/a" && rm -rf "$tmp/a/.itss" "$tmp/a/assessments"
cp -R "$top/examples/huaxin" "$tmp/b" && rm -rf "$tmp/b/.itss" "$tmp/b/assessments" "$tmp/b/actions"
sed -i 's/^organisation: .*/organisation: "华信二分公司"/' "$tmp/b/itss.yaml"
(cd "$tmp/a" && { "$ITSS" assess --as-of 2025-06-30 --save; sleep 1; "$ITSS" assess --as-of 2025-12-31 --save; }) >/dev/null 2>&1
(cd "$tmp/b" && "$ITSS" assess --as-of 2025-12-31 --save) >/dev/null 2>&1
rm -rf "$tmp/a/.itss" "$tmp/b/.itss"	# the files, not the index
cd "$tmp" || exit 1
run text 1 "华信运维服务有限公司  2025-12-31  拓展级" "$ITSS" portfolio a b --as-of 2026-01-15 -o p.xlsx
grep -q "trend: 2025-06-30 — → 2025-12-31 拓展级" "$tmp/out" && ok || bad "text: trend"
grep -q "2026-03-15 surveillance assessment 2" "$tmp/out" && ok || bad "text: certificate next"
grep -q "^华信二分公司" "$tmp/out" && ok || bad "text: second organisation"
[ -d a/.itss ] && bad "portfolio made an index" || ok
"$ITSS" portfolio a b --as-of 2026-01-15 --json >p.json 2>/dev/null
eq orgs "$(js p.json "json_array_length(j, '\$.organisations')")" 2
eq level "$(js p.json "json_extract(j, '\$.organisations[0].level')")" extended
eq domain "$(js p.json "json_extract(j, '\$.organisations[0].domains.quality')")" collaborative
eq target "$(js p.json "json_extract(j, '\$.organisations[0].target')")" collaborative
(cd a && "$ITSS" assess --as-of 2025-12-31 --json >"$tmp/g.json" 2>/dev/null)
eq gaps "$(js p.json "json_extract(j, '\$.organisations[0].gaps')")" "$(js "$tmp/g.json" "json_array_length(j, '\$.gaps')")"
eq actions "$(js p.json "json_extract(j, '\$.organisations[0].actions.open') || '/' || json_extract(j, '\$.organisations[0].actions.overdue')")" 1/1
eq actions-b "$(js p.json "json_extract(j, '\$.organisations[1].actions.open')")" 0
eq cert "$(js p.json "json_extract(j, '\$.organisations[0].certificate_next.date')")" 2026-03-15
eq trend "$(js p.json "json_array_length(j, '\$.organisations[0].trend')")" 2
# The workbook: two sheets, the organisations in it.
[ -s p.xlsx ] && ok || bad "workbook: not written"
unzip -p p.xlsx xl/workbook.xml | grep -q '组合趋势' && ok || bad "workbook: sheets"
unzip -p p.xlsx xl/sharedStrings.xml xl/worksheets/sheet1.xml 2>/dev/null | grep -q '华信二分公司' && ok || bad "workbook: organisation"
# Refusals: no repository, nothing saved, usage.
mkdir empty
run not-repo 3 "empty: not an evidence repository" "$ITSS" portfolio empty
rm -rf b/assessments
run none-saved 3 "no saved assessment under assessments/" "$ITSS" portfolio a b
run usage 2 "portfolio takes one or more repository directories" "$ITSS" portfolio
run help 0 "usage: itss portfolio" "$ITSS" portfolio --help
finish portfolio
