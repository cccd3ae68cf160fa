#!/bin/sh
# One broken file blocks nobody (SPEC §6), on a copy of the example: a bad
# date in one record file. The import indexes the rest and exits 3 naming
# it; list, show, assess and report work and say which file is invalid (a
# banner, a JSON key, a sheet); what they count is exactly the evidence
# without that file; check fails; assess --save refuses; fixed, it counts
# again. The same holds on a fresh index, and for refused paths (a link
# among the record files, a cited file that is a link out).
. "$(dirname "$0")/lib.sh"
export ITSS_TODAY=2025-12-31
D="--as-of 2025-12-31"

cp -R "$top/examples/huaxin" "$tmp/repo"
cd "$tmp/repo" || exit 1
rm -rf .itss
bad_file=evidence/2-quality/05-quality-planning.yaml
[ -f "$bad_file" ] || { bad "the example has no $bad_file"; finish invalid; }

# What counts without the file: the reference the broken state must equal.
mv "$bad_file" "$tmp/saved.yaml"
"$ITSS" assess $D --json >"$tmp/without.json"
"$ITSS" evidence list >"$tmp/list-without.txt" 2>/dev/null
mv "$tmp/saved.yaml" "$bad_file"
"$ITSS" assess $D --json >"$tmp/with.json"
ids_in() { grep -o '^  - id: [^ ]*\|^- id: [^ ]*\|^id: [^ ]*' "$1" | sed 's/.*id: //'; }
first_id=$(ids_in "$bad_file" | head -n 1)
[ -n "$first_id" ] || bad "no record id found in $bad_file"

# Break it: a month 13, at three places the file's records have dates.
sed -i "s/date: '2024-09-07'/date: '2024-13-07'/" "$bad_file"
grep -q "2024-13-07" "$bad_file" || bad "the date was not broken"

run import 3 "$bad_file:8:9: error: 'date' must be a date written YYYY-MM-DD, not '2024-13-07'" "$ITSS" evidence import
grep -qF "1 invalid file (errors above): its records not counted until fixed" "$tmp/out" || bad "import: the invalid file not summed up"
grep -qF "index updated" "$tmp/out" || bad "import: the rest not indexed"
# Told again, from the index, while nothing changes.
run import-again 3 "$bad_file:8:9: error: 'date' must be" "$ITSS" evidence import
grep -qF "(0 read)" "$tmp/out" || bad "import-again: the invalid file was read again with nothing changed"

# list: works, the banner names the file, its records are not listed,
# and what is listed is exactly the list without the file.
run list 0 "1 invalid file: its records do not count until it is fixed" "$ITSS" evidence list
grep -qF "  $bad_file:8:9: error: 'date' must be" "$tmp/out" || bad "list: the banner does not locate the error"
"$ITSS" evidence list >"$tmp/list-broken.txt" 2>/dev/null
cmp -s "$tmp/list-broken.txt" "$tmp/list-without.txt" || bad "list: not the records without the broken file"
run show 3 "no evidence record '$first_id' among those counted; it may be in one of the invalid files above" "$ITSS" evidence show "$first_id"
grep -qF "1 invalid file" "$tmp/out" || bad "show: no banner"

# assess: the same result as without the file, and the JSON says which.
run assess 1 "1 invalid file" "$ITSS" assess $D
"$ITSS" assess $D --json >"$tmp/broken.json" 2>/dev/null
eq json-invalid-n "$(js "$tmp/broken.json" "json_array_length(j, '\$.invalid')")" 1
eq json-invalid-file "$(js "$tmp/broken.json" "json_extract(j, '\$.invalid[0].file')")" "$bad_file"
eq json-invalid-at "$(js "$tmp/broken.json" "json_extract(j, '\$.invalid[0].errors[0].line') || ':' || json_extract(j, '\$.invalid[0].errors[0].col')")" "8:9"
eq json-invalid-errors "$(js "$tmp/broken.json" "json_array_length(j, '\$.invalid[0].errors')")" "$(grep -c "2024-13-07" "$bad_file")"
same_as() {	# NAME A B: the same levels, statuses and gaps
	q="json_object('l', json_extract(j, '\$.level'), 'd', json_extract(j, '\$.domains'), 'r', json_extract(j, '\$.requirements'), 'g', json_extract(j, '\$.gaps'))"
	eq "$1" "$(js "$2" "$q" | sha256sum)" "$(js "$3" "$q" | sha256sum)"
}
same_as assess-as-without "$tmp/broken.json" "$tmp/without.json"
# ... and the file mattered, so that the comparison can fail.
[ "$(js "$tmp/with.json" "json_extract(j, '\$.requirements')")" != "$(js "$tmp/without.json" "json_extract(j, '\$.requirements')")" ] || bad "the broken file counts for nothing even when sound: the test proves nothing"
eq json-invalid-none "$(js "$tmp/with.json" "json_array_length(j, '\$.invalid')")" 0

# The workbook: a sheet of the invalid files, and a line in the summary.
run report 0 "report.xlsx" "$ITSS" report $D -o "$tmp/report.xlsx"
unzip -p "$tmp/report.xlsx" xl/workbook.xml | grep -q '<sheet name="无效文件"' || bad "report: no 无效文件 sheet"
unzip -p "$tmp/report.xlsx" xl/worksheets/sheet7.xml | grep -qF "<t>$bad_file</t>" || bad "report: the sheet does not name the file"
unzip -p "$tmp/report.xlsx" xl/worksheets/sheet1.xml | grep -qF "1 个文件无效，其记录未计入" || bad "report: the summary does not say so"

