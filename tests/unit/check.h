/*
 * check.h - a tiny table-driven unit test harness.
 *
 *   TEST(name) { CHECK(x == 1, "x=%d", x); ... }
 *   int main(void) { RUN(name); ...; return check_done(); }
 *
 * Each TEST prints one line: "ok - name" or "not ok - name" followed by
 * the failing checks; tests/run.sh counts those lines.
 */
#ifndef DZ_CHECK_H
#define DZ_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failed_here;
static int check_total_failed;

#define TEST(name) static void test_##name(void)
#define CHECK(cond, ...) do { \
	if (!(cond)) { \
		if (!check_failed_here) \
			check_failed_here = 1; \
		printf("#   %s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
		printf(__VA_ARGS__); \
		printf("\n"); \
	} \
} while (0)
#define CHECK_STR(got, want) CHECK(strcmp((got), (want)) == 0, "got '%s', want '%s'", (got), (want))
#define CHECK_INT(got, want) CHECK((long long)(got) == (long long)(want), "got %lld, want %lld", (long long)(got), (long long)(want))
#define RUN(name) do { \
	check_failed_here = 0; \
	test_##name(); \
	printf("%s - %s\n", check_failed_here ? "not ok" : "ok", #name); \
	fflush(stdout); \
	check_total_failed += check_failed_here; \
} while (0)

static inline int check_done(void)
{
	return check_total_failed ? 1 : 0;
}

#endif
