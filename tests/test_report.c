/*
 * test_report.c - what keeps the workbook sound: the cell text sanitiser
 * and the check of a finished file.
 */
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "helpers.h"

#include "itss/report.h"

static void
test_cell_text(void **state)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	struct itss_strbuf big = ITSS_STRBUF_INIT;
	size_t i;

	(void)state;
	itss_report_cell_text(&sb, "=1+1", 100);
	assert_string_equal(sb.buf, "=1+1");	/* text as it is: the format keeps it text */
	itss_report_cell_text(&sb, "事件\xff管理", 100);
	assert_string_equal(sb.buf, "事件\xef\xbf\xbd管理");
	itss_report_cell_text(&sb, "a\x01" "b\tc\r\nd", 100);
	assert_string_equal(sb.buf, "a\xef\xbf\xbd" "b\tc\nd");
	itss_report_cell_text(&sb, "\xe4\xba", 100);	/* a cut character */
	assert_string_equal(sb.buf, "\xef\xbf\xbd\xef\xbf\xbd");
	/* U+FFFE and U+FFFF are not XML 1.0 characters: replaced. */
	itss_report_cell_text(&sb, "a\xef\xbf\xbe" "b\xef\xbf\xbf" "c，", 100);
	assert_string_equal(sb.buf, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c，");
	/* A literal _xHHHH_ keeps its meaning: its underscore escaped. */
	itss_report_cell_text(&sb, "a_x000D_b _x00 _xZZZZ_ _X0041_", 100);
	assert_string_equal(sb.buf, "a_x005F_x000D_b _x00 _xZZZZ_ _x005F_X0041_");
	for (i = 0; i < 40000; i++)
		itss_strbuf_addstr(&big, "证");
	itss_report_cell_text(&sb, big.buf, 32000);
	assert_int_equal(itss_utf8_check(sb.buf, sb.len), (size_t)-1);
	assert_non_null(strstr(sb.buf, "…（已截断）"));
	assert_true(sb.len < 32000 * 3 + 32);
	itss_strbuf_release(&sb);
	itss_strbuf_release(&big);
}

/* A zip of stored members, as a test needs it: name, content pairs. */
static void
put16(FILE *f, unsigned v)
{
	fputc((int)(v & 0xff), f);
	fputc((int)(v >> 8 & 0xff), f);
}

static void
put32(FILE *f, unsigned long v)
{
	put16(f, (unsigned)(v & 0xffff));
	put16(f, (unsigned)(v >> 16 & 0xffff));
}

static void
write_zip(const char *path, const char *const *m, size_t n, int bad_crc)
{
	FILE *f = fopen(path, "wb");
	unsigned long off[8], crc[8], dir, end;
	size_t i;

	assert_non_null(f);
	assert_true(n <= 8);
	for (i = 0; i < n; i++) {
		size_t nl = strlen(m[2 * i]), cl = strlen(m[2 * i + 1]);
		off[i] = (unsigned long)ftell(f);
		crc[i] = crc32(0L, (const Bytef *)m[2 * i + 1], (uInt)cl) ^
		    (unsigned long)(bad_crc && i == n - 1);
		put32(f, 0x04034b50);
		put16(f, 20); put16(f, 0); put16(f, 0); put16(f, 0); put16(f, 0);
		put32(f, crc[i]); put32(f, cl); put32(f, cl);
		put16(f, (unsigned)nl); put16(f, 0);
		fputs(m[2 * i], f);
		fputs(m[2 * i + 1], f);
	}
	dir = (unsigned long)ftell(f);
	for (i = 0; i < n; i++) {
		size_t nl = strlen(m[2 * i]), cl = strlen(m[2 * i + 1]);
		put32(f, 0x02014b50);
		put16(f, 20); put16(f, 20); put16(f, 0); put16(f, 0);
		put16(f, 0); put16(f, 0);
		put32(f, crc[i]); put32(f, cl); put32(f, cl);
		put16(f, (unsigned)nl); put16(f, 0); put16(f, 0); put16(f, 0);
		put16(f, 0); put32(f, 0); put32(f, off[i]);
		fputs(m[2 * i], f);
	}
	end = (unsigned long)ftell(f);
	put32(f, 0x06054b50);
	put16(f, 0); put16(f, 0); put16(f, (unsigned)n); put16(f, (unsigned)n);
	put32(f, end - dir);
	put32(f, dir);
	put16(f, 0);
	assert_int_equal(fclose(f), 0);
}

