/*
 * test_sha256.c - SHA-256 against the FIPS 180-2 / NIST example digests,
 * both compression paths (SHA extensions where present, portable C), and
 * every split of a message across sha256_update calls.
 */
#include "check.h"
#include "sha256.h"
#include <stdlib.h>

static void digest(const void *p, size_t n, char hex[65])
{
	sha256_ctx c;
	sha256_init(&c);
	sha256_update(&c, p, n);
	sha256_final(&c, hex);
}

/* FIPS 180-2 appendix B (and the empty string, NIST CSRC examples). */
TEST(vectors)
{
	for (int portable = 0; portable < 2; portable++) {
		sha256_portable(portable);
		char h[65];
		digest("abc", 3, h);
		CHECK_STR(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
		digest("", 0, h);
		CHECK_STR(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
		const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
		digest(two, strlen(two), h);
		CHECK_STR(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
		sha256_ctx c;
		sha256_init(&c);
		char a[1000];
		memset(a, 'a', sizeof a);
		for (int i = 0; i < 1000; i++)
			sha256_update(&c, a, sizeof a);
		sha256_final(&c, h);
		CHECK_STR(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	}
	sha256_portable(0);
}

/* Any split of the input and either path: one digest. */
TEST(splits)
{
	unsigned char m[300];
	for (size_t i = 0; i < sizeof m; i++)
		m[i] = (unsigned char)(i * 131 + 7);
	char want[65], got[65];
	sha256_portable(1);
	digest(m, sizeof m, want);
	for (int portable = 0; portable < 2; portable++) {
		sha256_portable(portable);
		for (size_t cut = 0; cut <= sizeof m; cut += 7) {
			sha256_ctx c;
			sha256_init(&c);
			sha256_update(&c, m, cut);
			sha256_update(&c, m + cut, sizeof m - cut);
			sha256_final(&c, got);
			CHECK(!strcmp(got, want), "cut %zu portable %d: %s", cut, portable, got);
		}
	}
	sha256_portable(0);
}

int main(void)
{
	RUN(vectors);
	RUN(splits);
	return check_done();
}
