#!/bin/sh
# The certificate calendar (itss.yaml's certificate): its dates in assess,
# its JSON and the workbook; check's warnings; a leap day; an expired one.
. "$(dirname "$0")/lib.sh"

cp -R "$top/examples/huaxin" "$tmp/r" && rm -rf "$tmp/r/.itss" "$tmp/r/assessments" "$tmp/r/actions"
cd "$tmp/r" || exit 1
"$ITSS" evidence import >/dev/null 2>&1 || bad "import"
cert() {	# ISSUED EXPIRES: the example's certificate with these dates
	sed -i '/^certificate:/,/^  expires:/d' itss.yaml
	printf 'certificate:\n  level: extended\n  number: N-1\n  issued: %s\n  expires: %s\n' "$1" "$2" >>itss.yaml
}

run assess 1 "certificate 拓展级 (No. ITSS-YW-2-3100202400123), issued 2024-03-15, expires 2027-03-14; next: surveillance assessment 2 on 2026-03-15" "$ITSS" assess --as-of 2025-12-31
"$ITSS" assess --json --as-of 2025-12-31 >"$tmp/a.json"
eq calendar "$(js "$tmp/a.json" "(SELECT group_concat(json_extract(value, '\$.what') || ' ' || json_extract(value, '\$.date'), '; ') FROM json_each(j, '\$.certificate.calendar'))")" "surveillance 2025-03-15; surveillance 2026-03-15; reassessment_application 2026-09-14; expiry 2027-03-14"
eq expired-no "$(js "$tmp/a.json" "json_extract(j, '\$.certificate.expired')")" 0
run zh 1 "证书 拓展级（编号 ITSS-YW-2-3100202400123），2024-03-15 颁发，2027-03-14 到期；下一日期：第 2 次监督评估，2026-03-15" env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$ITSS" assess --as-of 2025-12-31

# -- check: a date within the window; a surveillance passed unassessed --
run check-soon 1 "itss.yaml:13:3: warning: the certificate's surveillance assessment 2 is due on 2026-03-15, within 30 days" "$ITSS" check --as-of 2026-03-01
run check-unassessed 1 "warning: the certificate's surveillance assessment 1 was due on 2025-03-15 and no assessment as of then or later is saved" "$ITSS" check --as-of 2025-12-31
"$ITSS" assess --as-of 2025-06-30 --save >/dev/null 2>&1
run check-assessed 1 "" "$ITSS" check --as-of 2025-12-31
grep -q "surveillance assessment 1 was due" "$tmp/out" && bad "check-assessed: a saved assessment after it, still warned"
run check-reassess 1 "the certificate's re-assessment application is due on 2026-09-14, within 30 days" "$ITSS" check --as-of 2026-09-01

# -- a leap day: its anniversaries fall on 28 February --
cert 2024-02-29 2027-02-28
"$ITSS" assess --json --as-of 2025-01-01 >"$tmp/l.json" 2>/dev/null
eq leap-day "$(js "$tmp/l.json" "(SELECT group_concat(json_extract(value, '\$.date'), ' ') FROM json_each(j, '\$.certificate.calendar'))")" "2025-02-28 2026-02-28 2026-08-28 2027-02-28"

# -- expired --
cert 2021-01-10 2024-01-09
run expired 1 "certificate 拓展级 (No. N-1), issued 2021-01-10, expires 2024-01-09: EXPIRED" "$ITSS" assess --as-of 2025-12-31
run check-expired 1 "warning: the certificate expired on 2024-01-09: assess again for a new one" "$ITSS" check --as-of 2025-12-31
"$ITSS" assess --json --as-of 2025-12-31 >"$tmp/e.json" 2>/dev/null
eq expired-json "$(js "$tmp/e.json" "json_extract(j, '\$.certificate.expired')")" 1
"$ITSS" report --as-of 2025-12-31 -o e.xlsx >/dev/null 2>&1 || bad "report: expired"
unzip -p e.xlsx xl/worksheets/sheet1.xml | grep -q '<t>证书已过期</t>' || bad "report: the expired certificate not said"

# -- refused, where it is --
cert 2025-01-10 2024-01-09
run backwards 3 "itss.yaml:29:3: error: the certificate expires before it is issued" "$ITSS" assess
sed -i 's/^  expires: .*/  expires: 2024-02-30/' itss.yaml
run bad-date 3 "itss.yaml:32:12: error: 'expires' must be a date" "$ITSS" assess
sed -i '/^  level:/d' itss.yaml
run no-level 3 "itss.yaml:29:3: error: missing key 'level'" "$ITSS" assess

# -- the workbook's summary: the certificate and its next date --
cp "$top/examples/huaxin/itss.yaml" itss.yaml
"$ITSS" report --as-of 2025-12-31 -o r.xlsx >/dev/null 2>&1 || bad "report"
s=$(unzip -p r.xlsx xl/worksheets/sheet1.xml)
echo "$s" | grep -q '<t>拓展级 · ITSS-YW-2-3100202400123 · 2024-03-15 至 2027-03-14</t>' && ok || bad "report: the certificate row"
echo "$s" | grep -q '<t>第 2 次监督评估 2026-03-15</t>' && ok || bad "report: the next date"

finish calendar
