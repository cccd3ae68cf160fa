/*
 * test_evidence.c - evidence records (YAML and CSV) and judgements: what is
 * read, and every refusal with its position.
 */
#include <stdint.h>
#include <stdlib.h>
#include <zlib.h>

#include "helpers.h"

#include "itss/evidence.h"
#include "itss/repo.h"

static struct itss_model *model;

static int
load(void **state)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	int rc = itss_model_load(&model, "../models/itss1-2023.yaml", &d);

	(void)state;
	itss_diags_release(&d);
	return rc;
}

static int
unload(void **state)
{
	(void)state;
	itss_model_free(model);
	return 0;
}

struct fixture {
	struct itss_evidence_set set;
	struct itss_diags d;
};

static int
setup(void **state)
{
	*state = calloc(1, sizeof(struct fixture));
	return *state ? 0 : -1;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	itss_evidence_set_release(&f->set);
	itss_diags_release(&f->d);
	free(f);
	return 0;
}

static int
yaml(struct fixture *f, const char *text)
{
	itss_evidence_set_release(&f->set);
	itss_diags_release(&f->d);
	return itss_evidence_read(&f->set, "evidence/e.yaml", text, strlen(text),
	    0, model, &f->d);
}

static int
csv(struct fixture *f, const char *text)
{
	itss_evidence_set_release(&f->set);
	itss_diags_release(&f->d);
	return itss_evidence_read(&f->set, "evidence/r.csv", text, strlen(text),
	    1, model, &f->d);
}

static const char good[] =
    "id: inc-policy\n"
    "title: 事件管理制度\n"
    "kind: policy\n"
    "satisfies: [6.4.3.a, 6.4.3.b]\n"
    "date: 2025-03-01\n"
    "valid_until: 2026-03-01\n"
    "owner: 张三\n"
    "status: approved\n"
    "files:\n"
    "  - docs/policy.pdf\n"
    "  - {path: docs/annex.xlsx, sha256: "
    "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855}\n"
    "notes: 2025 版\n";

