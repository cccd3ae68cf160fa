#!/bin/sh
# The assessor from the command line, on a copy of the example: assess
# (terminal, JSON read back), check (exit statuses, the JUnit file read
# back), the ledger (history, diff, the git commit).
. "$(dirname "$0")/lib.sh"

cp -R "$top/examples/huaxin" "$tmp/repo"
cd "$tmp/repo" || exit 1
rm -rf .itss
D="--as-of 2025-12-31"

# -- assess --
run assess 1 "level reached: 拓展级 (extended)    target 协同级 (collaborative): not reached" "$ITSS" assess $D
grep -qF "8.8.4.b  expired" "$tmp/out" || bad "assess: the stale drill report is not in the gap"
# The gap says why what exists does not count, not only what kind is needed.
eq assess-why "$(grep -c '8.6.1.d  missing    needs tool (工具); 28-om-tools-tool-draft is draft, not approved' "$tmp/out")" 1
run assess-items 1 "14 过程框架设计" "$ITSS" assess $D --items
eq assess-items-row "$(grep -c '^ 1 能力策划 .* ✗ 5/6 .*拓展级$' "$tmp/out")" 1
run assess-target-met 0 "target 拓展级 (extended): reached" "$ITSS" assess $D --target 三级
run assess-bad-target 2 "has no level '五级'" "$ITSS" assess $D --target 五级
run assess-bad-date 2 "--as-of must be a date YYYY-MM-DD" "$ITSS" assess --as-of 2025-13-01
run assess-early 1 "level reached: none" "$ITSS" assess --as-of 2024-01-01

"$ITSS" assess $D --json >"$tmp/a.json"
eq json-valid "$(js "$tmp/a.json" "json_valid(j)")" 1
eq json-model "$(js "$tmp/a.json" "json_extract(j, '\$.model')")" itss1-2023
eq json-as-of "$(js "$tmp/a.json" "json_extract(j, '\$.as_of')")" 2025-12-31
eq json-level "$(js "$tmp/a.json" "json_extract(j, '\$.level')")" extended
eq json-domains "$(js "$tmp/a.json" "json_array_length(j, '\$.domains')")" 8
eq json-items "$(js "$tmp/a.json" "json_array_length(j, '\$.items')")" 48
eq json-requirements "$(js "$tmp/a.json" "json_array_length(j, '\$.requirements')")" 519
eq json-gaps "$(js "$tmp/a.json" "(SELECT group_concat(json_extract(value, '\$.requirement'), ' ') FROM json_each(j, '\$.gaps'))")" "8.1.1.a 8.4.4.c 8.6.1.d 8.7.8.c 8.8.4.b"
eq json-target "$(js "$tmp/a.json" "json_extract(j, '\$.target_reached')")" 0
eq json-emergency "$(js "$tmp/a.json" "(SELECT json_extract(value, '\$.level') FROM json_each(j, '\$.domains') WHERE json_extract(value, '\$.id') = 'emergency')")" extended
eq json-quality "$(js "$tmp/a.json" "(SELECT json_extract(value, '\$.level') FROM json_each(j, '\$.domains') WHERE json_extract(value, '\$.id') = 'quality')")" collaborative
eq json-na "$(js "$tmp/a.json" "(SELECT json_extract(value, '\$.status') FROM json_each(j, '\$.requirements') WHERE json_extract(value, '\$.id') = '7.6.3.a')")" not_applicable
eq json-item30 "$(js "$tmp/a.json" "(SELECT json_extract(value, '\$.applicable') FROM json_each(j, '\$.items') WHERE json_extract(value, '\$.no') = 30)")" 0
# Item 30 judged not applicable as a whole (one judgement in the example):
# each of its requirements says so, and which judgement decided.
eq json-judged-by-item "$(js "$tmp/a.json" "(SELECT count(*) FROM json_each(j, '\$.requirements') WHERE json_extract(value, '\$.judged_by') = 'item' AND json_extract(value, '\$.judged_item') = 30)")" 13
eq json-item-reason "$(js "$tmp/a.json" "(SELECT json_extract(value, '\$.reason') FROM json_each(j, '\$.requirements') WHERE json_extract(value, '\$.id') = '9.6.3.b')" | cut -d: -f1)" "not applicable, by the judgement on item 30 备件库"
eq json-item-null-level "$(js "$tmp/a.json" "(SELECT quote(json_extract(value, '\$.level')) FROM json_each(j, '\$.items') WHERE json_extract(value, '\$.no') = 41)")" NULL
eq json-evidence "$(js "$tmp/a.json" "(SELECT json_extract(value, '\$.evidence[0]') FROM json_each(j, '\$.requirements') WHERE json_extract(value, '\$.id') = '6.6.1.a')")" 29-service-desk-procedure-2025