# check fails, with a JUnit failure and "ok": false.
run check 1 "$bad_file:8:9: error: 'date' must be" "$ITSS" check $D --junit "$tmp/j.xml"
eq junit-invalid "$(xmllint --xpath "count(//testcase[@classname='evidence.input' and starts-with(@name, '$bad_file')]/failure)" "$tmp/j.xml")" "$(grep -c "2024-13-07" "$bad_file")"
"$ITSS" check $D --json >"$tmp/check.json" 2>/dev/null
eq check-ok "$(js "$tmp/check.json" "json_extract(j, '\$.ok')")" 0

# assess --save refuses, and writes nothing.
run save-refused 3 "assess --save refused: 1 file is invalid" "$ITSS" assess $D --save
[ ! -d assessments ] || [ -z "$(ls assessments)" ] || bad "save-refused: a file was written"

# A fresh index gives the same: nothing depends on what the index held.
rm -rf .itss
run fresh 3 "1 invalid file" "$ITSS" evidence import
"$ITSS" assess $D --json >"$tmp/fresh.json" 2>/dev/null
same_as fresh-as-without "$tmp/fresh.json" "$tmp/without.json"

# Fixed: counted again, nothing invalid, and saving works.
sed -i "s/date: '2024-13-07'/date: '2024-09-07'/" "$bad_file"
run fixed 0 "index updated" "$ITSS" evidence import
grep -q "invalid" "$tmp/out" && bad "fixed: still told invalid"
"$ITSS" assess $D --json >"$tmp/fixed.json"
same_as fixed-as-with "$tmp/fixed.json" "$tmp/with.json"
eq fixed-invalid "$(js "$tmp/fixed.json" "json_array_length(j, '\$.invalid')")" 0
run save 1 "saved as assessments/" "$ITSS" assess $D --save

# A link among the record files: invalid, never followed.
ln -s "$top/examples/huaxin/$bad_file" evidence/linked.yaml
run linked 3 "evidence/linked.yaml: error: a symbolic link, not followed" "$ITSS" evidence import
run linked-again 3 "evidence/linked.yaml: error: a symbolic link" "$ITSS" evidence import
grep -qF "(0 read)" "$tmp/out" || bad "linked-again: not from the index"
rm evidence/linked.yaml
run linked-gone 0 "index updated" "$ITSS" evidence import

# A cited file replaced by a link out: its citers invalid, the rest
# counted; the link replaced by the file again, they count again, though
# no record file changed.
cited=$(grep -o 'docs/05-quality-planning/[^ ,}]*' "$bad_file" | head -n 1)
[ -f "$cited" ] || bad "no cited file $cited"
mv "$cited" "$tmp/cited"
ln -s "$tmp/cited" "$cited"
run link-out 3 "$bad_file:" "$ITSS" evidence import
grep -qF "cites '$cited': a symbolic link leads outside the repository" "$tmp/out" || bad "link-out: not named"
"$ITSS" assess $D --json >"$tmp/linkout.json" 2>/dev/null
eq link-out-invalid "$(js "$tmp/linkout.json" "json_extract(j, '\$.invalid[0].file')")" "$bad_file"
run link-out-again 3 "a symbolic link leads outside" "$ITSS" evidence import
rm "$cited" && mv "$tmp/cited" "$cited"
run link-back 0 "index updated" "$ITSS" evidence import
grep -q "invalid" "$tmp/out" && bad "link-back: still told invalid"
"$ITSS" assess $D --json >"$tmp/back.json"
same_as link-back-as-with "$tmp/back.json" "$tmp/with.json"

# Sources are read a few at once (import.c): what they give is taken in
# their order, so errors come file by file as the paths sort, and the
# records of the valid files follow each other in the same order.
mkdir -p "$tmp/many" && cd "$tmp/many" || exit 1
"$ITSS" init . --org 测试 >/dev/null 2>&1
i=0
while [ $i -lt 60 ]; do
	n=$(printf '%02d' $i)
	if [ $((i % 3)) -eq 0 ]; then kind=nokind; else kind=record; fi
	printf -- '- id: r-%s-1\n  title: 记录\n  kind: %s\n  satisfies: [6.1.1.a]\n  date: 2025-01-01\n  status: approved\n- id: r-%s-2\n  title: 记录\n  kind: record\n  satisfies: [6.1.1.a]\n  date: 2025-01-02\n  status: approved\n' \
	    "$n" "$kind" "$n" >"evidence/e-$n.yaml"
	i=$((i + 1))
done
"$ITSS" evidence import >"$tmp/many.out" 2>&1
errs=$(grep -o '^evidence/e-[0-9]*\.yaml' "$tmp/many.out")
eq many-errors-count "$(echo "$errs" | wc -l)" 20
eq many-errors-order "$(echo "$errs" | tr '\n' ' ')" "$(echo "$errs" | sort | tr '\n' ' ')"
eq many-records "$(sqlite3 .itss/index.db "SELECT group_concat(id, ' ') FROM (SELECT id FROM records ORDER BY rowid)")" \
    "$(sqlite3 .itss/index.db "SELECT group_concat(id, ' ') FROM (SELECT id FROM records ORDER BY source, line)")"
eq many-records-count "$(sqlite3 .itss/index.db 'SELECT count(*) FROM records')" 80
cd "$tmp/repo" || exit 1

finish invalid
