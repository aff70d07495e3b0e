/*
 * sha256.c - SHA-256 (see sha256.h).
 *
 * Functions in call order: sha256_init, sha256_update (full blocks go to
 * blocks(): blocks_shani with the SHA extensions, else blocks_c),
 * sha256_final, sha256_file.
 * Memory: the context only.
 */
#include "sha256.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_SHANI 1
#endif

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void blocks_c(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
	for (; nblocks--; p += 64) {
		uint32_t w[64];
		for (int i = 0; i < 16; i++)
			w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
			       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
		for (int i = 16; i < 64; i++) {
			uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
			uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
			w[i] = w[i - 16] + s0 + w[i - 7] + s1;
		}
		uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
		for (int i = 0; i < 64; i++) {
			uint32_t t1 = k + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
			uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
			k = g;
			g = f;
			f = e;
			e = d + t1;
			d = c;
			c = b;
			b = a;
			a = t1 + t2;
		}
		h[0] += a; h[1] += b; h[2] += c; h[3] += d;
		h[4] += e; h[5] += f; h[6] += g; h[7] += k;
	}
}

#ifdef HAVE_SHANI
/* The SHA-NI rounds: state kept as (ABEF, CDGH), four rounds per pair of
 * sha256rnds2, message schedule by sha256msg1/msg2. */
__attribute__((target("sha,sse4.1")))
static void blocks_shani(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
	const __m128i MASK = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
	__m128i tmp = _mm_loadu_si128((const __m128i *)&h[0]);   /* DCBA */
	__m128i st1 = _mm_loadu_si128((const __m128i *)&h[4]);   /* HGFE */
	tmp = _mm_shuffle_epi32(tmp, 0xB1);                      /* CDAB */
	st1 = _mm_shuffle_epi32(st1, 0x1B);                      /* EFGH */
	__m128i st0 = _mm_alignr_epi8(tmp, st1, 8);              /* ABEF */
	st1 = _mm_blend_epi16(st1, tmp, 0xF0);                   /* CDGH */
	for (; nblocks--; p += 64) {
		__m128i a0 = st0, c0 = st1, msg, m0, m1, m2, m3;
		m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 0)), MASK);
		m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), MASK);
		m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), MASK);
		m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), MASK);
		/* group r of four rounds: cur = W[4r..4r+3]; the schedule makes
		 * nxt (msg2, r = 3..14) and starts prv (msg1, r = 1..12) */
#define G(r, cur, nxt, prv) do { \
		msg = _mm_add_epi32(cur, _mm_loadu_si128((const __m128i *)&K[4 * (r)])); \
		st1 = _mm_sha256rnds2_epu32(st1, st0, msg); \
		if ((r) >= 3 && (r) < 15) \
			nxt = _mm_sha256msg2_epu32(_mm_add_epi32(nxt, _mm_alignr_epi8(cur, prv, 4)), cur); \
		msg = _mm_shuffle_epi32(msg, 0x0E); \
		st0 = _mm_sha256rnds2_epu32(st0, st1, msg); \
		if ((r) >= 1 && (r) < 13) \
			prv = _mm_sha256msg1_epu32(prv, cur); \
	} while (0)
		G(0, m0, m1, m3); G(1, m1, m2, m0); G(2, m2, m3, m1); G(3, m3, m0, m2);
		G(4, m0, m1, m3); G(5, m1, m2, m0); G(6, m2, m3, m1); G(7, m3, m0, m2);
		G(8, m0, m1, m3); G(9, m1, m2, m0); G(10, m2, m3, m1); G(11, m3, m0, m2);
		G(12, m0, m1, m3); G(13, m1, m2, m0); G(14, m2, m3, m1); G(15, m3, m0, m2);
#undef G
		st0 = _mm_add_epi32(st0, a0);
		st1 = _mm_add_epi32(st1, c0);
	}
	tmp = _mm_shuffle_epi32(st0, 0x1B);                      /* FEBA */
	st1 = _mm_shuffle_epi32(st1, 0xB1);                      /* DCHG */
	st0 = _mm_blend_epi16(tmp, st1, 0xF0);                   /* DCBA */
	st1 = _mm_alignr_epi8(st1, tmp, 8);                      /* ABEF */
	_mm_storeu_si128((__m128i *)&h[0], st0);
	_mm_storeu_si128((__m128i *)&h[4], st1);
}
#endif

static int portable_only;

void sha256_portable(int on)
{
	portable_only = on;
}

static void blocks(uint32_t h[8], const unsigned char *p, size_t nblocks)
{
#ifdef HAVE_SHANI
	static int have = -1;
	if (have < 0)
		have = __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1");
	if (have && !portable_only) {
		blocks_shani(h, p, nblocks);
		return;
	}
#endif
	blocks_c(h, p, nblocks);
}

void sha256_init(sha256_ctx *c)
{
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	memcpy(c->h, h0, sizeof h0);
	c->bytes = 0;
	c->nbuf = 0;
}

void sha256_update(sha256_ctx *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	c->bytes += n;
	if (c->nbuf) {
		size_t take = 64 - c->nbuf < n ? 64 - c->nbuf : n;
		memcpy(c->buf + c->nbuf, p, take);
		c->nbuf += take;
		p += take;
		n -= take;
		if (c->nbuf < 64)
			return;
		blocks(c->h, c->buf, 1);
		c->nbuf = 0;
	}
	if (n >= 64) {
		blocks(c->h, p, n / 64);
		p += n / 64 * 64;
		n %= 64;
	}
	memcpy(c->buf, p, n);
	c->nbuf = n;
}

void sha256_final(sha256_ctx *c, char hex[65])
{
	uint64_t bits = c->bytes * 8;
	unsigned char pad[72] = { 0x80 };
	size_t np = (c->nbuf < 56 ? 56 : 120) - c->nbuf;
	for (int i = 0; i < 8; i++)
		pad[np + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_update(c, pad, np + 8);
	static const char xd[] = "0123456789abcdef";
	for (int i = 0; i < 8; i++)
		for (int b = 0; b < 4; b++) {
			unsigned v = (c->h[i] >> (24 - 8 * b)) & 0xff;
			hex[8 * i + 2 * b] = xd[v >> 4];
			hex[8 * i + 2 * b + 1] = xd[v & 15];
		}
	hex[64] = '\0';
}

int sha256_file(const char *path, char hex[65], long long *size, dzerr *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return dzerr_set(err, DZ_EXIT_IO, "cannot open '%s': %s", path, strerror(errno));
	sha256_ctx c;
	sha256_init(&c);
	unsigned char buf[65536];
	for (;;) {
		ssize_t got = read(fd, buf, sizeof buf);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			int e = errno;
			close(fd);
			return dzerr_set(err, DZ_EXIT_IO, "cannot read '%s': %s", path, strerror(e));
		}
		if (got == 0)
			break;
		sha256_update(&c, buf, (size_t)got);
	}
	close(fd);
	*size = (long long)c.bytes;
	sha256_final(&c, hex);
	return 0;
}
