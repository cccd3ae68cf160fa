/*
 * fuzz.h - what the libFuzzer harnesses share: the model the evidence
 * harnesses read against, loaded once (tests/fuzz/README).
 */
#ifndef ITSS_FUZZ_H
#define ITSS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "itss/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The ITSS model, from ITSS_FUZZ_MODEL (set by make), loaded once. */
static inline const struct itss_model *
fuzz_model(void)
{
	static struct itss_model *m;

	if (!m) {
		struct itss_diags d = ITSS_DIAGS_INIT;
		const char *path = getenv("ITSS_FUZZ_MODEL");
		if (!path || itss_model_load(&m, path, &d) < 0)
			abort();
		itss_diags_release(&d);
	}
	return m;
}

#endif
