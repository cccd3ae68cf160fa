/* fuzz_yaml.c - the YAML reader on any bytes. */
#include <stdlib.h>

#include "fuzz.h"
#include "itss/yaml.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct itss_diags d = ITSS_DIAGS_INIT;
	struct itss_yaml_doc doc;

	if (itss_yaml_parse(&doc, "fuzz.yaml", (const char *)data, size, NULL,
	    &d) == 0)
		itss_yaml_doc_release(&doc);
	itss_diags_release(&d);
	return 0;
}
