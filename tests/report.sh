#!/bin/sh
# The workbook, read back: sheets, the summary's counts against `itss
# assess --json`, Appendix A's cells and colours, hostile titles kept as
# text, a failure (file-size limit) leaving the old report intact, and, when
# LibreOffice is installed, every sheet converted without error.
. "$(dirname "$0")/lib.sh"
sheet() { unzip -p "$1" "xl/worksheets/sheet$2.xml"; }
# The value of a cell (number or inline string), and its style index.
val() { sheet "$1" "$2" | grep -o "<c r=\"$3\"[^>]*>\(<v>[^<]*</v>\|<is><t[^>]*>[^<]*</t></is>\)" | sed 's/.*<v>\([^<]*\)<\/v>/\1/; s/.*<t[^>]*>\([^<]*\)<\/t>.*/\1/'; }
style() { sheet "$1" "$2" | grep -o "<c r=\"$3\" s=\"[0-9]*\"" | sed 's/.*s="\([0-9]*\)"/\1/'; }

cp -R "$top/examples/huaxin" "$tmp/repo"
cd "$tmp/repo" || exit 1
rm -rf .itss
D="--as-of 2025-12-31"
"$ITSS" evidence import >/dev/null || bad "import"
"$ITSS" assess --as-of 2025-06-30 --save >/dev/null 2>&1
"$ITSS" assess $D --save >/dev/null 2>&1

