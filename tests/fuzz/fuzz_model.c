/* fuzz_model.c - the model loader and validator on any bytes. */
#include <stdlib.h>

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_model *m = NULL;

	(void)itss_model_parse(&m, "fuzz.yaml", (const char *)data, size, &d);
	itss_model_free(m);
	itss_diags_release(&d);
	return 0;
}
