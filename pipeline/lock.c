/*
 * lock.c - the OUT lock file (see lock.h).
 *
 * Functions in call order: lock_acquire (try_create: holder_text ->
 * write_excl -> link; else read_holder -> holder_alive -> take_over under
 * flock, or wait; clean_tmp once held) -> lock_release.
 * The signal handler removes the file of the process that holds it.
 *
 * Memory: the path; the holder's text (one small buffer) while checking.
 */
#include "lock.h"
#include "util.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define STALE_EMPTY_SECONDS 10   /* a lock without a readable holder this old is stale */
#define POLL_MS 100

/* Start time of a process in clock ticks since boot, or 0 when unknown. */
static unsigned long long proc_start(long pid)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	FILE *fp = fopen(path, "r");
	if (!fp)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	/* the command name (field 2) is in parentheses and may hold spaces */
	char *p = strrchr(buf, ')');
	if (!p)
		return 0;
	p++;
	/* fields 3..21 precede the start time (field 22) */
	for (int f = 3; f <= 22; f++) {
		while (*p == ' ')
			p++;
		if (f == 22)
			return strtoull(p, NULL, 10);
		p = strchr(p, ' ');
		if (!p)
			return 0;
	}
	return 0;
}

typedef struct holder {
	long pid;
	unsigned long long start;
	char host[256];
	char started[32];
	char command[64];
	bool parsed;             /* pid and start were read */
	time_t mtime;
} holder;

static void read_holder(const char *path, holder *h)
{
	memset(h, 0, sizeof *h);
	FILE *fp = fopen(path, "r");
	if (!fp)
		return;
	struct stat st;
	if (fstat(fileno(fp), &st) == 0)
		h->mtime = st.st_mtime;
	char line[512];
	bool pid = false, start = false;
	while (fgets(line, sizeof line, fp)) {
		line[strcspn(line, "\r\n")] = '\0';
		char *v = strchr(line, ' ');
		if (!v)
			continue;
		*v++ = '\0';
		if (!strcmp(line, "pid"))
			pid = (h->pid = strtol(v, NULL, 10)) > 0;
		else if (!strcmp(line, "start"))
			start = (h->start = strtoull(v, NULL, 10)) > 0;
		else if (!strcmp(line, "host"))
			snprintf(h->host, sizeof h->host, "%s", v);
		else if (!strcmp(line, "started"))
			snprintf(h->started, sizeof h->started, "%s", v);
		else if (!strcmp(line, "command"))
			snprintf(h->command, sizeof h->command, "%s", v);
	}
	fclose(fp);
	h->parsed = pid && start;
}

static void my_host(char out[256])
{
	if (gethostname(out, 256) != 0)
		out[0] = '\0';
	out[255] = '\0';
}

/* Whether the lock's holder may still be running. */
static bool holder_alive(const holder *h)
{
	if (!h->parsed)
		return time(NULL) - h->mtime < STALE_EMPTY_SECONDS;
	char host[256];
	my_host(host);
	if (strcmp(h->host, host))
		return true;  /* another machine's process: cannot tell, assume alive */
	if (kill((pid_t)h->pid, 0) != 0 && errno == ESRCH)
		return false;
	unsigned long long s = proc_start(h->pid);
	return s == 0 || s == h->start;  /* another start time: the PID was reused */
}

/* ---- removal on SIGINT / SIGTERM / SIGHUP ---- */

