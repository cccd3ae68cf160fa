/*
 * report_text.c - text made safe for a cell (report.h,
 * itss_report_cell_text): well-formed UTF-8, only what XML 1.0 allows,
 * and no longer than a cell holds; and the workbook's Chinese words for a
 * requirement's status and what it lacks.
 */
#include <string.h>

#include "report_int.h"


/*
 * "_xHHHH_" in a cell is an escape to spreadsheet readers (OOXML's
 * ST_Xstring: LibreOffice turns "_x000D_" into a carriage return), so a
 * literal one has its underscore escaped as "_x005F_".
 */
static int
ooxml_escape_at(const char *s, size_t left)
{
	size_t k;

	if (left < 7 || s[0] != '_' || (s[1] != 'x' && s[1] != 'X') || s[6] != '_')
		return 0;
	for (k = 2; k < 6; k++)
		if (!((s[k] >= '0' && s[k] <= '9') || (s[k] >= 'a' && s[k] <= 'f') ||
		    (s[k] >= 'A' && s[k] <= 'F')))
			return 0;
	return 1;
}

/* Characters XML 1.0 does not allow (besides the C0 controls). */
static int
xml_illegal(uint32_t c)
{
	return c == 0xfffe || c == 0xffff || (c >= 0xd800 && c <= 0xdfff);
}

void
itss_report_cell_append(struct itss_strbuf *sb, const char *s, size_t max)
{
	static const char mark[] = "…（已截断）";
	size_t len = strlen(s), i = 0, chars = 0;

	/* Most text is sound and short: one pass, then one copy. */
	if (len <= max && itss_utf8_check(s, len) == (size_t)-1) {
		for (i = 0; i < len; i++)
			if (((unsigned char)s[i] < 0x20 && s[i] != '\t' &&
			    s[i] != '\n') || (s[i] == '_' && (s[i + 1] == 'x' ||
			    s[i + 1] == 'X')) || ((unsigned char)s[i] == 0xef &&
			    (unsigned char)s[i + 1] == 0xbf &&
			    ((unsigned char)s[i + 2] & 0xfe) == 0xbe))
				break;	/* look closer, character by character */
		if (i == len) {
			itss_strbuf_add(sb, s, len);
			return;
		}
		i = 0;
	}
	while (i < len) {
		/* This character alone: a window of at most four bytes. */
		size_t bad = itss_utf8_check(s + i, len - i < 4 ? len - i : 4), n;
		uint32_t c;

		if (bad == 0) {
			itss_strbuf_addstr(sb, "\xef\xbf\xbd");	/* U+FFFD */
			i++;
			chars++;
			continue;
		}
		c = itss_utf8_decode(s + i, len - i, &n);
		if (chars >= max) {
			itss_strbuf_addstr(sb, mark);
			return;
		}
		/* XML 1.0 cannot hold other control characters. */
		if (c < 0x20 && c != '\t' && c != '\n')
			itss_strbuf_addstr(sb, c == '\r' ? "" : "\xef\xbf\xbd");
		else if (xml_illegal(c))
			itss_strbuf_addstr(sb, "\xef\xbf\xbd");
		else if (ooxml_escape_at(s + i, len - i))
			itss_strbuf_addstr(sb, "_x005F_");
		else
			itss_strbuf_add(sb, s + i, n);
		i += n;
		chars++;
	}
}

void
itss_report_cell_text(struct itss_strbuf *sb, const char *s, size_t max)
{
	itss_strbuf_reset(sb);
	itss_report_cell_append(sb, s, max);
}

const char *
itss_report_status(enum itss_req_status s, int english)
{
	static const char *const zh[] = { "符合", "部分符合", "已过期", "缺失",
		"不适用", "不符合" };

	return english ? itss_req_status_name(s) : zh[s];
}

void
itss_report_missing(struct itss_strbuf *sb, const struct itss_requirement *q,
    const struct itss_req_result *rr, int english)
{
	size_t k;

	itss_strbuf_reset(sb);
	if (english || !rr->missing) {
		itss_strbuf_addstr(sb, rr->missing ? rr->missing : "");
		return;
	}
	if (rr->status == ITSS_REQ_NONCONFORM) {
		itss_strbuf_addstr(sb, "经判定不符合（理由见“要求”表）");
		return;
	}
	if (rr->status == ITSS_REQ_EXPIRED)
		itss_strbuf_addstr(sb, "证据已过期，需有效期内的记录");
	for (k = 0; k < rr->nlacking; k++)
		itss_strbuf_addf(sb, "%s%s", k ? "、" : sb->len ? "；缺少：" :
		    "缺少：", rr->lacking[k]->name);
	if (rr->nmissing_documents) {
		itss_strbuf_addstr(sb, sb->len ? "；" : "");
		itss_strbuf_addstr(sb, q->nevaluations ? "未评分的评价项：" :
		    "缺少的文件：");
		for (k = 0; k < rr->nmissing_documents; k++)
			itss_strbuf_addf(sb, "%s%s", k ? "、" : "",
			    rr->missing_documents[k]);
	}
	if (!sb->len)
		itss_strbuf_addstr(sb, "缺少已批准的记录");
}
