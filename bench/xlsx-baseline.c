/*
 * xlsx-baseline.c - the yardstick for bench/report.sh: the least a program
 * can do to write the evidence register with libxlsxwriter. It reads rows
 * of cells (fields split by US, 0x1f; rows ended by RS, 0x1e) from a file
 * and writes each cell as a text-formatted string into one worksheet, in
 * constant-memory mode, with nothing else: no other sheets, no checks, no
 * sanitising, no sync.
 *
 *   xlsx-baseline CELLS OUT.xlsx
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

int
main(int argc, char **argv)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE, .tmpdir = "." };
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *text;
	FILE *in;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	lxw_row_t r = 0;
	lxw_error e;

	if (argc != 3) {
		fprintf(stderr, "usage: xlsx-baseline CELLS OUT.xlsx\n");
		return 2;
	}
	if (!(in = fopen(argv[1], "rb"))) {
		perror(argv[1]);
		return 1;
	}
	wb = workbook_new_opt(argv[2], &opt);
	if (!wb) {
		fprintf(stderr, "cannot create %s\n", argv[2]);
		return 1;
	}
	ws = workbook_add_worksheet(wb, "证据");
	text = workbook_add_format(wb);
	if (!ws || !text)
		return 1;
	format_set_num_format(text, "@");
	while ((n = getdelim(&line, &cap, 0x1e, in)) > 0) {
		char *p = line, *end = line + n, *f;
		lxw_col_t c = 0;
		if (end[-1] == 0x1e)
			*--end = '\0';
		if (*p == '\n')	/* sqlite3 may add a newline after a row */
			p++;
		for (;;) {
			f = memchr(p, 0x1f, (size_t)(end - p));
			if (f)
				*f = '\0';
			if (*p && (e = worksheet_write_string(ws, r, c, p, text))) {
				fprintf(stderr, "write: %s\n", lxw_strerror(e));
				return 1;
			}
			c++;
			if (!f)
				break;
			p = f + 1;
		}
		r++;
	}
	free(line);
	fclose(in);
	if ((e = workbook_close(wb))) {
		fprintf(stderr, "close: %s\n", lxw_strerror(e));
		return 1;
	}
	printf("%u rows\n", (unsigned)r);
	return 0;
}
