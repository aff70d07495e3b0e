/*
 * input.c - a byte stream from a file or stdin, transparently gunzipped
 * (see input.h).
 *
 * Functions in call order: dzin_open() (opens, reads the first raw bytes,
 * recognizes gzip by 1f 8b), dzin_peek() (fills the peek buffer with up to
 * 64 KiB of decompressed data), dzin_read() (serves the peeked bytes, then
 * reads or inflates straight into the caller's buffer; counts the bytes
 * for the progress line, progress.h), dzin_close().
 *
 * gzip: zlib inflate with gzip framing (windowBits 16 + 15).  After the end
 * of a member, another member (1f 8b) continues the stream; zero padding
 * to the end of the file is ignored; anything else is "trailing garbage".
 * The compressed input ending before a member's end is "truncated gzip
 * data".  Such errors are DZ_EXIT_DATA and name the file.  An error met
 * while filling the peek buffer is held back until the peeked bytes have
 * been read, so rows before the damage are still delivered.
 *
 * A regular file is checked at its end (check_unchanged): size and mtime
 * of the open file and the inode behind its path as when it was opened;
 * otherwise the read fails with DZ_EXIT_DATA "the file changed during the
 * run" (an upload still in progress must not be read as a short export).
 *
 * dzin_transcode() (UTF-16 text) puts an iconv conversion to UTF-8 on top:
 * the bytes peeked so far become its first input, the peek buffer is
 * refilled with converted bytes, and every read converts (conv_read).
 *
 * Memory: the raw input buffer and the peek buffer (64 KiB each) plus
 * zlib's inflate state (~44 KiB); with a conversion one more 64 KiB buffer.
 */
#include "input.h"
#include "progress.h"
#include "util.h"
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <iconv.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#define DZIN_BUF 65536
/* gzip bombs: past GZ_RATIO_FLOOR inflated bytes, more than GZ_MAX_RATIO
 * inflated bytes per compressed byte is refused (exports compress 5-30:1,
 * their varying IDs keep them far below 100:1) */
#define GZ_MAX_RATIO 100
#define GZ_RATIO_FLOOR (64ULL << 20)

struct dzin {
	int fd;
	bool own_fd;           /* close fd in dzin_close (not for stdin) */
	char *path;            /* as opened */
	char *display;         /* name for messages */
	bool gz;               /* gzip stream */
	bool zinit;            /* inflateInit2 done */
	bool member_done;      /* inflate reached the end of a member */
	bool raw_eof;          /* read() returned 0 */
	bool eof;              /* no more decompressed data */
	z_stream zs;
	unsigned char *raw;    /* compressed (or plain) input buffer */
	size_t raw_pos, raw_len; /* plain mode: unread raw bytes [raw_pos, raw_len) */
	unsigned char *peek;   /* peeked decompressed bytes */
	size_t peek_len, peek_pos;
	bool peeked;
	dzerr pending;         /* error met while peeking, reported after the peeked bytes */
	long members;          /* gzip members finished */
	uint64_t z_in, z_out;  /* compressed bytes consumed, bytes inflated (bomb check) */
	bool watch;            /* a regular file: checked unchanged at its end */
	struct stat st0;       /* ... as it was when opened */
	iconv_t cd;            /* dzin_transcode(): to UTF-8, else (iconv_t)-1 */
	unsigned char *cin;    /* ... its input: bytes of the (inflated) stream */
	size_t cin_pos, cin_len;
	bool cin_eof;          /* the stream under the conversion ended */
	bool conv_eof;         /* ... and everything was converted */
};

/* An input file that cannot be opened or read is input data unusable
 * (SPEC §6: exit 3, the same from dz ingest and dz run). */
static int io_error(dzin *in, dzerr *err, const char *what)
{
	return dzerr_set(err, DZ_EXIT_DATA, "'%s': %s: %s", in->display, what, strerror(errno));
}

/* At the end of a regular file: is it still the file that was opened, as
 * it was?  (An export still being written or replaced while dz reads it.) */
