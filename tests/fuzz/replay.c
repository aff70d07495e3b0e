/*
 * replay.c - run a harness over files instead of libFuzzer (make test).
 *
 *   replay-<harness> PATH...    each PATH a file or a folder of files
 *
 * Linked with one tests/fuzz/<harness>.c and libdz.a by the ordinary gcc
 * build (normal and ASan+UBSan), so the committed seeds and reproducers
 * are replayed without clang.  Prints "replayed N inputs" and exits 0; a
 * harness failure aborts (sanitizer report or fuzz_fail), an unreadable
 * path exits 1.  Files starting with '.' are skipped (README etc. are
 * not kept in corpus folders).
 *
 * Memory: one input at a time.
 */
#include "fuzz.h"
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

static long replayed;

static int replay_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	size_t cap = 4096, n = 0;
	uint8_t *buf = malloc(cap);
	for (;;) {
		if (!buf) {
			fclose(fp);
			fprintf(stderr, "replay: out of memory\n");
			return -1;
		}
		n += fread(buf + n, 1, cap - n, fp);
		if (n < cap)
			break;
		cap *= 2;
		buf = realloc(buf, cap);
	}
	int bad = ferror(fp);
	fclose(fp);
	if (bad) {
		free(buf);
		fprintf(stderr, "replay: %s: read error\n", path);
		return -1;
	}
	/* an exact-size copy, so ASan catches a read one past the input */
	uint8_t *in = malloc(n ? n : 1);
	memcpy(in, buf, n);
	free(buf);
	LLVMFuzzerTestOneInput(in, n);
	free(in);
	replayed++;
	return 0;
}

static int replay_path(const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path);
	struct dirent **ents;
	int k = scandir(path, &ents, NULL, alphasort);
	if (k < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	int rc = 0;
	for (int i = 0; i < k; i++) {
		if (ents[i]->d_name[0] != '.' && rc == 0) {
			size_t len = strlen(path) + strlen(ents[i]->d_name) + 2;
			char *p = malloc(len);
			snprintf(p, len, "%s/%s", path, ents[i]->d_name);
			rc = replay_path(p);
			free(p);
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (replay_path(argv[i]) != 0)
			return 1;
	printf("replayed %ld inputs\n", replayed);
	return 0;
}
