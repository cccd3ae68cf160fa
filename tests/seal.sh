#!/bin/sh
# Sign-off and itss evidence seal: hashes written into YAML records in
# place (every other byte kept) and into CSV registers as 'path | sha256';
# idempotent; a changed file left unless --force; a missing one refused;
# with itss.yaml's sign_off, an approved record counts only when signed
# off by another person with every file sealed.
. "$(dirname "$0")/lib.sh"

mkdir "$tmp/r" && cd "$tmp/r" || exit 1
"$ITSS" init . --org 测试 >/dev/null 2>&1 || bad "init"
mkdir -p docs evidence
echo a >docs/a.pdf; echo b >"docs/b c.pdf"; echo c >docs/c.pdf
cat >evidence/r.yaml <<'Y'
# 信息安全管理 -- comments and layout stay as they are
- id: r1
  title: 信息安全管理记录   # trailing comment
  kind: record
  satisfies: [6.4.4.b]
  date: 2025-05-01
  status: approved
  owner: 张三
  approved_by: 李四
  approved_on: 2025-05-02
  files:
    - docs/a.pdf   # the log
    - "docs/b c.pdf"
    - path: docs/c.pdf
      # a comment inside the mapping

- id: r2
  title: 信息安全管理制度
  kind: policy
  satisfies: [6.4.4.a]
  date: 2025-05-01
  status: approved
  owner: 张三
  files: [docs/a.pdf, {path: docs/c.pdf}]
Y
printf 'id,title,kind,satisfies,date,status,files,owner,approved_by,approved_on\r\nc1,"登记, 一",record,6.4.4.b,2025-05-01,approved,"docs/a.pdf; docs/c.pdf",王五,赵六,2025-05-03\r\nc2,登记二,record,6.4.4.b,2025-05-01,approved,docs/c.pdf,王五,王五,2025-05-03\r\n' >evidence/reg.csv
cp evidence/r.yaml "$tmp/r.orig"; cp evidence/reg.csv "$tmp/reg.orig"
ha=$(sha256sum docs/a.pdf | cut -c1-64); hb=$(sha256sum "docs/b c.pdf" | cut -c1-64); hc=$(sha256sum docs/c.pdf | cut -c1-64)

# -- sign-off asked for: nothing unsealed counts, nor the self-approved --
printf 'sign_off: true\n' >>itss.yaml
"$ITSS" assess --json >"$tmp/a.json" 2>/dev/null
reason() { js "$1" "(SELECT json_extract(value, '\$.reason') FROM json_each(j, '\$.requirements') WHERE json_extract(value, '\$.id') = '$2')"; }
case $(reason "$tmp/a.json" 6.4.4.b) in
*"c1 cites a file without its SHA-256 (sign-off needs every file's)"*"c2 is approved by its own owner"*) ok ;;
*) bad "unsealed: $(reason "$tmp/a.json" 6.4.4.b)" ;; esac
case $(reason "$tmp/a.json" 6.4.4.a) in *"r2 is approved with no approver named"*) ok ;; *) bad "no approver: $(reason "$tmp/a.json" 6.4.4.a)" ;; esac

# -- seal: YAML in place, CSV cells --
run seal 0 "files sealed: 8 (record files written: 2); already sealed: 0" "$ITSS" evidence seal
grep -q "^sealed    r1  docs/b c.pdf" "$tmp/out" && ok || bad "seal: names each file"
# Every line that does not name a file is as it was, byte for byte.
grep -v 'docs/\|sha256:' "$tmp/r.orig" >"$tmp/o1"; grep -v 'docs/\|sha256:' evidence/r.yaml >"$tmp/o2"
cmp -s "$tmp/o1" "$tmp/o2" && ok || bad "seal: other lines changed: $(diff "$tmp/o1" "$tmp/o2")"
eq yaml-lines "$(diff "$tmp/r.orig" evidence/r.yaml | grep -c '^[<>]')" 7
grep -qxF "    - {path: docs/a.pdf, sha256: $ha}   # the log" evidence/r.yaml && ok || bad "seal: plain path with its comment"
grep -qxF "    - {path: \"docs/b c.pdf\", sha256: $hb}" evidence/r.yaml && ok || bad "seal: quoted path"
grep -A1 -xF "    - path: docs/c.pdf" evidence/r.yaml | grep -qxF "      sha256: $hc" && ok || bad "seal: block mapping"
grep -qxF "  files: [{path: docs/a.pdf, sha256: $ha}, {path: docs/c.pdf, sha256: $hc}]" evidence/r.yaml && ok || bad "seal: flow sequence"
sed -n 2p evidence/reg.csv | grep -qF "c1,\"登记, 一\",record,6.4.4.b,2025-05-01,approved,docs/a.pdf | $ha; docs/c.pdf | $hc,王五,赵六,2025-05-03" && ok || bad "seal: csv cell: $(sed -n 2p evidence/reg.csv)"
eq csv-crlf "$(grep -c "$(printf '\r')\$" evidence/reg.csv)" 3
sed -n 1p evidence/reg.csv >"$tmp/h2"; sed -n 1p "$tmp/reg.orig" | cmp -s - "$tmp/h2" && ok || bad "seal: csv header changed"

