/*
 * progress.c - the reading status line on stderr (see progress.h).
 *
 * Functions in call order: progress_begin() (once per process: is stderr a
 * terminal, how wide; then the source joins the table of sources being
 * read) -> progress_row() / progress_bytes() per row / chunk ->
 * progress_tick() every PROGRESS_EVERY rows (publish the counts; when a
 * redraw is due and the table's lock is free: draw()) -> progress_end()
 * (leave the table; the last one out erases the line).
 *
 * Timing: the first line is drawn one second after the first source began
 * (short runs show nothing), then at most every half second.  The line is
 * one write(2) of "\r<text>\033[K"; a failed write switches progress off.
 *
 * Memory: one progress_src per source being read; the table; one line
 * buffer on the stack while drawing.
 */
#include "progress.h"
#include "diag.h"
#include "util.h"
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define FIRST_NS 1000000000LL   /* first line after 1 s of reading */
#define REDRAW_NS 500000000LL   /* then at most every 0.5 s */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static bool tty;                 /* stderr is a terminal */
static int width = 80;           /* terminal columns */
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static progress_src *active[PROGRESS_MAX];  /* under lock */
static size_t nactive;                      /* under lock */
static bool shown;                          /* a line is on screen (under lock) */
static _Atomic long long next_draw;         /* ns; 0 = not yet set */
static atomic_bool broken;                  /* a write failed: stay silent */
static _Thread_local progress_src *current;

static long long now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void init(void)
{
	tty = isatty(STDERR_FILENO) == 1;
	const char *term = getenv("TERM");
	if (term && !strcmp(term, "dumb"))
		tty = false;
	struct winsize ws;
	if (tty && ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		width = ws.ws_col;
}

/* Copy at most cap-1 bytes of s, not cutting a UTF-8 character. */
static void copy_name(char *dst, size_t cap, const char *s)
{
	size_t n = strlen(s);
	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

progress_src *progress_begin(const char *name)
{
	pthread_once(&once, init);
	if (!tty || diag_quiet || atomic_load(&broken))
		return NULL;
	progress_src *p = xcalloc(1, sizeof *p);
	p->next = PROGRESS_EVERY;
	p->t0 = now_ns();
	copy_name(p->name, sizeof p->name, name ? name : "-");
	long long unset = 0;
	atomic_compare_exchange_strong(&next_draw, &unset, p->t0 + FIRST_NS);
	pthread_mutex_lock(&lock);
	if (nactive < PROGRESS_MAX)
		active[nactive++] = p;
	pthread_mutex_unlock(&lock);
	current = p;
	return p;
}

void progress_bytes(size_t n)
{
	if (current)
		current->bytes += n;
}

/* "1234567" -> "1,234,567" */
static void group(char *out, size_t cap, unsigned long long v)
{
	char d[32];
	int n = snprintf(d, sizeof d, "%llu", v);
	size_t o = 0;
	for (int i = 0; i < n && o + 2 < cap; i++) {
		if (i > 0 && (n - i) % 3 == 0)
			out[o++] = ',';
		out[o++] = d[i];
	}
	out[o] = '\0';
}

/* Terminal columns of UTF-8 text: CJK and full-width forms count 2. */
static size_t cut_to_width(const char *s, size_t len, int cols)
{
	int w = 0;
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		int cw = 1;
		if (k == 4 || (k == 3 && c >= 0xE3 && c <= 0xED) ||
		    (k == 3 && c == 0xEF && i + 1 < len && ((unsigned char)s[i + 1] == 0xBC || (unsigned char)s[i + 1] == 0xBD)))
			cw = 2;
		if (w + cw > cols || i + k > len)
			break;
		w += cw;
		i += k;
	}
	return i;
}

/* Under lock: write the line for the sources being read. */
static void draw(long long now)
{
	char line[1024];
	size_t n = 0;
	n += (size_t)snprintf(line, sizeof line, "读入");
	for (size_t i = 0; i < nactive && n < sizeof line - 64; i++) {
		const progress_src *p = active[i];
		unsigned long long rows = atomic_load_explicit(&p->pub_rows, memory_order_relaxed);
		unsigned long long bytes = atomic_load_explicit(&p->pub_bytes, memory_order_relaxed);
		double s = (double)(now - p->t0) / 1e9;
		char r[32];
		group(r, sizeof r, rows);
		int k;
		if (bytes)
			k = snprintf(line + n, sizeof line - n, "%s %s %s 行 %.1f MB %.1f MB/s", i ? " ·" : "",
			             p->name, r, (double)bytes / 1e6, s > 0 ? (double)bytes / 1e6 / s : 0.0);
		else
			k = snprintf(line + n, sizeof line - n, "%s %s %s 行 %.0f 行/秒", i ? " ·" : "",
			             p->name, r, s > 0 ? (double)rows / s : 0.0);
		if (k < 0 || (size_t)k >= sizeof line - n)
			break;
		n += (size_t)k;
	}
	char out[1100];
	size_t m = cut_to_width(line, n, width - 1);
	out[0] = '\r';
	memcpy(out + 1, line, m);
	memcpy(out + 1 + m, "\033[K", 3);
	if (write(STDERR_FILENO, out, m + 4) != (ssize_t)(m + 4))
		atomic_store(&broken, true);
	shown = true;
}

void progress_tick(progress_src *p)
{
	p->next = p->rows + PROGRESS_EVERY;
	atomic_store_explicit(&p->pub_rows, p->rows, memory_order_relaxed);
	atomic_store_explicit(&p->pub_bytes, p->bytes, memory_order_relaxed);
	long long now = now_ns();
	if (now < atomic_load_explicit(&next_draw, memory_order_relaxed) || atomic_load(&broken))
		return;
	if (pthread_mutex_trylock(&lock) != 0)
		return;  /* another thread is drawing or a source is coming or going */
	if (now >= atomic_load(&next_draw)) {
		atomic_store(&next_draw, now + REDRAW_NS);
		draw(now);
	}
	pthread_mutex_unlock(&lock);
}

void progress_end(progress_src *p)
{
	if (!p)
		return;
	if (current == p)
		current = NULL;
	pthread_mutex_lock(&lock);
	for (size_t i = 0; i < nactive; i++) {
		if (active[i] == p) {
			memmove(active + i, active + i + 1, (nactive - i - 1) * sizeof *active);
			nactive--;
			break;
		}
	}
	if (nactive == 0 && shown) {
		if (!atomic_load(&broken) && write(STDERR_FILENO, "\r\033[K", 4) != 4)
			atomic_store(&broken, true);
		shown = false;
	}
	pthread_mutex_unlock(&lock);
	free(p);
}