static void
test_yaml_record(void **state)
{
	struct fixture *f = *state;
	const struct itss_record *r;
	char day[11];

	assert_int_equal(yaml(f, good), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(f->set.nrecords, 1);
	r = &f->set.records[0];
	assert_string_equal(r->id, "inc-policy");
	assert_string_equal(r->title, "事件管理制度");
	assert_int_equal(r->nsatisfies, 2);
	assert_string_equal(r->satisfies[1], "6.4.3.b");
	itss_date_format(day, r->valid_until);
	assert_string_equal(day, "2026-03-01");
	assert_int_equal(r->status, ITSS_APPROVED);
	assert_true(r->status_given);
	assert_int_equal(r->nfiles, 2);
	assert_null(r->files[0].sha256);
	/* Recorded hashes are kept in lower case. */
	assert_string_equal(r->files[1].sha256,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_int_equal(r->files[1].line, 11);
	assert_string_equal(r->source, "evidence/e.yaml");
	/* Everything it holds in its one block (evidence.c record_pack). */
	{
		const char *b = r->block, *p[] = { r->id, r->title, r->kind,
		    r->owner, r->notes, r->source, r->satisfies[0],
		    r->satisfies[1], r->files[0].path, r->files[1].path,
		    r->files[1].sha256, (const char *)r->satisfies,
		    (const char *)r->files };
		size_t i;
		assert_non_null(b);
		for (i = 0; i < sizeof(p) / sizeof(p[0]); i++)
			assert_true(p[i] >= b && p[i] < b + 512);
		assert_string_equal(r->notes, "2025 版");
		assert_string_equal(r->files[0].path, "docs/policy.pdf");
	}
}

static void
test_yaml_list_and_defaults(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(yaml(f, "- id: a\n  title: A\n  kind: record\n"
	    "  satisfies: [6.4.3.c]\n  date: 2025-01-01\n"
	    "- id: b\n  title: B\n  kind: report\n  satisfies: [6.4.2.b]\n"
	    "  date: 2025-02-01\n"), 0);
	assert_int_equal(f->set.nrecords, 2);
	/* No status: a draft. No valid_until: open-ended. */
	assert_int_equal(f->set.records[0].status, ITSS_DRAFT);
	assert_false(f->set.records[0].status_given);
	assert_int_equal(f->set.records[0].valid_until, INT32_MAX);
	assert_int_equal(f->set.records[1].line, 6);
}

#define REC(extra) "id: x\ntitle: T\nkind: record\nsatisfies: [6.4.3.c]\n" \
	"date: 2025-01-01\n" extra

static void
test_refusals(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(yaml(f, "id: x\ntitle: T\nkind: recrod\n"
	    "satisfies: [6.4.3.c]\ndate: 2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "unknown kind 'recrod'", 3, 7);
	assert_int_equal(yaml(f, "id: x\ntitle: T\nkind: record\n"
	    "satisfies: [6.4.3.c, 6.4.3.x]\ndate: 2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "unknown requirement '6.4.3.x'", 4, 22);
	assert_int_equal(yaml(f, "id: x\ntitle: T\nkind: record\n"
	    "satisfies: 6.4.3.c\ndate: 2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "'satisfies' must be a list", 4, 12);
	assert_int_equal(yaml(f, "id: x\ntitle: T\nkind: record\n"
	    "satisfies: [6.4.3.c]\ndate: 2025-13-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "'date' must be a date written YYYY-MM-DD, not "
	    "'2025-13-01'", 5, 7);
	assert_int_equal(yaml(f, REC("valid_until: 2024-12-31\n")), ITSS_EINPUT);
	expect_diag(&f->d, "'valid_until' is before the record's date", 6, 14);
	assert_int_equal(yaml(f, REC("status: final\n")), ITSS_EINPUT);
	expect_diag(&f->d, "status must be draft, approved, superseded or "
	    "rejected (草稿, 已批准, 已替代, 已驳回), not 'final'", 6, 9);
	assert_int_equal(yaml(f, REC("colour: red\n")), ITSS_EINPUT);
	expect_diag(&f->d, "unknown key 'colour'", 6, 1);
	assert_int_equal(yaml(f, "title: T\nkind: record\nsatisfies: [6.4.3.c]\n"
	    "date: 2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "the record has no 'id'", 1, 1);
	assert_int_equal(yaml(f, "id: has space\ntitle: T\nkind: record\n"
	    "satisfies: [6.4.3.c]\ndate: 2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "'has space' is not a usable record id", 1, 5);
	assert_int_equal(yaml(f, "just text\n"), ITSS_EINPUT);
	expect_diag(&f->d, "holds a record (a mapping) or a list of records", 1, 1);
}

static void
test_path_refusals(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(yaml(f, REC("files: [../etc/passwd]\n")), ITSS_EINPUT);
	expect_diag(&f->d, "file '../etc/passwd': a '..' component", 6, 9);
	assert_int_equal(yaml(f, REC("files: [docs/../../x]\n")), ITSS_EINPUT);
	expect_diag(&f->d, "a '..' component", 6, 9);
	assert_int_equal(yaml(f, REC("files: [/etc/passwd]\n")), ITSS_EINPUT);
	expect_diag(&f->d, "file '/etc/passwd': an absolute path", 6, 9);
	assert_int_equal(yaml(f, REC("files: [.git/config]\n")), ITSS_EINPUT);
	expect_diag(&f->d, "a path into .git", 6, 9);
	assert_int_equal(yaml(f, REC("files: [.itss/index.db]\n")), ITSS_EINPUT);
	expect_diag(&f->d, "a path into .itss", 6, 9);
	assert_int_equal(yaml(f, REC("files: [\"docs\\\\a.pdf\"]\n")), ITSS_EINPUT);
	expect_diag(&f->d, "a backslash", 6, 9);
	assert_int_equal(yaml(f, REC("files: [docs//a.pdf]\n")), ITSS_EINPUT);
	expect_diag(&f->d, "an empty component", 6, 9);
	assert_int_equal(yaml(f, REC("files:\n  - {path: a.pdf, sha256: abc}\n")),
	    ITSS_EINPUT);
	expect_diag(&f->d, "the sha256 must be 64 hexadecimal digits", 7, 12);
	assert_int_equal(yaml(f, REC("files: [a.pdf, a.pdf]\n")), ITSS_EINPUT);
	expect_diag(&f->d, "file 'a.pdf' is listed twice", 6, 16);
}

static void
test_duplicate_ids(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(yaml(f, "- id: a\n  title: A\n  kind: record\n"
	    "  satisfies: [6.4.3.c]\n  date: 2025-01-01\n"
	    "- id: a\n  title: B\n  kind: record\n  satisfies: [6.4.3.c]\n"
	    "  date: 2025-01-02\n"), 0);
	assert_int_equal(itss_evidence_check_ids(&f->set, &f->d), 1);
	expect_diag(&f->d, "record id 'a' is already used at evidence/e.yaml:1:3",
	    6, 3);
}

static void
test_csv(void **state)
{
	struct fixture *f = *state;
	const struct itss_record *r;

	/* A BOM, CRLF, a quoted field with a comma and a line break, lists. */
	assert_int_equal(csv(f, "\xef\xbb\xbf" "id,title,kind,satisfies,date,"
	    "status,files,owner\r\n"
	    "c1,\"事件记录, 2025 年\",record,6.4.3.c; 7.4.4.e,2025-05-01,approved,"
	    "\"docs/a.pdf\ndocs/b.pdf | E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649"
	    "B934CA495991B7852B855\",李四\r\n"
	    "\r\n"
	    "c2,Second,report,6.4.2.b,2025-06-01,,,\r\n"), 0);
	assert_int_equal(f->d.n, 0);
	assert_int_equal(f->set.nrecords, 2);
	r = &f->set.records[0];
	assert_string_equal(r->title, "事件记录, 2025 年");
	assert_int_equal(r->nsatisfies, 2);
	assert_string_equal(r->satisfies[1], "7.4.4.e");
	assert_int_equal(r->nfiles, 2);
	assert_string_equal(r->files[1].path, "docs/b.pdf");
	assert_non_null(r->files[1].sha256);
	assert_string_equal(r->owner, "李四");
	r = &f->set.records[1];
	assert_int_equal(r->status, ITSS_DRAFT);
	assert_int_equal(r->nfiles, 0);
	assert_null(r->owner);
	assert_int_equal(r->line, 5);
}

static void
test_csv_refusals(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(csv(f, "id,title,kind,satisfies,date\n"
	    "c1,\"open,record,6.4.3.c,2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "malformed CSV: a quoted field is not closed", 2, 0);
	assert_int_equal(csv(f, "id,title,kind,satisfies,date\n"
	    "c1,a\"b,record,6.4.3.c,2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "malformed CSV", 2, 0);
	assert_int_equal(csv(f, "id,title,kind,satisfies,date,colour\n"),
	    ITSS_EINPUT);
	expect_diag(&f->d, "unknown column 'colour'", 1, 6);
	assert_int_equal(csv(f, "id,title,kind,satisfies,date\nc1,T,record\n"),
	    ITSS_EINPUT);
	expect_diag(&f->d, "this row has 3 fields, the header 5", 2, 0);
	assert_int_equal(csv(f, "id,title,kind,satisfies,date\n"
	    "c1,T,record,6.4.3.c,2025-02-30\n"), ITSS_EINPUT);
	expect_diag(&f->d, "'date' must be a date", 2, 5);
	assert_int_equal(csv(f, "id,title,kind,satisfies,date\n"
	    "c1,T,record,6.4.3.q,2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "unknown requirement '6.4.3.q'", 2, 4);
	assert_int_equal(csv(f, "id,title,kind,satisfies,date\n"
	    "c1,T,record,,2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "'satisfies' is empty", 2, 4);
	assert_int_equal(csv(f, "id,title,kind,satisfies,date,files\n"
	    "c1,T,record,6.4.3.c,2025-01-01,../x.pdf\n"), ITSS_EINPUT);
	expect_diag(&f->d, "a '..' component", 2, 6);
	assert_int_equal(csv(f, "id,title,id\n"), ITSS_EINPUT);
	expect_diag(&f->d, "column 'id' appears twice", 1, 3);
	assert_int_equal(csv(f, ""), ITSS_EINPUT);
	expect_diag(&f->d, "the CSV file is empty", 1, 1);
	assert_int_equal(csv(f, "id,title\nc1,\xff\n"), ITSS_EINPUT);
	expect_diag(&f->d, "invalid UTF-8", 2, 0);
}

static int
judge(struct fixture *f, const char *text)
{
	itss_evidence_set_release(&f->set);
	itss_diags_release(&f->d);
	return itss_judgements_read(&f->set, "judgements/j.yaml", text,
	    strlen(text), model, &f->d);
}

static void
test_judgements(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(judge(f, "- requirement: 7.6.3.a\n  verdict: "
	    "not_applicable\n  reason: 本组织不保有备件\n"
	    "- requirement: 7.4.4.e\n  verdict: nonconform\n  reason: 工具未上线\n"
	    "  by: 王五\n  date: 2025-06-30\n"), 0);
	assert_int_equal(f->set.njudgements, 2);
	assert_int_equal(f->set.judgements[0].verdict, ITSS_NOT_APPLICABLE);
	assert_int_equal(f->set.judgements[1].verdict, ITSS_NONCONFORM);

	assert_int_equal(judge(f, "requirement: 7.6.3.a\nverdict: na\n"
	    "reason: x\n"), ITSS_EINPUT);
	expect_diag(&f->d, "verdict must be not_applicable, conform or "
	    "nonconform, not 'na'", 2, 10);
	assert_int_equal(judge(f, "requirement: 7.6.3.a\nverdict: "
	    "not_applicable\n"), ITSS_EINPUT);
	expect_diag(&f->d, "missing key 'reason'", 1, 1);
	assert_int_equal(judge(f, "requirement: 1.1.a\nverdict: conform\n"
	    "reason: x\nby: a\ndate: 2025-01-01\n"), ITSS_EINPUT);
	expect_diag(&f->d, "unknown requirement '1.1.a'", 1, 14);
	assert_int_equal(judge(f, "requirement: 7.6.3.a\nverdict: conform\n"
	    "reason: x\n"), ITSS_EINPUT);
	expect_diag(&f->d, "a conform finding needs 'by' (the assessor) and "
	    "'date'", 1, 1);
	assert_int_equal(judge(f, "- requirement: 7.6.3.a\n  verdict: conform\n"
	    "  reason: x\n  by: a\n  date: 2025-01-01\n- requirement: 7.6.3.a\n"
	    "  verdict: not_applicable\n  reason: y\n"), 0);
	assert_int_equal(itss_evidence_check_ids(&f->set, &f->d), 1);
	expect_diag(&f->d, "requirement 7.6.3.a already has a judgement at "
	    "judgements/j.yaml:1:3", 6, 3);
}

static void
test_path_rule(void **state)
{
	(void)state;
	assert_null(itss_repo_path_problem("docs/a.pdf"));
	assert_null(itss_repo_path_problem("证据/2025/制度.pdf"));
	assert_null(itss_repo_path_problem(".hidden/a"));
	assert_null(itss_repo_path_problem("a..b/c"));
	assert_non_null(itss_repo_path_problem(""));
	assert_non_null(itss_repo_path_problem("a/./b"));
	assert_non_null(itss_repo_path_problem("a/"));
	assert_non_null(itss_repo_path_problem(".."));
	assert_non_null(itss_repo_path_problem(".git"));
	assert_non_null(itss_repo_path_problem(".itss/index.db"));
}

/* ---- .xlsx registers, built here as zip files ---- */

struct zmember {
	const char *name, *data;
	int stored;		/* else deflated */
	uint32_t claim;		/* a size to claim instead of the true one, or 0 */
	int corrupt;		/* flip a byte of the compressed data */
};

static void
put16(struct itss_strbuf *sb, unsigned v)
{
	itss_strbuf_addch(sb, (char)(v & 0xff));
	itss_strbuf_addch(sb, (char)(v >> 8 & 0xff));
}

static void
put32(struct itss_strbuf *sb, uint32_t v)
{
	put16(sb, v & 0xffff);
	put16(sb, v >> 16);
}

/* A zip file of the members, as a workbook's writer makes one. */
static char *
make_zip(const struct zmember *mv, size_t n, size_t *len, unsigned claim_n)
{
	struct itss_strbuf z = ITSS_STRBUF_INIT, cd = ITSS_STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct zmember *m = &mv[i];
		uLong usize = (uLong)strlen(m->data), csize;
		uint32_t crc = (uint32_t)crc32(0L, (const Bytef *)m->data,
		    (uInt)usize), off = (uint32_t)z.len;
		unsigned char *c = malloc(usize + 64);
		assert_non_null(c);
		if (m->stored) {
			memcpy(c, m->data, usize);
			csize = usize;
		} else {
			z_stream s;
			memset(&s, 0, sizeof(s));
			assert_int_equal(deflateInit2(&s, 9, Z_DEFLATED, -MAX_WBITS, 8,
			    Z_DEFAULT_STRATEGY), Z_OK);
			s.next_in = (Bytef *)(uintptr_t)m->data;
			s.avail_in = (uInt)usize;
			s.next_out = c;
			s.avail_out = (uInt)(usize + 64);
			assert_int_equal(deflate(&s, Z_FINISH), Z_STREAM_END);
			csize = s.total_out;
			deflateEnd(&s);
		}
		if (m->corrupt && csize > 2)
			c[csize / 2] ^= 0x5a;
		put32(&z, 0x04034b50);
		put16(&z, 20); put16(&z, 0); put16(&z, m->stored ? 0 : 8);
		put16(&z, 0); put16(&z, 0);
		put32(&z, crc); put32(&z, (uint32_t)csize);
		put32(&z, m->claim ? m->claim : (uint32_t)usize);
		put16(&z, (unsigned)strlen(m->name)); put16(&z, 0);
		itss_strbuf_addstr(&z, m->name);
		itss_strbuf_add(&z, c, csize);
		put32(&cd, 0x02014b50);
		put16(&cd, 20); put16(&cd, 20); put16(&cd, 0);
		put16(&cd, m->stored ? 0 : 8); put16(&cd, 0); put16(&cd, 0);
		put32(&cd, crc); put32(&cd, (uint32_t)csize);
		put32(&cd, m->claim ? m->claim : (uint32_t)usize);
		put16(&cd, (unsigned)strlen(m->name)); put16(&cd, 0); put16(&cd, 0);
		put16(&cd, 0); put16(&cd, 0); put32(&cd, 0); put32(&cd, off);
		itss_strbuf_addstr(&cd, m->name);
		free(c);
	}
	{
		uint32_t at = (uint32_t)z.len, size = (uint32_t)cd.len;
		itss_strbuf_add(&z, cd.buf, cd.len);
		put32(&z, 0x06054b50);
		put16(&z, 0); put16(&z, 0);
		put16(&z, claim_n ? claim_n : (unsigned)n);
		put16(&z, claim_n ? claim_n : (unsigned)n);
		put32(&z, size); put32(&z, at); put16(&z, 0);
	}
	itss_strbuf_release(&cd);
	return itss_strbuf_detach(&z, len);
}

#define WB "<?xml version=\"1.0\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"其他\" sheetId=\"1\" r:id=\"rId1\"/><sheet name=\"证据\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>"
#define RELS "<?xml version=\"1.0\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Target=\"worksheets/sheet2.xml\"/></Relationships>"
#define SST "<?xml version=\"1.0\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>编号</t></si><si><r><t>标</t></r><r><t>题</t></r><rPh><t>ひょう</t></rPh></si><si><t>x1</t></si></sst>"
#define STYLES "<?xml version=\"1.0\"?><styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/></numFmts><cellXfs count=\"3\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/></cellXfs></styleSheet>"
#define SHEET2 "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>" \
    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c><c r=\"C1\" t=\"inlineStr\"><is><t>类别</t></is></c><c r=\"D1\" t=\"inlineStr\"><is><t>满足要求</t></is></c><c r=\"E1\" t=\"inlineStr\"><is><t>日期</t></is></c><c r=\"F1\" t=\"inlineStr\"><is><t>状态</t></is></c></row>" \
    "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c><c r=\"B2\" t=\"inlineStr\"><is><t>事件记录</t></is></c><c r=\"C2\" t=\"inlineStr\"><is><t>记录</t></is></c><c r=\"D2\" t=\"inlineStr\"><is><t>6.4.3.c, 7.4.4.e</t></is></c><c r=\"E2\" s=\"1\"><v>46082</v></c><c r=\"F2\" t=\"inlineStr\"><is><t>已批准</t></is></c></row>" \
    "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>x2</t></is></c><c r=\"B4\" t=\"inlineStr\"><is><t>制度</t></is></c><c r=\"C4\" t=\"inlineStr\"><is><t>policy</t></is></c><c r=\"D4\" t=\"inlineStr\"><is><t>6.4.3.a</t></is></c><c r=\"E4\" s=\"2\"><v>46083</v></c></row>" \
    "</sheetData></worksheet>"
#define SHEET1 "<?xml version=\"1.0\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData/></worksheet>"

static int
xlsx(struct fixture *f, const struct zmember *mv, size_t n, unsigned claim_n)
{
	size_t len;
	char *z = make_zip(mv, n, &len, claim_n);
	int rc;

	itss_evidence_set_release(&f->set);
	itss_diags_release(&f->d);
	rc = itss_evidence_read(&f->set, "evidence/r.xlsx", z, len,
	    ITSS_REGISTER_XLSX, model, &f->d);
	free(z);
	return rc;
}

static void
test_xlsx(void **state)
{
	struct fixture *f = *state;
	struct zmember mv[] = {
		{ "xl/workbook.xml", WB, 0, 0, 0 },
		{ "xl/_rels/workbook.xml.rels", RELS, 1, 0, 0 },
		{ "xl/sharedStrings.xml", SST, 0, 0, 0 },
		{ "xl/styles.xml", STYLES, 0, 0, 0 },
		{ "xl/worksheets/sheet1.xml", SHEET1, 0, 0, 0 },
		{ "xl/worksheets/sheet2.xml", SHEET2, 0, 0, 0 },
	};

	/* The sheet named 证据; shared strings (runs joined, phonetic ones
	 * left out), inline strings, dates by their format, empty rows. */
	assert_int_equal(xlsx(f, mv, 6, 0), 0);
	assert_int_equal(f->set.nrecords, 2);
	assert_string_equal(f->set.records[0].id, "x1");
	assert_string_equal(f->set.records[0].kind, "record");
	assert_int_equal(f->set.records[0].nsatisfies, 2);
	assert_int_equal(f->set.records[0].date, 20513);	/* 2026-03-01 */
	assert_int_equal(f->set.records[0].status, ITSS_APPROVED);
	assert_int_equal(f->set.records[1].date, 20514);	/* custom 年月日 */
	/* Hostile workbooks: refused, nothing indexed. */
	mv[5].claim = 100u << 20;
	assert_int_equal(xlsx(f, mv, 6, 0), ITSS_EINPUT);
	expect_diag(&f->d, "inflates beyond what a register holds", 0, 0);
	assert_int_equal(f->set.nrecords, 0);
	mv[5].claim = 0;
	mv[5].corrupt = 1;
	assert_int_equal(xlsx(f, mv, 6, 0), ITSS_EINPUT);
	expect_diag(&f->d, "(the file is damaged)", 0, 0);
	mv[5].corrupt = 0;
	mv[4].name = "xl/../../etc/passwd";
	assert_int_equal(xlsx(f, mv, 6, 0), ITSS_EINPUT);
	expect_diag(&f->d, "a zip member's path leaves the workbook", 0, 0);
	mv[4].name = "xl/worksheets/sheet1.xml";
	assert_int_equal(xlsx(f, mv, 6, 10001), ITSS_EINPUT);
	expect_diag(&f->d, "too many members in the zip file", 0, 0);
	mv[5].data = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
	    "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
	    "<worksheet><sheetData><row r=\"1\"><c t=\"inlineStr\"><is><t>&lol2;"
	    "</t></is></c></row></sheetData></worksheet>";
	assert_int_equal(xlsx(f, mv, 6, 0), ITSS_EINPUT);
	expect_diag(&f->d, "the sheet is not well-formed XML (or holds a DTD)", 0, 0);
	itss_evidence_set_release(&f->set);
	itss_diags_release(&f->d);
	assert_int_equal(itss_evidence_read(&f->set, "evidence/r.xlsx", "PK\3\4 no",
	    9, ITSS_REGISTER_XLSX, model, &f->d), ITSS_EINPUT);
	expect_diag(&f->d, "not a workbook", 0, 0);
}

/*
 * A register large enough to be parsed in parts (evidence_csv.c), each
 * row's title last and over three lines, so that almost any byte is
 * followed first by a line end inside quotes, where no part may end;
 * record errors early, in the middle and late; then a malformed row late
 * on. Records and errors come as one parser gives them, at their lines,
 * and nothing after the malformed row.
 */
#define BIG_ROWS 40000
static char *
big_register(int malformed_at, unsigned *lines, unsigned *bad_line)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	unsigned line = 2;
	int i;

	itss_strbuf_addstr(&sb, "id,kind,satisfies,date,status,owner,title\n");
	for (i = 0; i < BIG_ROWS; i++) {
		int bad = i == 5 || i == BIG_ROWS / 2 || i == BIG_ROWS - 10;
		lines[i] = line;
		if (i == malformed_at) {
			*bad_line = line;
			itss_strbuf_addf(&sb, "r%05d,record,6.1.1.a,2025-01-01,"
			    "approved,服务台,错\"误\n", i);
			line++;
			continue;
		}
		itss_strbuf_addf(&sb, "r%05d,%s,6.1.1.a;6.1.4.b,2025/3/%d,approved,"
		    "服务台,\"服务台工单记录 %d，含 \"\"引号\"\"\n第二行\nx\"\n", i,
		    bad ? "nokind" : "record", i % 28 + 1, i);
		line += 3;
	}
	return itss_strbuf_detach(&sb, NULL);
}

static void
test_csv_parts(void **state)
{
	struct fixture *f = *state;
	static unsigned lines[BIG_ROWS];
	unsigned bad_line = 0;
	char *text = big_register(-1, lines, &bad_line);
	size_t i;

	assert_true(strlen(text) > (2u << 20));	/* two parts at least */
	assert_int_equal(csv(f, text), ITSS_EINPUT);
	assert_int_equal(f->set.nrecords, BIG_ROWS);
	for (i = 0; i < BIG_ROWS; i++) {
		char id[16];
		snprintf(id, sizeof(id), "r%05zu", i);
		assert_string_equal(f->set.records[i].id, id);
		assert_int_equal(f->set.records[i].line, lines[i]);
	}
	assert_int_equal(f->d.errors, 3);
	assert_int_equal(f->d.v[0].line, lines[5]);
	assert_int_equal(f->d.v[1].line, lines[BIG_ROWS / 2]);
	assert_int_equal(f->d.v[2].line, lines[BIG_ROWS - 10]);
	free(text);

	/* Malformed late: what came before it, its error, nothing after. */
	text = big_register(BIG_ROWS - 100, lines, &bad_line);
	assert_int_equal(csv(f, text), ITSS_EINPUT);
	assert_int_equal(f->set.nrecords, BIG_ROWS - 100);
	assert_string_equal(f->set.records[BIG_ROWS - 101].id, "r39899");
	assert_int_equal(f->d.errors, 3);
	assert_int_equal(f->d.v[1].line, lines[BIG_ROWS / 2]);
	assert_int_equal(f->d.v[2].line, bad_line);
	assert_non_null(strstr(f->d.v[2].message, "CSV"));
	free(text);
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_yaml_record),
		T(test_yaml_list_and_defaults),
		T(test_refusals),
		T(test_path_refusals),
		T(test_duplicate_ids),
		T(test_csv),
		T(test_csv_refusals),
		T(test_csv_parts),
		T(test_xlsx),
		T(test_judgements),
		cmocka_unit_test(test_path_rule),
	};
	return cmocka_run_group_tests_name("evidence", tests, load, unload);
}