static void
test_verify(void **state)
{
	char path[] = "/tmp/itss-verify-XXXXXX";
	const char *why;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "PK\003\004 not really", 16), 16);
	close(fd);
	assert_int_equal(itss_report_verify(&why, path, 1), -1);
	assert_string_equal(why, "is not a whole zip archive");
	{
		const char *whole[] = {
			"xl/workbook.xml", "<workbook><sheets/></workbook>\n",
			"xl/worksheets/sheet1.xml", "<worksheet><sheetData/></worksheet>",
		};
		const char *cut[] = {
			"xl/workbook.xml", "<workbook><sheets/></workbook>",
			"xl/worksheets/sheet1.xml", "<worksheet><sheetData><row r=\"1\">",
		};
		write_zip(path, whole, 2, 0);
		assert_int_equal(itss_report_verify(&why, path, 1), 0);
		assert_int_equal(itss_report_verify(&why, path, 2), -1);
		assert_string_equal(why, "lacks some of its sheets");
		write_zip(path, whole, 2, 1);
		assert_int_equal(itss_report_verify(&why, path, 1), -1);
		assert_string_equal(why, "has a member that is cut short or corrupt");
		write_zip(path, cut, 2, 0);
		assert_int_equal(itss_report_verify(&why, path, 1), -1);
		assert_non_null(strstr(why, "sheet cut short"));
		write_zip(path, whole, 1, 0);	/* the workbook alone */
		assert_int_equal(itss_report_verify(&why, path, 0), 0);
		assert_int_equal(itss_report_verify(&why, path, 1), -1);
		assert_string_equal(why, "lacks some of its sheets");
	}
	unlink(path);
	assert_int_equal(itss_report_verify(&why, "/nonexistent.xlsx", 1), -1);
}

/*
 * What the workbook tests share: the ITSS model, an assessment of an
 * organisation with no evidence aiming at 拓展级, the report's input for
 * it, and a directory of their own, removed afterwards.
 */
struct book_fixture {
	struct itss_model *m;
	struct itss_assessment a;
	struct itss_report_input ri;
	struct itss_diags d;
	char dir[32];
};

static int
book_setup(void **state)
{
	struct book_fixture *fx = itss_xcalloc(1, sizeof(*fx));
	struct itss_engine_input in;

	itss_diags_init(&fx->d);
	assert_int_equal(itss_model_load(&fx->m, "../models/itss1-2023.yaml",
	    &fx->d), 0);
	memset(&in, 0, sizeof(in));
	in.model = fx->m;
	in.as_of = 20000;
	in.target = &fx->m->levels[1];
	assert_int_equal(itss_assess(&fx->a, &in), 0);
	fx->ri.model = fx->m;
	fx->ri.assessment = &fx->a;
	fx->ri.organisation = "测试";
	fx->ri.fingerprint = "0";
	fx->ri.due = INT32_MIN;
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/itss-book-XXXXXX");
	assert_non_null(mkdtemp(fx->dir));
	*state = fx;
	return 0;
}

static int
book_teardown(void **state)
{
	struct book_fixture *fx = *state;
	char *cmd = itss_xasprintf("rm -rf '%s'", fx->dir);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	itss_assessment_release(&fx->a);
	itss_model_free(fx->m);
	itss_diags_release(&fx->d);
	free(fx);
	return 0;
}

/* A real workbook (deflated members) passes; a byte changed inside a
 * compressed sheet does not. */
static void
test_verify_real(void **state)
{
	struct book_fixture *fx = *state;
	char *path = itss_xasprintf("%s/r.xlsx", fx->dir), *buf;
	const char *why;
	size_t len, pos;
	FILE *f;

	assert_int_equal(itss_report_write(path, &fx->ri, &fx->d), 0);
	assert_int_equal(itss_report_verify(&why, path, 7), 0);
	assert_int_equal(itss_read_file(&buf, &len, path, 1 << 24), 0);
	/* The first worksheet's data: past its local header and name. */
	for (pos = 30; pos + 24 <= len; pos++)
		if (!memcmp(buf + pos, "xl/worksheets/sheet1.xml", 24))
			break;
	assert_true(pos + 24 < len);
	pos += 24 + 40;
	buf[pos] ^= 0x55;
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(itss_report_verify(&why, path, 7), -1);
	free(buf);
	free(path);
}

