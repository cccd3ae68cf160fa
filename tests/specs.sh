#!/bin/sh
# The two specifications in use (DB11/T 用户单位实施规范, T/DGAG 038—2025):
# a repository on each, records citing statements (5.1.6) and list items,
# the gap aligned on their longer ids, the workbook naming the templates of
# the repository's own model, and a general clause (一般要求) counting for
# its domain beside the items'.
. "$(dirname "$0")/lib.sh"
export ITSS_TODAY=2026-06-30
# js FILE EXPR from lib.sh reads facts from the JSON.

# -- T/DGAG 038—2025 --
"$ITSS" init "$tmp/dg" --model dgag038-2025 --org 测试服务方 >/dev/null || bad "init dgag"
cd "$tmp/dg" || exit 1
mkdir -p docs && echo "目录" >docs/policies.md
cat >evidence/a.yaml <<'YAML'
- id: pol-1
  title: 服务管理制度汇编
  kind: policy
  satisfies: [5.1.6]
  date: 2026-03-01
  status: approved
  files: [docs/policies.md]
- id: rec-1
  title: 巡检记录
  kind: record
  satisfies: [7.3.2.1.3, 7.3.2.1.5, 5.1.5]
  date: 2026-04-01
  status: approved
YAML
run dgag-import 0 "2 records" "$ITSS" evidence import
"$ITSS" assess --json >"$tmp/a.json" 2>/dev/null
eq dgag-model "$(js "$tmp/a.json" "json_extract(j, '\$.model')")" dgag038-2025
eq dgag-statement "$(js "$tmp/a.json" "(SELECT json_extract(value, '\$.status') FROM json_each(json_extract(j, '\$.requirements')) WHERE json_extract(value, '\$.id') = '5.1.5')")" met
eq dgag-deep "$(js "$tmp/a.json" "(SELECT json_extract(value, '\$.status') FROM json_each(json_extract(j, '\$.requirements')) WHERE json_extract(value, '\$.id') = '7.3.2.1.3')")" met
eq dgag-requirements "$(js "$tmp/a.json" "json_array_length(json_extract(j, '\$.requirements'))")" 200
eq dgag-gaps "$(js "$tmp/a.json" "json_array_length(json_extract(j, '\$.gaps'))")" 197
# The gap's status column in one place, after ids as long as 5.2.2.1.a.
run dgag-assess 1 "gap to 符合: 197 requirements" "$ITSS" assess
grep -q '5\.2\.2\.1\.a  *missing' "$tmp/out" || bad "dgag-assess: 5.2.2.1.a runs into its status"
# (The display column: what stands before the status, a CJK character two.)
eq dgag-gap-column "$(grep '^  符合  ' "$tmp/out" | sed -E 's/(missing|partial) .*//' | LC_ALL=C sed 's/[\xe0-\xef][\x80-\xbf][\x80-\xbf]/xx/g' | awk '{ print length($0) }' | sort -u | wc -l | tr -d ' ')" 1
# The workbook's gaps name this model's templates.
run dgag-report 0 "" "$ITSS" report -o r.xlsx
unzip -p r.xlsx xl/worksheets/sheet2.xml | grep -q 'evidence-templates/dgag038-2025/' ||
	bad "dgag-report: the gaps do not name the model's own templates"
unzip -p r.xlsx xl/worksheets/sheet2.xml | grep -q 'evidence-templates/[0-9]' &&
	bad "dgag-report: a gap names the default model's templates"
# A new record from an item's template cites its statement.
run dgag-new 0 "evidence/" "$ITSS" evidence new --item 7 --kind policy
grep -q '5\.1\.6' "$(tail -n 1 "$tmp/out")" || bad "dgag-new: the template does not cite 5.1.6"

