/*
 * test_xlsx_nolib.c - an .xlsx register where libxml2 cannot be loaded.
 *
 * src/xlsx_read.c loads libxml2 on first use (dlopen). This test builds
 * it with a library name that no machine has, in place of the linked
 * xlsx_read.o, so the path a machine without libxml2 takes is the one
 * run: the register is refused with its file named, nothing is read, and
 * a second register is refused the same way (the load is tried once).
 */
#undef ITSS_LIBXML2_SONAME
#define ITSS_LIBXML2_SONAME "libitss-no-such-library.so.0"
#include "../src/xlsx_read.c"

#include "helpers.h"

#include "itss/evidence.h"
#include "itss/model.h"

static void
test_no_libxml2(void **state)
{
	struct itss_model *m = NULL;
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_evidence_set set;
	int round;

	(void)state;
	assert_int_equal(itss_model_load(&m, "../models/itss1-2023.yaml", &d), 0);
	for (round = 0; round < 2; round++) {
		memset(&set, 0, sizeof(set));
		assert_int_equal(itss_evidence_read(&set, "evidence/r.xlsx",
		    "PK\3\4", 4, ITSS_REGISTER_XLSX, m, &d), ITSS_EINPUT);
		assert_int_equal(set.nrecords, 0);
		expect_diag(&d, "libxml2, which reads .xlsx registers, cannot be "
		    "loaded: install Debian's libxml2 package", 0, 0);
		assert_int_equal(d.errors, 1);
		assert_non_null(d.v[0].file);
		assert_string_equal(d.v[0].file, "evidence/r.xlsx");
		itss_evidence_set_release(&set);
		itss_diags_release(&d);
	}
	itss_model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_libxml2),
	};
	return cmocka_run_group_tests_name("xlsx without libxml2", tests, NULL, NULL);
}