static int check_unchanged(dzin *in, dzerr *err)
{
	struct stat now, path;
	if (!in->watch)
		return 0;
	in->watch = false;     /* once */
	bool same = fstat(in->fd, &now) == 0 && now.st_size == in->st0.st_size &&
	            now.st_mtim.tv_sec == in->st0.st_mtim.tv_sec &&
	            now.st_mtim.tv_nsec == in->st0.st_mtim.tv_nsec &&
	            stat(in->path, &path) == 0 && path.st_ino == in->st0.st_ino &&
	            path.st_dev == in->st0.st_dev;
	if (same)
		return 0;
	return dzerr_set(err, DZ_EXIT_DATA, "'%s': the file changed during the run (its size, time "
	                 "or identity differ between the start and the end of reading; still being "
	                 "written or copied?); run again once it is complete", in->display);
}

/* read() with EINTR retry; returns bytes, 0 at EOF, -1 on error (err set). */
static ssize_t raw_read(dzin *in, void *buf, size_t n, dzerr *err)
{
	for (;;) {
		ssize_t k = read(in->fd, buf, n);
		if (k == 0 && check_unchanged(in, err) < 0)
			return -1;
		if (k >= 0)
			return k;
		if (errno != EINTR)
			return io_error(in, err, "read error");
	}
}

/* Make at least `want` compressed bytes available in zs (fewer only at EOF). */
static int z_ensure(dzin *in, size_t want, dzerr *err)
{
	while (in->zs.avail_in < want && !in->raw_eof) {
		if (in->zs.avail_in && in->zs.next_in != in->raw)
			memmove(in->raw, in->zs.next_in, in->zs.avail_in);
		in->zs.next_in = in->raw;
		ssize_t k = raw_read(in, in->raw + in->zs.avail_in, DZIN_BUF - in->zs.avail_in, err);
		if (k < 0)
			return -1;
		if (k == 0)
			in->raw_eof = true;
		in->zs.avail_in += (uInt)k;
	}
	return 0;
}

dzin *dzin_open(const char *path, const char *display, dzerr *err)
{
	dzin *in = xcalloc(1, sizeof *in);
	in->cd = (iconv_t)-1;
	in->path = xstrdup(path);
	in->display = xstrdup(display ? display : path);
	if (!strcmp(path, "-")) {
		in->fd = STDIN_FILENO;
	} else {
		in->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (in->fd < 0) {
			io_error(in, err, "cannot open");
			dzin_close(in);
			return NULL;
		}
		in->own_fd = true;
		in->watch = fstat(in->fd, &in->st0) == 0 && S_ISREG(in->st0.st_mode);
	}
	in->raw = xmalloc(DZIN_BUF);
	/* first bytes: gzip magic? */
	while (in->raw_len < 2 && !in->raw_eof) {
		ssize_t k = raw_read(in, in->raw + in->raw_len, DZIN_BUF - in->raw_len, err);
		if (k < 0) {
			dzin_close(in);
			return NULL;
		}
		if (k == 0)
			in->raw_eof = true;
		in->raw_len += (size_t)k;
	}
	if (in->raw_len >= 2 && in->raw[0] == 0x1f && in->raw[1] == 0x8b) {
		in->gz = true;
		if (inflateInit2(&in->zs, 16 + MAX_WBITS) != Z_OK) {
			dzerr_set(err, DZ_EXIT_IO, "'%s': cannot initialize zlib", in->display);
			dzin_close(in);
			return NULL;
		}
		in->zinit = true;
		in->zs.next_in = in->raw;
		in->zs.avail_in = (uInt)in->raw_len;
	}
	return in;
}

/* After a member's end: start the next member, or reach EOF. 1 = go on, 0 = EOF, -1 error. */
static int z_next_member(dzin *in, dzerr *err)
{
	for (;;) {
		if (z_ensure(in, 2, err) < 0)
			return -1;
		if (in->zs.avail_in == 0)
			return 0;
		if (in->zs.next_in[0] == 0) {
			/* zero padding after the last member */
			while (in->zs.avail_in && in->zs.next_in[0] == 0) {
				in->zs.next_in++;
				in->zs.avail_in--;
			}
			if (in->zs.avail_in == 0)
				continue;
			return dzerr_set(err, DZ_EXIT_DATA, "'%s': corrupt gzip data (trailing garbage after the compressed data)",
			                 in->display);
		}
		if (in->zs.avail_in >= 2 && in->zs.next_in[0] == 0x1f && in->zs.next_in[1] == 0x8b) {
			if (inflateReset(&in->zs) != Z_OK)
				return dzerr_set(err, DZ_EXIT_IO, "'%s': cannot reset zlib", in->display);
			in->member_done = false;
			return 1;
		}
		return dzerr_set(err, DZ_EXIT_DATA, "'%s': corrupt gzip data (trailing garbage after the compressed data)",
		                 in->display);
	}
}