/*
 * The space runs out while the workbook is written (a file-size limit, in
 * a child): the write fails, says so, and the old report is untouched,
 * with nothing left beside it.
 */
static void
test_full_disk(void **state)
{
	struct book_fixture *fx = *state;
	char *old = itss_xasprintf("%s/report.xlsx", fx->dir), *buf;
	size_t len, n = 0;
	struct dirent *e;
	DIR *dp;
	pid_t pid;
	int status;
	FILE *f;

	f = fopen(old, "w");
	assert_non_null(f);
	fputs("the old report\n", f);
	fclose(f);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = { 16384, 16384 };
		struct itss_diags cd = ITSS_DIAGS_INIT;
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
			_exit(2);
		_exit(itss_report_write(old, &fx->ri, &cd) == ITSS_EIO &&
		    cd.errors ? 0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(itss_read_file(&buf, &len, old, 1 << 20), 0);
	assert_string_equal(buf, "the old report\n");
	free(buf);
	dp = opendir(fx->dir);
	assert_non_null(dp);
	while ((e = readdir(dp)))
		n += e->d_name[0] != '.' || (strcmp(e->d_name, ".") &&
		    strcmp(e->d_name, ".."));
	closedir(dp);
	assert_int_equal(n, 1);	/* the old report, nothing else */
	free(old);
}

/* A register of 1,200 made-up records, in batches across the threads. */
static int
fake_records(void *ctx, int (*row)(void *rctx, const struct itss_record_row *r),
    void *rctx)
{
	struct itss_file_row file = { "docs/a.pdf", NULL, "abc", ITSS_FILE_OK, 3 };
	const char *sat[] = { "6.1.1.a", "6.1.1.b" };
	char id[32];
	int i, rc;

	(void)ctx;
	for (i = 0; i < 1200; i++) {
		struct itss_record_row r;
		memset(&r, 0, sizeof(r));
		snprintf(id, sizeof(id), "r%04d", i);
		r.id = id;
		r.title = i == 7 ? "bad\xff title" : "标题";
		r.kind = "record";
		r.status = "approved";
		r.source = "evidence/x.yaml";
		r.date = 20000;
		r.valid_until = INT32_MAX;
		r.satisfies = sat;
		r.nsatisfies = 2;
		r.files = &file;
		r.nfiles = 1;
		if ((rc = row(rctx, &r)) != 0)
			return rc;
	}
	return 0;
}

/* Past the register's last row, the note counts what is left out. */
static void
test_register_cut(void **state)
{
	struct book_fixture *fx = *state;
	char *cmd, line[4096];
	size_t rows = 0;
	int note = 0, bad = 0, last = 0;
	FILE *p;

	fx->ri.records = fake_records;
	fx->ri.nrecords = 1200;
	fx->ri.last_row = 1000;
	cmd = itss_xasprintf("%s/r.xlsx", fx->dir);
	if (itss_report_write(cmd, &fx->ri, &fx->d) != 0 && fx->d.n)
		fprintf(stderr, "%s\n", fx->d.v[0].message);
	assert_int_equal(fx->d.n, 0);
	free(cmd);
	/* The register's XML, a row per line. */
	cmd = itss_xasprintf("unzip -p %s/r.xlsx xl/worksheets/sheet6.xml | "
	    "sed 's|<row |\\n<row |g'", fx->dir);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		if (strncmp(line, "<row ", 5))
			continue;
		rows++;
		if (strstr(line, "<t>bad\xef\xbf\xbd title</t>"))
			bad = 1;
		if (strstr(line, "r0998<"))
			last = 1;
		if (strstr(line, "r=\"A1001\"") && strstr(line, "还有 201 条记录"))
			note = 1;
	}
	assert_int_equal(pclose(p), 0);
	assert_int_equal(rows, 1001);	/* the head, 999 records, the note */
	assert_true(bad);
	assert_true(last);
	assert_true(note);
	free(cmd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cell_text),
		cmocka_unit_test(test_verify),
		cmocka_unit_test_setup_teardown(test_verify_real, book_setup,
		    book_teardown),
		cmocka_unit_test_setup_teardown(test_register_cut, book_setup,
		    book_teardown),
		cmocka_unit_test_setup_teardown(test_full_disk, book_setup,
		    book_teardown),
	};
	return cmocka_run_group_tests_name("report", tests, NULL, NULL);
}
