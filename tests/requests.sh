#!/bin/sh
# itss requests: the evidence request list, in each of its forms, and
# --draft, which writes what is missing once and only once.
. "$(dirname "$0")/lib.sh"

cp -R "$top/examples/huaxin" "$tmp/r" && rm -rf "$tmp/r/.itss" "$tmp/r/assessments"
cd "$tmp/r" || exit 1
D="--as-of 2025-12-31"

run list 0 "evidence requests: 华信运维服务有限公司 · itss1-2023 · toward 协同级 · due 2026-01-15" "$ITSS" requests $D
cp "$tmp/out" "$tmp/out.list"
grep -q "^5 requests in 5 items$" "$tmp/out" || bad "list: the count"
# The owner by item (17's own entry) over its domain's (process).
grep -q "^17 事件管理 (owner: 服务台组长 王芳)$" "$tmp/out" || bad "list: item 17's owner"
grep -q "^1 能力策划 (owner: 能力管理负责人)$" "$tmp/out" || bad "list: item 1's owner, by its domain"
# The record that exists but does not count, and why; the template.
grep -q "^  8.6.1.d  missing    needs tool (工具); 28-om-tools-tool-draft is draft, not approved$" "$tmp/out" || bad "list: 8.6.1.d's why not"
grep -q "template: evidence-templates/28-om-tools/tool.yaml$" "$tmp/out" || bad "list: 8.6.1.d's template"
run due 0 "· due 2026-02-01" "$ITSS" requests $D --due 2026-02-01
run lower-target 0 "0 requests in 0 items" "$ITSS" requests $D --target extended
run zh 0 "证据清单：华信运维服务有限公司" env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$ITSS" requests $D
grep -q "8.4.4.c  缺失       缺少：记录" "$tmp/out" || bad "zh: the status and what is missing"
grep -q "（负责人：服务台组长 王芳）" "$tmp/out" || bad "zh: the owner"

"$ITSS" requests $D --json >"$tmp/q.json" || bad "json: exit"
eq json-n "$(js "$tmp/q.json" "json_array_length(j, '\$.requests')")" 5
eq json-due "$(js "$tmp/q.json" "json_extract(j, '\$.due')")" 2026-01-15
eq json-17 "$(js "$tmp/q.json" "(SELECT json_extract(value, '\$.owner') || ' ' || json_extract(value, '\$.kinds[0]') || ' ' || json_extract(value, '\$.status') FROM json_each(j, '\$.requests') WHERE json_extract(value, '\$.item') = 17)")" "服务台组长 王芳 record missing"
"$ITSS" requests $D --csv >"$tmp/q.csv" || bad "csv: exit"
eq csv-rows "$(wc -l <"$tmp/q.csv")" 6
eq csv-head "$(head -n 1 "$tmp/q.csv")" "item,item_name,domain,requirement,level,status,missing,why_not,template,owner,due"
grep -q '^"28","运行维护工具","resource","8.6.1.d","collaborative","missing","needs tool (工具)","28-om-tools-tool-draft is draft, not approved","evidence-templates/28-om-tools/tool.yaml","资源负责人","2026-01-15"$' "$tmp/q.csv" || bad "csv: 8.6.1.d's row"

run usage 2 "" "$ITSS" requests --nope
run two-forms 2 "go one at a time" "$ITSS" requests --json --csv
run bad-due 2 "" "$ITSS" requests --due 2026-13-01
sed -i '/^target:/d' itss.yaml
run no-target 2 "requests need a target" "$ITSS" requests $D
git -C "$top" show HEAD:examples/huaxin/itss.yaml >/dev/null 2>&1 && cp "$top/examples/huaxin/itss.yaml" itss.yaml

# -- the workbook's sheet 证据清单: the same list, its owners and due date --
sheet_of() {	# the worksheet file of sheet $2 in workbook $1, or nothing
	n=$(unzip -p "$1" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | grep -n "\"$2\"" | cut -d: -f1)
	[ -n "$n" ] && unzip -p "$1" "xl/worksheets/sheet$n.xml"
}
"$ITSS" report $D -o "$tmp/q.xlsx" >/dev/null 2>&1 || bad "report: exit"
sheet_of "$tmp/q.xlsx" 证据清单 >"$tmp/q.xml"
eq sheet-rows "$(grep -o '<row ' "$tmp/q.xml" | wc -l)" 6
row() {	# the cells' text of the row whose requirement is $1, '|' between
	tr '\n' ' ' <"$tmp/q.xml" | grep -o '<row [^>]*>\(<c [^>]*>\(<is><t[^>]*>[^<]*</t></is>\)\{0,1\}</c>\)*' |
	    grep "<t>$1</t>" | sed 's|<t[^>]*>\([^<]*\)</t>|\1\||g; s|<[^>]*>||g'
}
eq sheet-28 "$(row 8.6.1.d)" "28 运行维护工具|资源负责人|8.6.1.d|协同级|缺失|缺少：工具|28-om-tools-tool-draft 为草稿，未批准|evidence-templates/28-om-tools/tool.yaml|2026-01-15|"
eq sheet-17-owner "$(row 8.4.4.c | cut -d'|' -f1,2)" "17 事件管理|服务台组长 王芳"
# Item by item, as the list is.
eq sheet-order "$(grep -o '<t>[0-9][0-9]* [^<]*</t>' "$tmp/q.xml" | sed 's|<t>\([0-9]*\) .*|\1|' | tr '\n' ' ')" "$(sed -n 's/^\([0-9][0-9]*\) .* (owner: .*/\1/p' "$tmp/out.list" | tr '\n' ' ')"
"$ITSS" report $D --target extended -o "$tmp/q0.xlsx" >/dev/null 2>&1 || bad "report --target extended: exit"
eq sheet-none-to-ask "$(sheet_of "$tmp/q0.xlsx" 证据清单 | grep -o '<row ' | wc -l)" 1
sed -i '/^target:/d' itss.yaml
"$ITSS" report $D -o "$tmp/qn.xlsx" >/dev/null 2>&1 || bad "report without a target: exit"
unzip -p "$tmp/qn.xlsx" xl/workbook.xml | grep -q '证据清单' && bad "report without a target: a request sheet"
cp "$top/examples/huaxin/itss.yaml" itss.yaml

# -- --draft: every missing item and kind once, never over a file --
before=$(ls evidence | wc -l)
run draft 0 "4 drafts written, 1 skipped" "$ITSS" requests $D --draft
grep -q "^skipped: 28-om-tools-tool-draft is a draft already (for 8.6.1.d)$" "$tmp/out" || bad "draft: the skipped draft not said"
grep -q "^wrote evidence/17-incident-management-record-[0-9]*.yaml (记录, for 8.4.4.c)$" "$tmp/out" || bad "draft: item 17's record"
eq draft-files "$(ls evidence | wc -l)" $((before + 4))
f=$(sed -n 's/^wrote \(evidence\/41-[^ ]*\) .*/\1/p' "$tmp/out")
grep -q "^status: draft$" "$f" || bad "draft: $f is not a draft"
sum=$(cat evidence/*.yaml | sha256sum)
run draft-again 0 "0 drafts written, 5 skipped" "$ITSS" requests $D --draft
eq draft-idempotent "$(ls evidence | wc -l)" $((before + 4))
eq draft-untouched "$(cat evidence/*.yaml | sha256sum)" "$sum"
# The drafts are records, imported, not counting: the gap stays.
run draft-gaps 0 "5 requests in 5 items" "$ITSS" requests $D

finish requests