# -- check --
# (Without the example's corrective actions, one overdue at the as-of
# date, and its certificate, whose first surveillance no assessment here
# follows: tests/actions.sh and tests/calendar.sh check them.)
rm -r actions
sed -i '/^certificate:/,/^  expires:/d' itss.yaml
"$ITSS" evidence import >/dev/null 2>&1
run check-findings 1 "record 'satisfaction-survey-2024' expired on 2025-12-09 and is still cited" "$ITSS" check $D --junit "$tmp/j.xml"
grep -qF "target 协同级 not reached (5 requirements not met)" "$tmp/out" || bad "check: summary"
xmllint --noout "$tmp/j.xml" || bad "junit: not well-formed XML"
eq junit-cases "$(xmllint --xpath 'count(//testcase)' "$tmp/j.xml")" 380
eq junit-failures "$(xmllint --xpath 'count(//testcase[failure])' "$tmp/j.xml")" 6
eq junit-attr "$(xmllint --xpath 'string(/testsuites/@failures)' "$tmp/j.xml")" 6
eq junit-gap "$(xmllint --xpath 'string(//testcase[starts-with(@name, "8.8.4.b")]/failure/@type)' "$tmp/j.xml")" expired
eq junit-met "$(xmllint --xpath 'count(//testcase[starts-with(@name, "6.1.1.a")]/failure)' "$tmp/j.xml")" 0
run check-json 1 '"ok": false' "$ITSS" check $D --json
sed -n '/^{/,$p' "$tmp/out" >"$tmp/c.json"
eq check-json-valid "$(js "$tmp/c.json" "json_valid(j)")" 1
eq check-json-problem "$(js "$tmp/c.json" "json_extract(j, '\$.problems[0].kind')")" expired
run check-expiring 1 "expires on 2026-03-14, within 120 days" "$ITSS" check $D --expiring-within 120
# Made clean: the expired report superseded, the target one it reaches.
sed -i 's/^  status: approved$/&/' evidence/2-quality/06-quality-evaluation.yaml
awk '/id: satisfaction-survey-2024/ { s = 1 } s && /status: approved/ { sub(/approved/, "superseded"); s = 0 } { print }' \
	evidence/2-quality/06-quality-evaluation.yaml >"$tmp/q" && cp "$tmp/q" evidence/2-quality/06-quality-evaluation.yaml
run check-clean 0 "check: 0 evidence problems, 0 warnings; target 拓展级 reached (0 requirements not met)" "$ITSS" check $D --target extended --junit "$tmp/j2.xml"
eq junit-clean "$(xmllint --xpath 'string(/testsuites/@failures)' "$tmp/j2.xml")" 0
# A cited file deleted, or not the one its record pins: a failure, not a
# warning, in the terminal, the JSON and the JUnit file.
f=docs/43-risk-assessment/record-2025.md
mv "$f" "$tmp/kept.md"
run check-missing 1 "record '43-risk-assessment-record-2024' cites '$f', which is missing" "$ITSS" check $D --target extended --junit "$tmp/j4.xml"
grep -qF "check: 1 evidence problem, 0 warnings" "$tmp/out" || bad "check-missing: not counted as a problem"
eq junit-missing "$(xmllint --xpath 'string(//testcase[@classname="evidence.file"]/failure/@type)' "$tmp/j4.xml")" file
eq junit-missing-count "$(xmllint --xpath 'string(/testsuites/@failures)' "$tmp/j4.xml")" 1
run check-missing-json 1 '"ok": false' "$ITSS" check $D --target extended --json
mv "$tmp/kept.md" "$f"
zero=0000000000000000000000000000000000000000000000000000000000000000
printf -- '- id: pinned-1\n  title: 固定\n  kind: record\n  satisfies: [6.1.1.a]\n  date: 2025-03-01\n  status: approved\n  files:\n    - {path: %s, sha256: %s}\n' "$f" "$zero" >evidence/pinned.yaml
run check-altered 1 "evidence/pinned.yaml:8:14: error: record 'pinned-1' cites '$f', which is altered" "$ITSS" check $D --target extended --junit "$tmp/j5.xml"
eq junit-altered-expected "$(xmllint --xpath 'string(//testcase[@classname="evidence.file"]/failure)' "$tmp/j5.xml" | grep -c "expected SHA-256: $zero")" 1
eq junit-altered-actual "$(xmllint --xpath 'string(//testcase[@classname="evidence.file"]/failure)' "$tmp/j5.xml" | grep -c "actual SHA-256: $(sha256sum "$f" | cut -c1-64)")" 1
rm evidence/pinned.yaml
# A record dated after the as-of date: a warning, which does not fail.
printf -- '- id: future-1\n  title: 未来\n  kind: record\n  satisfies: [6.1.1.a]\n  date: 2062-03-01\n  status: approved\n' >evidence/future.yaml
run check-future 0 "evidence/future.yaml:1: warning: record 'future-1' is dated 2062-03-01, after the as-of date" "$ITSS" check $D --target extended
rm evidence/future.yaml
# Past valid_until: shown as expired, not approved.
ITSS_TODAY=2026-06-01 run list-expired 0 "" "$ITSS" evidence list --item 46
eq list-expired "$(grep -c '^46-emergency-monitoring-procedure-2025 .* expired ' "$tmp/out")" 1
# An invalid record file: the check fails (exit 1), and the JUnit file says why.
printf 'id: broken\ntitle: x\nkind: memo\nsatisfies: [6.1.1.a]\ndate: 2025-01-01\n' >evidence/broken.yaml
run check-input 1 "evidence/broken.yaml:3:7: error: unknown kind 'memo'" "$ITSS" check $D --junit "$tmp/j3.xml"
eq junit-input "$(xmllint --xpath 'count(//testcase[@classname="evidence.input"]/failure)' "$tmp/j3.xml")" 1
rm evidence/broken.yaml
run check-unwritable 4 "cannot" "$ITSS" check $D --junit /nonexistent/dir/j.xml

