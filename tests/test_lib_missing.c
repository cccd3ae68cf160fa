/*
 * test_lib_missing.c - libxlsxwriter and libcrypto where they cannot be
 * loaded (dl.h). report_lxw.c and hash.c are built again here with
 * library names no machine has, in place of their objects, so the path a
 * machine without them takes is the one run: a workbook is refused with
 * its file named and nothing written; a hash ends the process with exit
 * status 4 and says which package to install.
 */
#undef ITSS_LIBXLSXWRITER_SONAME
#define ITSS_LIBXLSXWRITER_SONAME "libitss-no-such-xlsxwriter.so.0"
#include "../src/report_lxw.c"
#undef ITSS_LIBCRYPTO_SONAME
#define ITSS_LIBCRYPTO_SONAME "libitss-no-such-crypto.so.0"
#include "../src/hash.c"

#include <sys/wait.h>
#include <unistd.h>

#include "helpers.h"

#include "../src/report_int.h"

static void
test_no_xlsxwriter(void **state)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_atomic file;
	struct book b;
	char dir[] = "/tmp/itss-lib-missing-XXXXXX", *path;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = itss_xasprintf("%s/r.xlsx", dir);
	assert_int_equal(itss_book_begin(&b, &file, path, &d), ITSS_EIO);
	expect_diag(&d, "libxlsxwriter, which writes the workbook, cannot be "
	    "loaded: install Debian's libxlsxwriter4 package", 0, 0);
	assert_string_equal(d.v[0].file, path);
	assert_int_equal(rmdir(dir), 0);	/* nothing left in it */
	free(path);
	itss_diags_release(&d);
}

static void
test_no_libcrypto(void **state)
{
	int fds[2], status;
	char buf[512];
	size_t got = 0;
	ssize_t n;
	pid_t pid;

	(void)state;
	assert_int_equal(pipe(fds), 0);
	if ((pid = fork()) == 0) {
		char hex[ITSS_SHA256_HEX];
		dup2(fds[1], STDERR_FILENO);
		itss_sha256_buf(hex, "x", 1);
		_exit(0);	/* not reached: the hash cannot be made */
	}
	assert_true(pid > 0);
	close(fds[1]);
	/* The message comes in a few writes: read to its end. */
	while (got < sizeof(buf) - 1 &&
	    (n = read(fds[0], buf + got, sizeof(buf) - 1 - got)) > 0)
		got += (size_t)n;
	close(fds[0]);
	buf[got] = '\0';
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 4);
	assert_non_null(strstr(buf, "libcrypto (libitss-no-such-crypto.so.0) "
	    "cannot be loaded; install Debian's libssl3 package"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_xlsxwriter),
		cmocka_unit_test(test_no_libcrypto),
	};
	return cmocka_run_group_tests_name("libraries missing", tests, NULL, NULL);
}
