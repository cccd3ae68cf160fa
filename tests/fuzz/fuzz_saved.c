/* fuzz_saved.c - saved assessment files (assessments/NAME.json). */
#include <stdlib.h>

#include "fuzz.h"
#include "itss/saved.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_saved a;

	(void)itss_saved_read(&a, "assessments/fuzz.json", (const char *)data,
	    size, &d);
	(void)itss_saved_digest_ok((const char *)data, size);
	itss_saved_release(&a);
	itss_diags_release(&d);
	return 0;
}
