/*
 * test_util.c - UTF-8, display width, dates and the strbuf.
 */
#include "helpers.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "itss/dl.h"
#include "itss/hash.h"
#include "itss/util.h"

static void
test_utf8_check(void **state)
{
	(void)state;
	assert_true(itss_utf8_check("abc 能力策划", strlen("abc 能力策划")) == (size_t)-1);
	assert_int_equal(itss_utf8_check("ab\xff", 3), 2);
	/* Overlong '/', a surrogate, beyond U+10FFFF, a truncated sequence. */
	assert_int_equal(itss_utf8_check("\xc0\xaf", 2), 0);
	assert_int_equal(itss_utf8_check("x\xed\xa0\x80", 4), 1);
	assert_int_equal(itss_utf8_check("\xf4\x90\x80\x80", 4), 0);
	assert_int_equal(itss_utf8_check("\xe8\x83", 2), 0);
}

/* ASCII is skipped eight bytes at a time: a bad byte, a truncated
 * sequence and a good one at every place in and after such runs. */
static void
test_utf8_check_runs(void **state)
{
	char buf[64];
	size_t at, len;

	(void)state;
	for (len = 1; len <= sizeof(buf); len++) {
		memset(buf, 'a', sizeof(buf));
		assert_true(itss_utf8_check(buf, len) == (size_t)-1);
		for (at = 0; at < len; at++) {
			memset(buf, 'a', sizeof(buf));
			buf[at] = '\x80';
			assert_int_equal(itss_utf8_check(buf, len), at);
			buf[at] = '\xe8';	/* 能, cut short by the end */
			if (at + 3 <= len) {
				buf[at + 1] = '\x83';
				buf[at + 2] = '\xbd';
				assert_true(itss_utf8_check(buf, len) == (size_t)-1);
			} else {
				assert_int_equal(itss_utf8_check(buf, len), at);
			}
		}
	}
}

static void
test_display_width(void **state)
{
	(void)state;
	assert_int_equal(itss_display_width("abc"), 3);
	assert_int_equal(itss_display_width("能力策划"), 8);
	assert_int_equal(itss_display_width("基本级（四级）"), 14);
	assert_int_equal(itss_display_width("e\xcc\x81"), 1);	/* e + combining acute */
	assert_int_equal(itss_display_width(""), 0);
}

static void
test_dates(void **state)
{
	int32_t d;
	char buf[11];

	(void)state;
	assert_int_equal(itss_date_parse(&d, "1970-01-01", 10), 0);
	assert_int_equal(d, 0);
	assert_int_equal(itss_date_parse(&d, "2024-02-29", 10), 0);
	itss_date_format(buf, d);
	assert_string_equal(buf, "2024-02-29");
	assert_int_equal(itss_date_parse(&d, "2023-02-29", 10), -1);
	assert_int_equal(itss_date_parse(&d, "2023-13-01", 10), -1);
	assert_int_equal(itss_date_parse(&d, "2023-1-01", 9), -1);
	assert_int_equal(itss_date_parse(&d, "2023/01/01", 10), -1);
	assert_int_equal(itss_date_parse(&d, "1900-02-29", 10), -1);
	assert_int_equal(itss_date_parse(&d, "2000-02-29", 10), 0);
	itss_date_format(buf, d + 1);
	assert_string_equal(buf, "2000-03-01");
}

static void
test_strbuf(void **state)
{
	struct itss_strbuf sb = ITSS_STRBUF_INIT;
	char *s;
	size_t len;
	int i;

	(void)state;
	assert_string_equal(sb.buf, "");
	for (i = 0; i < 1000; i++)
		itss_strbuf_addf(&sb, "%d,", i);
	assert_int_equal(sb.len, strlen(sb.buf));
	assert_memory_equal(sb.buf, "0,1,2,", 6);
	s = itss_strbuf_detach(&sb, &len);
	assert_int_equal(len, strlen(s));
	assert_string_equal(sb.buf, "");
	free(s);
}

static void
test_sha256(void **state)
{
	char hex[ITSS_SHA256_HEX], path[] = "/tmp/itss-hash-XXXXXX";
	struct stat st;
	int fd = mkstemp(path);

	(void)state;
	itss_sha256_buf(hex, "abc", 3);
	assert_string_equal(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	assert_true(itss_sha256_valid(hex));
	assert_false(itss_sha256_valid("ba78"));
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "abc", 3), 3);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(itss_sha256_fd(hex, fd, &st), 0);
	assert_string_equal(hex,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	/* The file changes between the stat and the end of the read. */
	assert_int_equal(write(fd, "d", 1), 1);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(itss_sha256_fd(hex, fd, &st), 1);
	close(fd);
	unlink(path);
}

static void
test_little_endian(void **state)
{
	static const unsigned char b[] = { 0x50, 0x4b, 0x05, 0x06, 0xff };

	(void)state;
	assert_int_equal(itss_le16(b), 0x4b50);
	assert_int_equal(itss_le32(b), 0x06054b50);
	assert_int_equal(itss_le32(b + 1), 0xff06054bu);
}

/* A library loaded when first needed: found with its functions, or not. */
static void
test_dl_load(void **state)
{
	struct {
		const char *(*zlibVersion)(void);
		int (*inflate)(void *, int);
	} z;
	const struct itss_dl_sym v[] = { ITSS_DL_SYM(z, zlibVersion)
	    ITSS_DL_SYM(z, inflate) };
	const struct itss_dl_sym nope[] = { { "itss_no_such_function",
	    (void **)&z.inflate } };

	(void)state;
	memset(&z, 0, sizeof(z));
	assert_int_equal(itss_dl_load("libz.so.1", v, 2), 0);
	assert_non_null(z.inflate);
	assert_string_equal(z.zlibVersion(), zlibVersion());
	assert_int_equal(itss_dl_load("libz.so.1", nope, 1), -1);
	assert_int_equal(itss_dl_load("libitss-no-such-library.so.0", v, 2), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_utf8_check),
		cmocka_unit_test(test_utf8_check_runs),
		cmocka_unit_test(test_display_width),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_little_endian),
		cmocka_unit_test(test_strbuf),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_dl_load),
	};
	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
