/*
 * xlsx_verify.c - reading a finished workbook back (report.h,
 * itss_report_verify): a whole zip archive whose members inflate (zlib) to
 * the sizes and CRC-32s its directory records, and sheets that end with
 * their closing tags. libxlsxwriter 1.1.4 can report success on a file
 * cut short by a full disk; this is what catches it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "itss/i18n.h"
#include "itss/report.h"

/* Read exactly n bytes at off; -1 when the file is shorter or unreadable. */
static int
read_at(int fd, void *p, size_t n, off_t off)
{
	size_t got = 0;

	while (got < n) {
		long k = itss_read_some(fd, (char *)p + got, n - got,
		    (long long)off + (long long)got);
		if (k <= 0)
			return -1;
		got += (size_t)k;
	}
	return 0;
}

/*
 * Inflate one member, a buffer at a time: its size and CRC-32 must be the
 * ones the directory records, and a worksheet or the workbook must end
 * with its closing tag (libxlsxwriter 1.1.4 can package a sheet whose
 * temporary file was cut short by a full disk, and report success).
 */
static int
check_member(int fd, off_t data, size_t csize, size_t usize, unsigned method,
    uint32_t crc, const char *end_tag, const char **why)
{
	unsigned char in[65536], out[65536], tail[32];
	size_t left = csize, total = 0, ntail = 0, t = end_tag ? strlen(end_tag) : 0;
	uLong sum = crc32(0L, Z_NULL, 0);
	z_stream z;
	int rc = Z_OK;

	memset(&z, 0, sizeof(z));
	if (method == 8 && inflateInit2(&z, -MAX_WBITS) != Z_OK) {
		*why = N_("cannot be inflated (zlib)");
		return -1;
	}
	if (method != 0 && method != 8) {
		*why = N_("has a member compressed in an unknown way");
		return -1;
	}
	*why = N_("has a member that is cut short or corrupt");
	while (left > 0 || (method == 8 && rc != Z_STREAM_END)) {
		size_t k = left < sizeof(in) ? left : sizeof(in), produced;
		if (k == 0 || read_at(fd, in, k, data + (off_t)(csize - left)) < 0)
			goto bad;
		left -= k;
		if (method == 0) {
			sum = crc32(sum, in, (uInt)k);
			total += k;
			produced = k < sizeof(tail) ? k : sizeof(tail);
			memcpy(tail, in + k - produced, produced);
			ntail = produced;
			continue;
		}
		z.next_in = in;
		z.avail_in = (uInt)k;
		do {
			z.next_out = out;
			z.avail_out = sizeof(out);
			rc = inflate(&z, Z_NO_FLUSH);
			if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
				goto bad;
			produced = sizeof(out) - z.avail_out;
			sum = crc32(sum, out, (uInt)produced);
			total += produced;
			if (produced >= sizeof(tail)) {
				memcpy(tail, out + produced - sizeof(tail), sizeof(tail));
				ntail = sizeof(tail);
			} else if (produced) {
				size_t keep = ntail + produced > sizeof(tail) ?
				    sizeof(tail) - produced : ntail;
				memmove(tail, tail + ntail - keep, keep);
				memcpy(tail + keep, out, produced);
				ntail = keep + produced;
			}
		} while (z.avail_out == 0 && rc != Z_STREAM_END);
		if (rc == Z_STREAM_END && left)
			goto bad;
	}
	if (method == 8)
		inflateEnd(&z);
	if (total != usize || sum != crc)
		return -1;
	while (ntail && (tail[ntail - 1] == '\n' || tail[ntail - 1] == '\r' ||
	    tail[ntail - 1] == ' '))
		ntail--;
	if (t && (ntail < t || memcmp(tail + ntail - t, end_tag, t))) {
		*why = N_("has a sheet cut short (the disk or temp space ran out?)");
		return -1;
	}
	return 0;
bad:
	if (method == 8)
		inflateEnd(&z);
	return -1;
}

int
itss_report_verify(const char **why, const char *path, size_t nsheets)
{
	unsigned char tailbuf[65557], *dir = NULL;
	struct stat st;
	size_t len, tn, i, n, off, dsize, sheets = 0;
	size_t eocd;
	int fd, workbook = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0) {
		*why = N_("cannot be read back");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	len = (size_t)st.st_size;
	*why = N_("is not a whole zip archive");
	if (len < 22)
		goto bad;
	/* The end of central directory record: within the last 64 KiB. */
	tn = len < sizeof(tailbuf) ? len : sizeof(tailbuf);
	if (read_at(fd, tailbuf, tn, (off_t)(len - tn)) < 0)
		goto bad;
	for (eocd = tn - 22;; eocd--) {
		if (itss_le32(tailbuf + eocd) == 0x06054b50)
			break;
		if (eocd == 0)
			goto bad;
	}
	n = itss_le16(tailbuf + eocd + 10);
	dsize = itss_le32(tailbuf + eocd + 12);
	off = itss_le32(tailbuf + eocd + 16);
	if (off > len || dsize > len - off || dsize > ((size_t)64 << 20))
		goto bad;
	dir = malloc(dsize ? dsize : 1);
	if (!dir || read_at(fd, dir, dsize, (off_t)off) < 0)
		goto bad;
	for (i = 0, off = 0; i < n; i++) {
		const unsigned char *c = dir + off;
		unsigned char lh[30];
		size_t name, extra, comment, local, csize, usize, data;
		const char *end_tag = NULL;
		if (off + 46 > dsize || itss_le32(c) != 0x02014b50)
			goto bad;
		csize = itss_le32(c + 20);
		usize = itss_le32(c + 24);
		name = itss_le16(c + 28);
		extra = itss_le16(c + 30);
		comment = itss_le16(c + 32);
		local = itss_le32(c + 42);
		if (off + 46 + name > dsize || local + 30 > len ||
		    read_at(fd, lh, 30, (off_t)local) < 0 ||
		    itss_le32(lh) != 0x04034b50)
			goto bad;
		data = local + 30 + itss_le16(lh + 26) + itss_le16(lh + 28);
		if (data > len || csize > len - data)
			goto bad;
		if (name == 15 && !memcmp(c + 46, "xl/workbook.xml", 15)) {
			workbook = 1;
			end_tag = "</workbook>";
		} else if (name > 19 && !memcmp(c + 46, "xl/worksheets/sheet", 19)) {
			sheets++;
			end_tag = "</worksheet>";
		}
		if (check_member(fd, (off_t)data, csize, usize, itss_le16(c + 10),
		    itss_le32(c + 16), end_tag, why) < 0)
			goto bad;
		off += 46 + name + extra + comment;
	}
	free(dir);
	close(fd);
	if (!workbook || sheets != nsheets) {
		*why = N_("lacks some of its sheets");
		return -1;
	}
	return 0;
bad:
	free(dir);
	close(fd);
	return -1;
}