# -- twice: nothing more --
cp evidence/r.yaml "$tmp/r.1"; cp evidence/reg.csv "$tmp/reg.1"
run again 0 "files sealed: 0 (record files written: 0); already sealed: 8" "$ITSS" evidence seal
cmp -s "$tmp/r.1" evidence/r.yaml && cmp -s "$tmp/reg.1" evidence/reg.csv && ok || bad "again: changed a file"

# -- now sealed: the other person's sign-off counts; self-approval still not --
"$ITSS" assess --json >"$tmp/b.json" 2>/dev/null
case $(reason "$tmp/b.json" 6.4.4.b) in *"c2 is approved by its own owner"*) ok ;; *) bad "self: $(reason "$tmp/b.json" 6.4.4.b)" ;; esac
eq signed "$(js "$tmp/b.json" "(SELECT json_extract(value, '\$.status') FROM json_each(j, '\$.requirements') WHERE json_extract(value, '\$.id') = '6.4.4.b')")" met
eq signed-evidence "$(js "$tmp/b.json" "(SELECT json_extract(value, '\$.evidence') FROM json_each(j, '\$.requirements') WHERE json_extract(value, '\$.id') = '6.4.4.b')")" '["c1"]'
run show 0 "approved by: 王五 on 2025-05-03 (its own owner)" "$ITSS" evidence show c2
# Without sign-off asked for, approved is enough, as before.
sed -i '/^sign_off:/d' itss.yaml
"$ITSS" assess --json >"$tmp/c.json" 2>/dev/null
eq no-signoff "$(js "$tmp/c.json" "(SELECT json_extract(value, '\$.status') FROM json_each(j, '\$.requirements') WHERE json_extract(value, '\$.id') = '6.4.4.a')")" met
printf 'sign_off: yes\n' >>itss.yaml
run bad-switch 3 "itss.yaml:" "$ITSS" assess
grep -q "'sign_off' is true or false, not 'yes'" "$tmp/out" && ok || bad "bad-switch: message"
sed -i 's/^sign_off: yes/sign_off: true/' itss.yaml

# -- a changed file: left, unless --force --
echo more >>docs/a.pdf
run changed 3 "evidence/r.yaml:12:14: error: r1: file 'docs/a.pdf' is not as it was sealed" "$ITSS" evidence seal r1
cmp -s "$tmp/r.1" evidence/r.yaml && ok || bad "changed: wrote"
run force 0 "resealed  r1  docs/a.pdf" "$ITSS" evidence seal --force r1
grep -qF "sha256: $(sha256sum docs/a.pdf | cut -c1-64)}   # the log" evidence/r.yaml && ok || bad "force: new hash"
sed -n 2p evidence/reg.csv | grep -qF "docs/a.pdf | $ha" && ok || bad "force: only the records named"

# -- refused: a missing file, an unknown record --
rm docs/c.pdf
run missing 3 "r2: file 'docs/c.pdf' cannot be sealed: it is missing" "$ITSS" evidence seal r2
run unknown 3 "no evidence record 'nosuch'" "$ITSS" evidence seal nosuch
run help 0 "usage: itss evidence seal [--force] [ID...]" "$ITSS" evidence seal --help
run bad-option 2 "" "$ITSS" evidence seal --bogus

