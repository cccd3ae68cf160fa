#!/bin/sh
# The example's workbook as management gets it, page images for the
# README: LibreOffice prints it to PDF, pdftoppm makes the PNGs of the
# first page of each sheet named here. Run after `make demo`:
#   tools/workbook-png.sh [build/example-report.xlsx] [docs]
set -eu
book=${1:-build/example-report.xlsx}
out=${2:-docs}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$book" "$tmp/book.xlsx"
(cd "$tmp" && HOME="$tmp" soffice --headless --convert-to pdf book.xlsx >/dev/null 2>&1)
pages=$(pdfinfo "$tmp/book.pdf" | sed -n 's/^Pages: *//p')
mkdir -p "$out"
for sheet in 概览:summary 差距:gaps 附录A:appendix-a 要求:requirements 证据:register 趋势:trend 整改:actions; do
	name=${sheet%%:*} file=${sheet#*:}
	p=1
	while [ "$p" -le "$pages" ]; do
		# The page header names the sheet (&A): its first page.
		if pdftotext -layout -f "$p" -l "$p" "$tmp/book.pdf" - | sed -n 1p | grep -q "  $name  "; then
			pdftoppm -png -r 80 -f "$p" -l "$p" -singlefile "$tmp/book.pdf" "$out/workbook-$file"
			echo "$out/workbook-$file.png: page $p ($name)"
			break
		fi
		p=$((p + 1))
	done
done