# -- the workbook --
status=0
"$ITSS" report -o r.xlsx $D >"$tmp/out" 2>&1 || status=$?
eq report-status "$status" 0
eq report-path "$(cat "$tmp/out")" r.xlsx
unzip -tq r.xlsx >/dev/null 2>&1 || bad "r.xlsx: not a sound zip archive"
eq sheets "$(unzip -p r.xlsx xl/workbook.xml | grep -o '<sheet name="[^"]*"' | sed 's/.*="//; s/"//' | tr '\n' ' ')" "概览 差距 附录A 附录B 要求 证据 趋势 整改 证据清单 "
ls -a | grep -q '^\.itss-report' && bad "a temp file was left behind"
# libxlsxwriter is loaded to write a workbook, and by nothing else (ld.so
# names what it loads under LD_DEBUG=files).
LD_DEBUG=files "$ITSS" assess $D >/dev/null 2>"$tmp/ld"
grep -q libsqlite3 "$tmp/ld" || bad "LD_DEBUG=files names no library (nothing was tested)"
grep -q libxlsxwriter "$tmp/ld" && bad "assess loaded libxlsxwriter"
LD_DEBUG=files "$ITSS" report -o r2.xlsx $D >/dev/null 2>"$tmp/ld"
grep -q libxlsxwriter "$tmp/ld" || bad "report did not load libxlsxwriter"
rm -f r2.xlsx

# -- summary counts against assess --json (domains in rows 13-20) --
"$ITSS" assess $D --json >"$tmp/a.json" 2>/dev/null
row=13
# Conformance up to the target (协同级, the third level), which is no lower
# than any domain's level here: the first three levels' counts.
upto() { sqlite3 :memory: "SELECT sum(json_extract(value, '\$.$2')) FROM (SELECT readfile('$tmp/a.json') AS j), json_each(json_extract(j, '\$.domains[$1].by_level')) WHERE key <= 2"; }
for i in 0 1 2 3 4 5 6 7; do
	eq "summary-good-$i" "$(val r.xlsx 1 E$row)" "$(upto $i good)"
	eq "summary-applicable-$i" "$(val r.xlsx 1 F$row)" "$(upto $i applicable)"
	row=$((row + 1))
done
# 质量管理 reaches 协同级: all of it up to there conforms.
eq summary-quality-rate "$(val r.xlsx 1 G14)" 1
eq summary-level "$(val r.xlsx 1 B7)" 拓展级
eq summary-gaps "$(val r.xlsx 1 B10)" 5
eq summary-charts "$(unzip -l r.xlsx | grep -c 'xl/charts/chart')" 3
unzip -p r.xlsx xl/charts/chart1.xml | grep -q '<c:radarStyle val="filled"/>' || bad "summary: no filled radar"
# The radar's axis names each domain's level (the hidden column H), its
# rings unnumbered; the trend charts the organisation's level alone, each
# point labelled with the level's name, the domains in a table by name.
unzip -p r.xlsx xl/charts/chart1.xml | grep -q "<c:cat><c:numRef><c:f>'概览'!\$H\$13:\$H\$20</c:f>" || bad "radar: categories are not the level-named domains"
unzip -p r.xlsx xl/charts/chart1.xml | grep -q '<c:valAx>.*<c:tickLblPos val="none"/>' || bad "radar: the rings are numbered"
eq radar-axis-label "$(sheet r.xlsx 1 | tr '\n' ' ' | grep -o '<c r="H13"[^>]*><is><t>[^<]*' | sed 's/.*<t>//')" "能力管理 拓展级"
eq trend-series "$(unzip -p r.xlsx xl/charts/chart3.xml | grep -o '<c:ser>' | wc -l)" 1
eq trend-labels "$(unzip -p r.xlsx xl/charts/chart3.xml | grep -o '<c:dLbl><c:idx val="[0-9]*"/><c:layout/><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-US"/><a:t>[^<]*' | sed 's/.*<a:t>//' | tr '\n' ' ')" "— 拓展级 "
eq trend-table "$(val r.xlsx 7 D3) $(val r.xlsx 7 E3) $(val r.xlsx 7 C3)" "拓展级 协同级 拓展级"

# -- on paper: a header and footer on every page, the header rows again,
# 附录A's domains a page each, the summary's ranks hidden (the radar's
# data), the bars in the table's order --
sheet r.xlsx 2 | grep -q '<oddFooter>&amp;C第 &amp;P 页 / 共 &amp;N 页</oddFooter>' || bad "print: no page footer"
sheet r.xlsx 2 | grep -q '<oddHeader>&amp;L华信运维服务有限公司&amp;C&amp;A&amp;R2025-12-31</oddHeader>' || bad "print: no page header"
unzip -p r.xlsx xl/workbook.xml | grep -q "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"1\">'差距'!\$1:\$1</definedName>" || bad "print: the gaps' header row is not repeated"
unzip -p r.xlsx xl/workbook.xml | grep -q "'附录A'!\$1:\$2" || bad "print: 附录A's two header rows are not repeated"
eq print-breaks "$(sheet r.xlsx 3 | grep -o '<rowBreaks count="[0-9]*"')" '<rowBreaks count="7"'
sheet r.xlsx 1 | grep -q '<col min="3" max="4" [^>]*hidden="1"' || bad "print: the summary's ranks are shown"
unzip -p r.xlsx xl/charts/chart2.xml | grep -q '<c:orientation val="maxMin"/>' || bad "print: the bars run bottom up"

# -- in Chinese by default (itss.yaml's language, or --lang): statuses and
# what is missing, from the model's own names --
eq zh-status "$(val r.xlsx 2 F2) $(val r.xlsx 2 F3) $(val r.xlsx 2 F6) $(val r.xlsx 5 E2)" "部分符合 缺失 已过期 符合"
eq zh-missing "$(val r.xlsx 2 G2)" "缺少：记录"
# The corrective actions: beside their gap on 差距 (overdue in red), and
# the sheet 整改, by due date, each status in its colour.
eq gap-action "$(val r.xlsx 2 I3)" "CA-2025-02（已逾期，到期 2025-11-30）"
eq gap-action-red "$(style r.xlsx 2 I3)" "$(style r.xlsx 2 F3)"
eq actions-sheet "$(val r.xlsx 8 A2) $(val r.xlsx 8 B2) $(val r.xlsx 8 A3) $(val r.xlsx 8 B3)" "CA-2025-01 已验证 CA-2025-02 已逾期"
eq actions-verifier "$(val r.xlsx 8 I2) $(val r.xlsx 8 J2)" "内审组 周敏 2025-11-20"
[ "$(style r.xlsx 8 B2)" != "$(style r.xlsx 8 B3)" ] && ok || bad "actions: verified and overdue in one colour"
eq zh-expired "$(val r.xlsx 2 G6)" "证据已过期，需有效期内的记录；缺少：报告"
"$ITSS" report -o en.xlsx $D --lang en >/dev/null 2>&1 || bad "report --lang en"
eq en-status "$(val en.xlsx 2 F2) $(val en.xlsx 5 E2)" "partial met"
eq en-missing "$(val en.xlsx 2 G2)" "needs record (记录)"
run lang-bad 2 "--lang is zh-CN or en, not 'fr'" "$ITSS" report --lang fr
cp itss.yaml "$tmp/itss.yaml.zh" && echo 'language: en' >>itss.yaml
"$ITSS" report -o en2.xlsx $D >/dev/null 2>&1
eq lang-config "$(val en2.xlsx 2 F2)" partial
cp "$tmp/itss.yaml.zh" itss.yaml

# -- the gaps --
eq gaps-first "$(val r.xlsx 2 D2)" 8.1.1.a
eq gaps-last "$(val r.xlsx 2 D6)" 8.8.4.b
eq gaps-none-more "$(val r.xlsx 2 D7)" ""
eq gaps-template "$(val r.xlsx 2 H3)" evidence-templates/17-incident-management/record.yaml
sheet r.xlsx 2 | grep -q '<autoFilter ref="A1:I6"/>' || bad "gaps: no filter"
sheet r.xlsx 2 | grep -q 'state="frozen"' || bad "gaps: header not frozen"

# -- Appendix A: cells and colours against the legend (rows 52-54) --
met=$(style r.xlsx 3 E52) notmet=$(style r.xlsx 3 E53) none=$(style r.xlsx 3 E54)
[ -n "$met" ] && [ "$met" != "$notmet" ] && [ "$met" != "$none" ] || bad "appendix A: legend styles '$met' '$notmet' '$none'"
eq a-item1-basic "$(style r.xlsx 3 E3)" "$met"
eq a-item1-basic-mark "$(val r.xlsx 3 E3)" "✓"
eq a-item41-collab "$(style r.xlsx 3 G43)" "$notmet"
eq a-item40-basic "$(style r.xlsx 3 E42)" "$none"
eq a-merges "$(sheet r.xlsx 3 | grep -o '<mergeCell ' | wc -l)" 25
sheet r.xlsx 3 | grep -q '<mergeCell ref="H16:H26"/>' || bad "appendix A: 9.4 (过程, 量化级) not one merged cell"
sheet r.xlsx 3 | grep -q '<mergeCell ref="I16:I26"/>' || bad "appendix A: 10.4 (过程, 引领级) not one merged cell"

# -- Appendix B: the reached level highlighted --
reached=$(style r.xlsx 4 D3)
eq b-capability-extended "$reached" "$(style r.xlsx 4 E5)"
[ "$reached" != "$(style r.xlsx 4 C3)" ] || bad "appendix B: 基本级 of 能力管理 highlighted as the reached level"
# Wrapped text gets rows tall enough to read (neither libxlsxwriter nor
# every reader sizes them): 能力管理's characteristics need several lines.
ht=$(sheet r.xlsx 4 | grep -o "<row r=\"3\"[^>]*>" | sed -n "s/.* ht=\"\([0-9.]*\)\".*/\1/p")
[ "${ht%.*}" -ge 45 ] 2>/dev/null || bad "appendix B: row 3 is ${ht:-not} set high enough for its text"

# -- hostile text stays text --
n=0
for t in '=1+1' '+SUM(A1:A9)' '-2+3' '@cmd' "$(printf '\tTAB')" "$(printf '\rCR')"; do
	n=$((n + 1))
	printf -- '- id: hostile-%s\n  title: "%s"\n  kind: record\n  satisfies: [6.1.2.b]\n  date: 2025-05-01\n  status: approved\n' \
	    "$n" "$(printf '%s' "$t" | sed 's/\t/\\t/; s/\r/\\r/')" >>evidence/hostile.yaml
done
"$ITSS" report -o h.xlsx $D >/dev/null 2>&1 || bad "report with hostile titles"
eq no-formulas "$(unzip -p h.xlsx 'xl/worksheets/*.xml' | grep -c '<f>')" 0
unzip -p h.xlsx xl/worksheets/sheet6.xml | grep -q '<t>=1+1</t>' || bad "'=1+1' not a text cell"
unzip -p h.xlsx xl/worksheets/sheet6.xml | grep -q '<t>@cmd</t>' || bad "'@cmd' not a text cell"
unzip -p h.xlsx xl/styles.xml | grep -q 'formatCode="@"' || bad "no text (@) format for evidence text"
# Characters XML 1.0 cannot hold, and a literal OOXML escape.
printf -- '- id: hostile-ffff\n  title: "a\\uFFFEb\\uFFFFc _x000D_"\n  kind: record\n  satisfies: [6.1.2.b]\n  date: 2025-05-01\n  status: approved\n' >>evidence/hostile.yaml
"$ITSS" report -o h2.xlsx $D >/dev/null 2>&1 || bad "report with U+FFFE in a title"
unzip -p h2.xlsx xl/worksheets/sheet6.xml >"$tmp/s6.xml"
xmllint --noout "$tmp/s6.xml" 2>/dev/null || bad "证据 sheet not well-formed XML with U+FFFE in a title"
eq ooxml-escape "$(grep -c "$(printf '<t>a\357\277\275b\357\277\275c _x005F_x000D_</t>')" "$tmp/s6.xml")" 1
cp h.xlsx "$tmp/h.xlsx"
rm evidence/hostile.yaml

# -- the register: every record, each file with its state --
mkdir -p files-reg
printf 'kept\n' >files-reg/kept.txt
printf 'changed\n' >files-reg/changed.txt
cat >evidence/register.yaml <<EOF2
- id: zz-register-1
  title: 登记测试
  kind: record
  satisfies: [6.1.2.b, 6.1.1.a]
  date: 2025-05-01
  status: approved
  files:
    - files-reg/kept.txt
    - {path: files-reg/changed.txt, sha256: $(printf 'before\n' | sha256sum | cut -c1-64)}
    - files-reg/gone.txt
EOF2
"$ITSS" evidence import >/dev/null 2>&1
"$ITSS" report -o g.xlsx $D >/dev/null 2>&1 || bad "report with the register record"
records=$(sqlite3 .itss/index.db 'SELECT count(*) FROM records')
eq register-rows "$(unzip -p g.xlsx xl/worksheets/sheet6.xml | grep -o '<row ' | wc -l)" $((records + 1))
reg=$(unzip -p g.xlsx xl/worksheets/sheet6.xml | tr '\n' ' ' | grep -o '<row [^>]*><c r="A[0-9]*"[^>]*><is><t>zz-register-1</t>.*' | sed 's|</row>.*||')
echo "$reg" | grep -q "files-reg/kept.txt \[ok\] $(sha256sum files-reg/kept.txt | cut -c1-64)" || bad "register: kept.txt not ok with its hash"
echo "$reg" | grep -q 'files-reg/changed.txt \[altered\]' || bad "register: changed.txt not altered"
echo "$reg" | grep -q 'files-reg/gone.txt \[missing\]' || bad "register: gone.txt not missing"
echo "$reg" | grep -q '<t>6.1.1.a, 6.1.2.b</t>' || bad "register: the requirements served"
# Approved but past its validity as of the report's date: expired.
exp=$(unzip -p g.xlsx xl/worksheets/sheet6.xml | tr '\n' ' ' | grep -o '<row [^>]*><c r="A[0-9]*"[^>]*><is><t>satisfaction-survey-2024</t>.*' | sed 's|</row>.*||')
eq register-expired "$(echo "$exp" | grep -c '<t>已过期</t>')" 1
# Kinds by the model's names, statuses in Chinese: as the import reads them.
echo "$reg" | grep -q '<t>记录</t>' || bad "register: the kind is not 记录"
echo "$reg" | grep -q '<t>已批准</t>' || bad "register: the status is not 已批准"
"$ITSS" report --lang en -o ge.xlsx $D >/dev/null 2>&1 || bad "report --lang en"
unzip -p ge.xlsx xl/worksheets/sheet6.xml | grep -q '<t>approved</t>' || bad "register --lang en: approved not in English"
rm -r evidence/register.yaml files-reg
"$ITSS" evidence import >/dev/null 2>&1

# -- the space runs out: the old report is untouched --
mkdir "$tmp/small"
if mount -t tmpfs -o size=64k tmpfs "$tmp/small" 2>/dev/null; then
	printf 'the old report\n' >"$tmp/small/old.xlsx"
	status=0
	"$ITSS" report -o "$tmp/small/old.xlsx" $D >"$tmp/out" 2>&1 || status=$?
	eq full-status "$status" 4
	grep -q "old.xlsx: error:" "$tmp/out" || { bad "full: no error naming the file"; cat "$tmp/out"; }
	eq full-old-intact "$(cat "$tmp/small/old.xlsx")" "the old report"
	eq full-no-temp "$(ls -A "$tmp/small" | grep -vc '^old.xlsx$')" 0
	# One message, itss's: not libxlsxwriter's own lines beside it.
	eq full-one-voice "$(grep -c '^\[ERROR\]' "$tmp/out")" 0
	umount "$tmp/small"
else
	echo "note: cannot mount a small tmpfs here (not root?); test_report's file-size limit covers it"
fi
status=0
"$ITSS" report -o /nonexistent/dir/r.xlsx $D >"$tmp/out" 2>&1 || status=$?
eq unwritable "$status" 4
status=0
"$ITSS" report -o r.csv $D >"$tmp/out" 2>&1 || status=$?
eq not-xlsx "$status" 2

# -- LibreOffice opens it, every sheet --
if [ -n "${ITSS_NO_OFFICE:-}" ]; then
	:	# once is enough: the plain run converts
elif command -v soffice >/dev/null; then
	mkdir -p "$tmp/lo"
	HOME="$tmp/lo" soffice --headless --convert-to \
	    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
	    --outdir "$tmp/lo" r.xlsx >"$tmp/lo/log" 2>&1 || bad "libreoffice: csv conversion failed"
	eq lo-sheets "$(ls "$tmp/lo"/r-*.csv 2>/dev/null | wc -l)" 9
	grep -q '8.8.4.b' "$tmp/lo/r-差距.csv" 2>/dev/null || bad "libreoffice: the gaps sheet lacks 8.8.4.b"
	HOME="$tmp/lo" soffice --headless --convert-to pdf --outdir "$tmp/lo" r.xlsx >/dev/null 2>&1 &&
	    [ -s "$tmp/lo/r.pdf" ] || bad "libreoffice: pdf conversion failed"
	# Chinese on paper, not empty boxes: a CJK font embedded, and the
	# headings read back from the PDF.
	pdffonts "$tmp/lo/r.pdf" 2>/dev/null | grep -qi 'wenquanyi\|notosanscjk\|notoserifcjk\|droidsansfallback\|microhei' ||
		bad "libreoffice: no CJK font embedded in the PDF (install fonts-wqy-microhei)"
	pdftotext "$tmp/lo/r.pdf" - 2>/dev/null >"$tmp/lo/r.txt"
	for h in 运维服务能力成熟度自评估 能力域 达到等级 条款 能力项; do
		grep -q "$h" "$tmp/lo/r.txt" || bad "libreoffice: '$h' is not in the PDF's text"
	done
	# Printed at the page's width, no page's type under about 9 pt: the
	# commonest height of its words' boxes (the font's size), page by page.
	small=$(pdftotext -bbox "$tmp/lo/r.pdf" - 2>/dev/null | awk -F'"' '
	    /<page/ { p++ }
	    /<word/ { h = sprintf("%.1f", $8 - $4); n[p, h]++
	        if (n[p, h] > best[p]) { best[p] = n[p, h]; size[p] = h } }
	    END { for (i = 1; i <= p; i++) if (size[i] + 0 < 8.8)
	        printf "page %d: %s pt; ", i, size[i] }')
	eq lo-type-size "$small" ""
	# The summary on one page, charts and all: page 2 is 差距's.
	pdftotext -layout -f 2 -l 2 "$tmp/lo/r.pdf" - 2>/dev/null | sed -n 1p | grep -q "  差距  " && ok || bad "print: the summary takes more than a page"
	eq lo-pages-measured "$(pdftotext -bbox "$tmp/lo/r.pdf" - 2>/dev/null | grep -c '<page')" "$(pdfinfo "$tmp/lo/r.pdf" | sed -n 's/^Pages: *//p')"
	[ -n "${ITSS_KEEP_PDF:-}" ] && cp "$tmp/lo/r.pdf" "$ITSS_KEEP_PDF"
	# The register round trip: the 证据 sheet, saved as CSV by LibreOffice,
	# imports back as the same records (its Chinese headers, "—" for no
	# date, "path [ok] sha256" for a file, "a, b" for requirements).
	mkdir -p "$tmp/rt/evidence"
	cp -R "$top/examples/huaxin/docs" "$top/examples/huaxin/itss.yaml" "$tmp/rt/"
	cp "$tmp/lo/r-证据.csv" "$tmp/rt/evidence/register.csv"
	(cd "$tmp/rt" && "$ITSS" evidence import >"$tmp/rt.out" 2>&1) || { bad "round-trip: the register does not import"; sed 's/^/    /' "$tmp/rt.out" | head; }
	q="SELECT id, title, kind, date, valid_until, owner, status FROM records ORDER BY id; SELECT record, requirement FROM record_requirements ORDER BY 1, 2; SELECT record, path FROM record_files ORDER BY 1, 2"
	eq round-trip "$(sqlite3 "$tmp/rt/.itss/index.db" "$q" | sha256sum)" "$(sqlite3 .itss/index.db "$q" | sha256sum)"
	eq round-trip-count "$(sqlite3 "$tmp/rt/.itss/index.db" 'SELECT count(*) FROM records')" "$(sqlite3 .itss/index.db 'SELECT count(*) FROM records')"
	# The workbook itself as a register: its 证据 sheet imports back as the
	# same records; and an .xlsx LibreOffice saves from the example's CSV
	# register imports to the records the CSV gives (dates as serials).
	mkdir -p "$tmp/rx/evidence"
	cp -R "$top/examples/huaxin/docs" "$top/examples/huaxin/itss.yaml" "$tmp/rx/"
	cp r.xlsx "$tmp/rx/evidence/register.xlsx"
	(cd "$tmp/rx" && "$ITSS" evidence import >"$tmp/rx.out" 2>&1) || { bad "xlsx-round-trip: the workbook does not import"; sed 's/^/    /' "$tmp/rx.out" | head; }
	eq xlsx-round-trip "$(sqlite3 "$tmp/rx/.itss/index.db" "$q" | sha256sum)" "$(sqlite3 .itss/index.db "$q" | sha256sum)"
	mkdir -p "$tmp/lx/evidence" "$tmp/lc/evidence" "$tmp/lo/x"
	cp "$top/examples/huaxin/evidence/service-desk-register.csv" "$tmp/lo/x/"
	(cd "$tmp/lo/x" && HOME="$tmp/lo" soffice --headless --infilter="CSV:44,34,76,1" \
	    --convert-to xlsx service-desk-register.csv >/dev/null 2>&1) || bad "libreoffice: csv to xlsx"
	for w in lx lc; do cp -R "$top/examples/huaxin/docs" "$top/examples/huaxin/itss.yaml" "$tmp/$w/"; done
	cp "$tmp/lo/x/service-desk-register.xlsx" "$tmp/lx/evidence/"
	cp "$top/examples/huaxin/evidence/service-desk-register.csv" "$tmp/lc/evidence/"
	q2="SELECT id, title, kind, date, valid_until, owner, status, notes FROM records ORDER BY id; SELECT record, requirement FROM record_requirements ORDER BY 1, 2; SELECT record, path, sha256 FROM record_files ORDER BY 1, 2"
	for w in lx lc; do (cd "$tmp/$w" && "$ITSS" evidence import >/dev/null 2>&1) || bad "xlsx-libreoffice: $w does not import"; done
	eq xlsx-libreoffice "$(sqlite3 "$tmp/lx/.itss/index.db" "$q2" | sha256sum)" "$(sqlite3 "$tmp/lc/.itss/index.db" "$q2" | sha256sum)"
	eq xlsx-libreoffice-count "$(sqlite3 "$tmp/lx/.itss/index.db" 'SELECT count(*) FROM records')" 2
	# What a spreadsheet makes of the hostile titles: the text, not a value.
	HOME="$tmp/lo" soffice --headless --convert-to \
	    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
	    --outdir "$tmp/lo" "$tmp/h.xlsx" >/dev/null 2>&1 || bad "libreoffice: h.xlsx"
	eq lo-hostile "$(grep -c '^hostile-[0-9]*,\(=1+1\|+SUM(A1:A9)\|-2+3\|@cmd\),' "$tmp/lo/h-证据.csv" 2>/dev/null)" 4
else
	echo "note: LibreOffice (soffice) is not installed; the conversion was not run"
fi

finish report