# -- the ledger --
run history-empty 0 "no saved assessments" "$ITSS" history
git init -q . && git add -A && git -c user.name=t -c user.email=t@example.org commit -qm example
commit=$(git rev-parse HEAD)
run save-1 1 "saved as assessments/2025-12-31-" "$ITSS" assess $D --save
eq save-1-file "$(ls assessments | wc -l)" 1
first=$(ls assessments/*.json)
eq save-1-json "$(js "$first" "json_valid(j)")" 1
eq save-1-commit "$(js "$first" "json_extract(j, '\$.saved.git_commit')")" "$commit"
eq save-1-clean "$(js "$first" "json_extract(j, '\$.saved.clean')")" 1
eq save-1-digest "$(js "$first" "length(json_extract(j, '\$.digest'))")" 64
eq save-1-model "$(js "$first" "json_extract(j, '\$.saved.model_sha256')")" "$(sha256sum "$top/models/itss1-2023.yaml" | cut -c1-64)"
# A drill report for 2025 closes one gap.
cat >>evidence/8-emergency/45-emergency-drill.yaml <<'EOF2'
- id: drill-2025-10
  title: 应急演练工作报告（2025 年 10 月）
  kind: report
  satisfies: [8.8.4.b]
  date: 2025-10-18
  status: approved
EOF2
sleep 1	# saved a second later: the ledger rebuilt numbers them in that order
run save-2 1 "saved as assessments/2025-12-31-" "$ITSS" assess $D --save
eq save-2-files "$(ls assessments | wc -l)" 2
run save-again 1 "already saved as assessment 2" "$ITSS" assess $D --save
eq save-again-files "$(ls assessments | wc -l)" 2
run history 0 "${commit%????????????????????????????}" "$ITSS" history
grep -q '^  2  ' "$tmp/out" || bad "history: no second row"
# The drill report was not committed when 2 was saved; 1 rests on HEAD.
eq history-dirty "$(grep '^  2  ' "$tmp/out" | grep -c '(uncommitted evidence)')" 1
eq history-clean "$(grep '^  1  ' "$tmp/out" | grep -c 'uncommitted')" 0
# History travels with the repository: the index deleted, the files stay.
rm -rf .itss
run history-rebuilt 0 "" "$ITSS" history
eq history-rebuilt-rows "$(grep -c '^  [12]  ' "$tmp/out")" 2
run diff 0 "8.8.4.b   expired → met   evidence was: 45-emergency-drill-report-drill-2024   evidence: drill-2025-10" "$ITSS" diff 1 2
grep -qF "应急                        拓展级 → 协同级" "$tmp/out" || bad "diff: emergency's level change not shown"
run diff-missing 3 "no saved assessment 9" "$ITSS" diff 1 9
run diff-bad 2 "'x' is not an assessment number" "$ITSS" diff x 1
# A saved file edited by hand: marked in history, refused by diff, left
# out of the trend.
cp "$first" "$tmp/first.json"
sed -i 's/"level": "extended",/"level": "leading",/' "$first"
run history-edited 0 "EDITED BY HAND: $first" "$ITSS" history
edited=$(grep 'EDITED BY HAND' "$tmp/out" | awk '{ print $1 }')
run diff-edited 3 "was edited by hand" "$ITSS" diff "$edited" 2
cp "$tmp/first.json" "$first"

finish assess