static ssize_t z_read(dzin *in, unsigned char *buf, size_t n, dzerr *err)
{
	if (n > (size_t)UINT32_MAX)
		n = UINT32_MAX;
	in->zs.next_out = buf;
	in->zs.avail_out = (uInt)n;
	while (in->zs.avail_out == n) {
		if (in->member_done) {
			int r = z_next_member(in, err);
			if (r < 0)
				return -1;
			if (r == 0) {
				in->eof = true;
				return 0;
			}
		}
		if (in->zs.avail_in == 0 && z_ensure(in, 1, err) < 0)
			return -1;
		if (in->zs.avail_in == 0 && in->raw_eof)
			return dzerr_set(err, DZ_EXIT_DATA, "'%s': truncated gzip data (the file ends inside the compressed stream)",
			                 in->display);
		uInt before = in->zs.avail_in, out_before = in->zs.avail_out;
		int ret = inflate(&in->zs, Z_NO_FLUSH);
		in->z_in += before - in->zs.avail_in;
		in->z_out += out_before - in->zs.avail_out;
		if (in->z_out > GZ_RATIO_FLOOR && in->z_out / (in->z_in ? in->z_in : 1) > GZ_MAX_RATIO)
			return dzerr_set(err, DZ_EXIT_DATA, "'%s': gzip data inflating to more than %d "
			                 "times its size (a gzip bomb?); refused", in->display, GZ_MAX_RATIO);
		if (ret == Z_STREAM_END) {
			in->member_done = true;
			in->members++;
		} else if (ret == Z_BUF_ERROR) {
			/* no progress possible: more input needed */
			if (in->raw_eof || in->zs.avail_in >= DZIN_BUF)
				return dzerr_set(err, DZ_EXIT_DATA, "'%s': truncated gzip data (the file ends inside the compressed stream)",
				                 in->display);
			if (z_ensure(in, in->zs.avail_in + 1, err) < 0)
				return -1;
		} else if (ret != Z_OK) {
			return dzerr_set(err, DZ_EXIT_DATA, "'%s': corrupt gzip data (%s)", in->display,
			                 in->zs.msg ? in->zs.msg : "inflate failed");
		}
	}
	return (ssize_t)(n - in->zs.avail_out);
}

/* The stream under any conversion: plain bytes or inflated bytes. */
static ssize_t src_read(dzin *in, unsigned char *buf, size_t n, dzerr *err)
{
	if (in->eof || n == 0)
		return 0;
	if (in->gz)
		return z_read(in, buf, n, err);
	if (in->raw_pos < in->raw_len) {
		size_t k = in->raw_len - in->raw_pos;
		if (k > n)
			k = n;
		memcpy(buf, in->raw + in->raw_pos, k);
		in->raw_pos += k;
		return (ssize_t)k;
	}
	if (in->raw_eof) {
		in->eof = true;
		return 0;
	}
	ssize_t k = raw_read(in, buf, n, err);
	if (k == 0)
		in->eof = true;
	return k;
}

/* The conversion's output: UTF-8 from cin through iconv; an undecodable
 * code unit (an unpaired surrogate) becomes U+FFFD. */
