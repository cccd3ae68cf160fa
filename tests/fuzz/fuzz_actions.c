/* fuzz_actions.c - corrective actions, against the ITSS model. */
#include <stdlib.h>

#include "fuzz.h"
#include "itss/actions.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_actions set = { 0 };

	(void)itss_actions_parse(&set, "actions/fuzz.yaml",
	    (const char *)data, size, fuzz_model(), &d);
	itss_actions_release(&set);
	itss_diags_release(&d);
	return 0;
}
