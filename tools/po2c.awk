# po2c.awk - a PO catalogue as C initialisers, for the built-in copy the
# workbook uses (src/i18n.c): one { "msgid", "plural", "msgstr" } per
# translated message, in the file's order. The PO strings are C strings
# already (the same escapes), so they are copied as they stand. The header,
# fuzzy and untranslated entries are left out (gettext would not use them).
#   awk -f tools/po2c.awk po/zh_CN.po > build/gen/catalog_zh_CN.inc

function blank(s) {
	gsub(/""/, "", s)
	return s == ""
}

function flush() {
	if (!blank(id) && !blank(str) && !fuzzy)
		printf "\t{ %s, %s, %s },\n", id, (plural == "" ? "NULL" : plural), str
	id = plural = str = ""
	fuzzy = 0
	cur = ""
}

# The quoted part of a line, as it stands ("..." with its escapes).
function quoted(line) {
	sub(/^[^"]*/, "", line)
	return line
}

function add(s) {
	if (cur == "id")
		id = id s
	else if (cur == "plural")
		plural = plural s
	else if (cur == "str")
		str = str s
}

BEGIN { id = plural = str = cur = ""; fuzzy = 0 }
/^#,.*fuzzy/ { flush(); fuzzy = 1; next }
/^#/ { next }
/^[ \t]*$/ { flush(); next }
/^msgctxt / { print "po2c: msgctxt is not supported: " FILENAME ":" FNR > "/dev/stderr"; exit 1 }
/^msgid / { f = fuzzy; flush(); fuzzy = f; cur = "id"; add(quoted($0)); next }
/^msgid_plural / { cur = "plural"; add(quoted($0)); next }
/^msgstr / { cur = "str"; add(quoted($0)); next }
/^msgstr\[0\] / { cur = "str"; add(quoted($0)); next }
/^msgstr\[[1-9]/ { cur = ""; next }
/^"/ { add($0); next }
END { flush() }
