/*
 * ini.c - fuzz harness: the INI run configuration (config_load: UTF-8 or
 * GB18030 text, libinih, every [run] key, [source] sections with aliases,
 * [townships]), then config_validate and the income line lookup.
 *
 * Input: the file.  Checks: a failure is a usage error (status 2) with a
 * message; a loaded config releases cleanly (LeakSanitizer).
 */
#include "fuzz.h"
#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	run_config c;
	config_init(&c);
	dzerr err = { 0 };
	int rc = config_load(&c, fuzz_file(data, size), &err);
	if (rc == 0) {
		dzerr e2 = { 0 };
		rc = config_validate(&c, &e2);
		if (rc && (e2.status != DZ_EXIT_USAGE || !e2.msg[0]))
			fuzz_fail("validate failed with %d '%s'", e2.status, e2.msg);
		for (int y = 2015; y <= 2030; y++)
			(void)config_income_line(&c, y);
	} else if (rc != -1 || err.status != DZ_EXIT_USAGE || !err.msg[0]) {
		fuzz_fail("load returned %d with %d '%s'", rc, err.status, err.msg);
	}
	config_release(&c);
	return 0;
}