static char sig_path[4096];
static volatile pid_t sig_pid;
static const int sig_list[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction sig_old[3];
static bool sig_set[3];

static void on_signal(int sig)
{
	if (sig_pid && getpid() == sig_pid)
		unlink(sig_path);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void handlers_install(const char *path)
{
	snprintf(sig_path, sizeof sig_path, "%s", path);
	sig_pid = getpid();
	for (int i = 0; i < 3; i++) {
		struct sigaction sa;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		sig_set[i] = false;
		if (sigaction(sig_list[i], NULL, &sig_old[i]) != 0 || sig_old[i].sa_handler == SIG_IGN)
			continue;  /* e.g. SIGHUP under nohup: stays ignored */
		sig_set[i] = sigaction(sig_list[i], &sa, NULL) == 0;
	}
}

static void handlers_remove(void)
{
	for (int i = 0; i < 3; i++)
		if (sig_set[i])
			sigaction(sig_list[i], &sig_old[i], NULL);
	sig_pid = 0;
}

static void holder_text(strbuf *sb, const char *command)
{
	char host[256], when[32];
	my_host(host);
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
	sb_addf(sb, "pid %ld\nstart %llu\nhost %s\nstarted %s\ncommand %s\n", (long)getpid(),
	        proc_start((long)getpid()), host, when, command);
}

/* Write a whole new file with O_EXCL: 1 done, 0 exists, -1 error (errno). */
static int write_excl(const char *path, const strbuf *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return errno == EEXIST ? 0 : -1;
	ssize_t w = write(fd, text->buf, text->len);
	int saved = w < 0 ? errno : ENOSPC;
	bool bad = w != (ssize_t)text->len;
	if (close(fd) != 0 && !bad) {
		bad = true;
		saved = errno;
	}
	if (bad) {
		unlink(path);
		errno = saved;
		return -1;
	}
	return 1;
}

/*
 * Create the lock with our holder text: 1 done, 0 exists, -1 error.  The
 * text is written to DIR/dz.lock.<pid> first and hard-linked to the lock
 * name (link fails if it exists), so the lock is never seen empty; where
 * the file system has no hard links, the lock is created with O_EXCL and
 * written (a reader may then briefly find it empty).
 */
static int try_create(const char *path, const char *command, dzerr *err)
{
	strbuf text, tmp;
	sb_init(&text);
	sb_init(&tmp);
	holder_text(&text, command);
	sb_addf(&tmp, "%s.%ld", path, (long)getpid());
	unlink(tmp.buf);
	int rc = write_excl(tmp.buf, &text);
	if (rc == 1) {
		if (link(tmp.buf, path) == 0)
			rc = 1;
		else if (errno == EEXIST)
			rc = 0;
		else if (errno == EPERM || errno == ENOTSUP || errno == EOPNOTSUPP || errno == EMLINK)
			rc = write_excl(path, &text);
		else
			rc = -1;
		int saved = errno;
		unlink(tmp.buf);
		errno = saved;
	}
	if (rc < 0)
		dzerr_set(err, DZ_EXIT_IO, "cannot create the lock '%s': %s", path, strerror(errno));
	sb_release(&text);
	sb_release(&tmp);
	return rc;
}

/* Holder texts DIR/dz.lock.<pid> of dz processes killed while taking the
 * lock (we hold it now). */
static void clean_tmp(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	const size_t n = strlen(LOCK_FILE ".");
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, LOCK_FILE ".", n))
			continue;
		char *end;
		long pid = strtol(e->d_name + n, &end, 10);
		if (*end || pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		strbuf p;
		sb_init(&p);
		sb_addf(&p, "%s/%s", dir, e->d_name);
		unlink(p.buf);
		sb_release(&p);
	}
	closedir(d);
}

/* Remove a stale lock, unless another dz replaced it meanwhile: under an
 * exclusive flock on the folder, read it again and unlink only the same
 * holder. */
static void take_over(const char *dir, const char *path, const holder *seen)
{
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return;
	if (flock(dfd, LOCK_EX) == 0) {
		holder now;
		read_holder(path, &now);
		bool same = now.pid == seen->pid && now.start == seen->start &&
		            now.mtime == seen->mtime && !strcmp(now.started, seen->started);
		if (same && !holder_alive(&now))
			unlink(path);
		flock(dfd, LOCK_UN);
	}
	close(dfd);
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int lock_acquire(dzlock *l, const char *dir, const char *command, int wait_seconds, dzerr *err)
{
	strbuf p;
	sb_init(&p);
	sb_addf(&p, "%s/%s", dir, LOCK_FILE);
	l->path = sb_detach(&p);
	l->held = false;
	double deadline = now_seconds() + (wait_seconds > 0 ? wait_seconds : 0);
	bool told = false;
	for (;;) {
		int rc = try_create(l->path, command, err);
		if (rc < 0)
			break;
		if (rc == 1) {
			l->held = true;
			handlers_install(l->path);
			clean_tmp(dir);
			return 0;
		}
		holder h;
		read_holder(l->path, &h);
		if (!holder_alive(&h)) {
			take_over(dir, l->path, &h);
			continue;
		}
		if (now_seconds() >= deadline) {
			if (h.parsed)
				dzerr_set(err, DZ_EXIT_IO, "'%s' is in use by %s (pid %ld, started %s%s%s); "
				          "nothing was done: try again when it has finished, or use --wait SECONDS",
				          dir, *h.command ? h.command : "dz", h.pid, h.started,
				          *h.host ? " on " : "", h.host);
			else
				dzerr_set(err, DZ_EXIT_IO, "'%s' is in use by another dz (lock '%s'); "
				          "nothing was done: try again when it has finished, or use --wait SECONDS",
				          dir, l->path);
			break;
		}
		if (!told && !diag_quiet) {
			fprintf(stderr, "dz: waiting for %s (pid %ld) to finish with '%s'\n",
			        *h.command ? h.command : "another dz", h.pid, dir);
			told = true;
		}
		struct timespec ts = { 0, POLL_MS * 1000000L };
		nanosleep(&ts, NULL);
	}
	free(l->path);
	l->path = NULL;
	return -1;
}

void lock_release(dzlock *l)
{
	if (l->held) {
		handlers_remove();
		unlink(l->path);
		l->held = false;
	}
	free(l->path);
	l->path = NULL;
}