static ssize_t conv_read(dzin *in, unsigned char *buf, size_t n, dzerr *err)
{
	char *out = (char *)buf;
	size_t left = n;
	while (left >= 4) {
		if (in->cin_pos == in->cin_len || (in->cin_len - in->cin_pos < 4 && !in->cin_eof)) {
			/* refill: keep the unconverted tail, read more behind it */
			size_t keep = in->cin_len - in->cin_pos;
			memmove(in->cin, in->cin + in->cin_pos, keep);
			in->cin_pos = 0;
			in->cin_len = keep;
			if (!in->cin_eof) {
				ssize_t k = src_read(in, in->cin + keep, DZIN_BUF - keep, err);
				if (k < 0)
					return -1;
				if (k == 0)
					in->cin_eof = true;
				in->cin_len += (size_t)k;
			}
			if (in->cin_len == 0)
				break;
		}
		char *ip = (char *)in->cin + in->cin_pos;
		size_t il = in->cin_len - in->cin_pos;
		size_t r = iconv(in->cd, &ip, &il, &out, &left);
		in->cin_pos = in->cin_len - il;
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		if (errno == EINVAL && !in->cin_eof)
			continue;          /* a sequence cut at the end: read on */
		/* EILSEQ, or a sequence cut at the end of the file */
		memcpy(out, "\xEF\xBF\xBD", 3);
		out += 3;
		left -= 3;
		in->cin_pos += il >= 2 ? 2 : il;
	}
	if (left == n && n >= 4 && in->cin_eof && in->cin_pos == in->cin_len)
		in->conv_eof = true;
	return (ssize_t)(n - left);
}

static ssize_t base_read(dzin *in, unsigned char *buf, size_t n, dzerr *err)
{
	if (in->cd != (iconv_t)-1)
		return in->conv_eof ? 0 : conv_read(in, buf, n, err);
	return src_read(in, buf, n, err);
}

int dzin_transcode(dzin *in, const char *from, size_t skip, dzerr *err)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return dzerr_set(err, DZ_EXIT_USAGE, "unknown encoding '%s'", from);
	in->cd = cd;
	/* the bytes peeked so far are the conversion's first input */
	in->cin = xmalloc(DZIN_BUF);
	if (in->peek_len > skip)
		memcpy(in->cin, in->peek + skip, in->peek_len - skip);
	in->cin_len = in->peek_len > skip ? in->peek_len - skip : 0;
	in->cin_pos = 0;
	in->peek_len = in->peek_pos = 0;
	in->peeked = false;
	free(in->peek);
	in->peek = NULL;
	return 0;
}

const unsigned char *dzin_peek(dzin *in, size_t *n, dzerr *err)
{
	if (!in->peeked) {
		in->peeked = true;
		in->peek = xmalloc(DZIN_BUF);
		while (in->peek_len < DZIN_BUF) {
			ssize_t k = base_read(in, in->peek + in->peek_len, DZIN_BUF - in->peek_len, &in->pending);
			if (k <= 0)
				break;
			in->peek_len += (size_t)k;
		}
	}
	if (in->peek_len == 0 && in->pending.status) {
		*err = in->pending;
		*n = 0;
		return NULL;
	}
	*n = in->peek_len;
	return in->peek;
}

ssize_t dzin_read(dzin *in, void *buf, size_t n, dzerr *err)
{
	if (in->peek_pos < in->peek_len) {
		size_t k = in->peek_len - in->peek_pos;
		if (k > n)
			k = n;
		memcpy(buf, in->peek + in->peek_pos, k);
		in->peek_pos += k;
		progress_bytes(k);
		return (ssize_t)k;
	}
	if (in->pending.status) {
		*err = in->pending;
		return -1;
	}
	ssize_t k = base_read(in, buf, n, err);
	if (k > 0)
		progress_bytes((size_t)k);
	return k;
}

bool dzin_gzipped(const dzin *in)
{
	return in->gz;
}

const char *dzin_path(const dzin *in)
{
	return in->path;
}

const char *dzin_display(const dzin *in)
{
	return in->display;
}

int dzin_fd(const dzin *in)
{
	return in->fd;
}

void dzin_close(dzin *in)
{
	if (!in)
		return;
	if (in->zinit)
		inflateEnd(&in->zs);
	if (in->cd != (iconv_t)-1)
		iconv_close(in->cd);
	free(in->cin);
	if (in->own_fd && in->fd >= 0)
		close(in->fd);
	free(in->raw);
	free(in->peek);
	free(in->path);
	free(in->display);
	free(in);
}