# -- approved_by and approved_on go together, and not before the date --
printf -- '- id: x1\n  title: t\n  kind: record\n  satisfies: [6.4.4.b]\n  date: 2025-05-01\n  status: approved\n  approved_by: 李四\n' >evidence/x.yaml
run by-alone 3 "evidence/x.yaml:7:16: error: 'approved_by' needs 'approved_on'" "$ITSS" evidence import
printf -- '- id: x1\n  title: t\n  kind: record\n  satisfies: [6.4.4.b]\n  date: 2025-05-01\n  status: approved\n  approved_by: 李四\n  approved_on: 2025-04-01\n' >evidence/x.yaml
run on-before 3 "evidence/x.yaml:8:16: error: 'approved_on' is before the record's date" "$ITSS" evidence import

# -- refused, nothing written: an .xlsx register (seal cannot write one),
# a CSV register in GB18030 (read, but written back in UTF-8 only) --
mkdir "$tmp/x" && cd "$tmp/x" || exit 1
"$ITSS" init . --org 测试 >/dev/null 2>&1 || bad "init x"
mkdir -p evidence docs/29-service-desk
cp "$top/tests/fuzz/seeds/xlsx/register.xlsx" evidence/reg.xlsx
for f in $(unzip -p evidence/reg.xlsx xl/sharedStrings.xml | grep -o 'docs/[^<]*'); do echo x >"$f"; done
printf 'id,title,kind,satisfies,date,status,files\r\ng1,登记一,record,6.4.4.b,2025-05-01,approved,docs/g.pdf\r\n' |
    iconv -f UTF-8 -t GB18030 >evidence/gb.csv
echo g >docs/g.pdf
cp evidence/reg.xlsx "$tmp/x.xlsx"; cp evidence/gb.csv "$tmp/x.csv"
run x-import 0 "3 records" "$ITSS" evidence import
run xlsx 3 "evidence/reg.xlsx: seal cannot write an .xlsx register; save it as CSV" "$ITSS" evidence seal desk-monthly-2025-06
run gb18030 3 "evidence/gb.csv: error: seal writes registers in UTF-8 only" "$ITSS" evidence seal g1
cmp -s evidence/reg.xlsx "$tmp/x.xlsx" && cmp -s evidence/gb.csv "$tmp/x.csv" && ok || bad "refused: a register changed"
eq x-nothing-left "$(ls evidence | tr '\n' ' ')" "gb.csv reg.xlsx "

# -- the example is signed off and sealed throughout: asking for sign-off
# changes nothing in its assessment --
cp -R "$top/examples/huaxin" "$tmp/ex" && rm -rf "$tmp/ex/.itss" "$tmp/ex/assessments"
cd "$tmp/ex" || exit 1
"$ITSS" assess --json --as-of 2026-01-15 >"$tmp/e1.json" 2>/dev/null
sed -i 's/^sign_off: false/sign_off: true/' itss.yaml
"$ITSS" assess --json --as-of 2026-01-15 >"$tmp/e2.json" 2>/dev/null
eq example-signed "$(js "$tmp/e2.json" "json_extract(j, '\$.requirements')" | sha256sum)" "$(js "$tmp/e1.json" "json_extract(j, '\$.requirements')" | sha256sum)"
eq example-level "$(js "$tmp/e2.json" "json_extract(j, '\$.level')")" extended
run example-sealed 0 "files sealed: 0 (record files written: 0); already sealed: 229" "$ITSS" evidence seal
# One record's approver made its owner: it no longer counts.
sed -i '0,/approved_by: 质量审核员 陈静/s//approved_by: 应急负责人/' evidence/8-emergency/43-risk-assessment.yaml
"$ITSS" assess --json --as-of 2026-01-15 >"$tmp/e3.json" 2>/dev/null
case $(js "$tmp/e3.json" "(SELECT group_concat(json_extract(value, '\$.reason'), ' ') FROM json_each(j, '\$.requirements'))") in
*"approved by its own owner"*) ok ;; *) bad "example: self-approval counted" ;; esac

finish seal