# -- Appendix A: 5.1.6 asks for the 19 policies of Table A.1 by name --
"$ITSS" assess --json >"$tmp/a.json" 2>/dev/null
eq a1-unnamed "$(js "$tmp/a.json" "(SELECT json_extract(value, '\$.status') || ' ' || json_array_length(json_extract(value, '\$.missing_documents')) FROM json_each(json_extract(j, '\$.requirements')) WHERE json_extract(value, '\$.id') = '5.1.6')")" "partial 19"
"$ITSS" model show dgag038-2025 --requirement 5.1.6 | sed -n '4,22p' | sed 's/^ *//' >"$tmp/names"
eq a1-names "$(wc -l <"$tmp/names" | tr -d ' ')" 19
{ echo "id,title,kind,satisfies,documents,date,status"
  n=0; while read -r name; do n=$((n + 1)); [ $n -le 17 ] && echo "p$n,$name,policy,5.1.6,$name,2026-02-01,approved"; done <"$tmp/names"
} >evidence/policies.csv
run a1-import 0 "20 records" "$ITSS" evidence import
"$ITSS" assess --json >"$tmp/a.json" 2>/dev/null
eq a1-two-left "$(js "$tmp/a.json" "(SELECT group_concat(value, ',') FROM json_each((SELECT json_extract(value, '\$.missing_documents') FROM json_each(json_extract(j, '\$.requirements')) WHERE json_extract(value, '\$.id') = '5.1.6')))")" "信息安全管理制度,运维服务质量管理制度"
run a1-gap 1 "needs a record naming each of the documents: 信息安全管理制度, 运维服务质量管理制度" "$ITSS" assess
# The last two in one record, which is both.
printf -- '- id: p-last\n  title: 安全与质量\n  kind: policy\n  satisfies: [5.1.6]\n  documents: [信息安全管理制度, 运维服务质量管理制度]\n  date: 2026-02-02\n  status: approved\n' >evidence/last.yaml
"$ITSS" evidence import >/dev/null 2>&1
"$ITSS" assess --json >"$tmp/a.json" 2>/dev/null
eq a1-met "$(js "$tmp/a.json" "(SELECT json_extract(value, '\$.status') FROM json_each(json_extract(j, '\$.requirements')) WHERE json_extract(value, '\$.id') = '5.1.6')")" met
# A name not in the list is an error at its place.
printf -- '- id: p-typo\n  title: 错\n  kind: policy\n  satisfies: [5.1.6]\n  documents: [服务目录表]\n  date: 2026-02-02\n  status: approved\n' >evidence/typo.yaml
run a1-typo 3 "evidence/typo.yaml:5:15: error: '服务目录表' is not a document of 5.1.6" "$ITSS" evidence import
rm evidence/typo.yaml

# -- DB11/T: the general clause 5.1 beside 治理's items --
"$ITSS" init "$tmp/db" --model db11-user >/dev/null || bad "init db11"
cd "$tmp/db" || exit 1
"$ITSS" model show db11-user --json >"$tmp/m.json"
ids=$(js "$tmp/m.json" "(SELECT group_concat(json_extract(value, '\$.id'), ', ') FROM json_each(json_extract(j, '\$.requirements')) WHERE json_extract(value, '\$.id') LIKE '5.%')")
eq db11-governance-ids "$(echo "$ids" | tr ',' '\n' | wc -l | tr -d ' ')" 25
records() {
	for k in policy procedure plan record report register organisation metric tool; do
		printf -- '- id: gov-%s\n  title: 治理%s\n  kind: %s\n  satisfies: [%s]\n  date: 2026-05-01\n  status: approved\n' "$k" "$k" "$k" "$1"
	done >evidence/gov.yaml
}
records "$ids"
run db11-import 0 "9 records" "$ITSS" evidence import
"$ITSS" assess --json >"$tmp/b.json" 2>/dev/null
eq db11-governance "$(js "$tmp/b.json" "(SELECT json_extract(value, '\$.level') FROM json_each(json_extract(j, '\$.domains')) WHERE json_extract(value, '\$.id') = 'governance')")" conform
eq db11-other-domain "$(js "$tmp/b.json" "(SELECT ifnull(json_extract(value, '\$.level'), 'none') FROM json_each(json_extract(j, '\$.domains')) WHERE json_extract(value, '\$.id') = 'data')")" none
# Without the general clause the items still conform, the domain does not.
records "$(echo "$ids" | sed 's/^5\.1, //; s/, 5\.1,/,/; s/, 5\.1$//')"
"$ITSS" evidence import >/dev/null 2>&1
"$ITSS" assess --json >"$tmp/b.json" 2>/dev/null
eq db11-without-5.1 "$(js "$tmp/b.json" "(SELECT ifnull(json_extract(value, '\$.level'), 'none') FROM json_each(json_extract(j, '\$.domains')) WHERE json_extract(value, '\$.id') = 'governance')")" none
eq db11-items-still "$(js "$tmp/b.json" "(SELECT count(*) FROM json_each(json_extract(j, '\$.items')) WHERE json_extract(value, '\$.level') = 'conform')")" 5

finish specs
