/*
 * runargs.c - command-line form of the run configuration (see runargs.h).
 * Two passes: the config file first (so options override it), then the
 * options in order.
 */
#include "runargs.h"
#include "vocab.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

enum { O_PERIOD = 256, O_OUT, O_ROSTER, O_HOUSEHOLD, O_SOURCE, O_SET, O_DATE, O_CONFIG, O_TOWNSHIP, O_WAIT,
       O_EXEMPTIONS, O_LEDGER, O_NO_LEDGER };

static const struct option longopts[] = {
	{ "period", required_argument, NULL, O_PERIOD },
	{ "out", required_argument, NULL, O_OUT },
	{ "roster", required_argument, NULL, O_ROSTER },
	{ "household", required_argument, NULL, O_HOUSEHOLD },
	{ "source", required_argument, NULL, O_SOURCE },
	{ "set", required_argument, NULL, O_SET },
	{ "date", required_argument, NULL, O_DATE },
	{ "config", required_argument, NULL, O_CONFIG },
	{ "township", required_argument, NULL, O_TOWNSHIP },
	{ "wait", required_argument, NULL, O_WAIT },
	{ "exemptions", required_argument, NULL, O_EXEMPTIONS },
	{ "ledger", required_argument, NULL, O_LEDGER },
	{ "no-ledger", no_argument, NULL, O_NO_LEDGER },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ NULL, 0, NULL, 0 },
};

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v);
}

/* A [townships] entry from --township ALIAS=NAME (both normalized). */
static void add_township(run_config *c, const char *alias, size_t n, const char *name)
{
	strbuf sb;
	sb_init(&sb);
	c->townships = xrealloc(c->townships, (c->ntownships + 1) * sizeof *c->townships);
	place_alias *pa = &c->townships[c->ntownships++];
	norm_place(&sb, alias, n);
	pa->alias = xstrdup(sb.buf);
	norm_place(&sb, name, strlen(name));
	pa->name = xstrdup(sb.buf);
	sb_release(&sb);
}

int runargs_parse(runargs *a, int argc, char **argv, unsigned flags, dzerr *err)
{
	memset(a, 0, sizeof *a);
	config_init(&a->cfg);
	a->rest = xcalloc((size_t)argc + 1, sizeof *a->rest);
	const char *config = NULL, *period = NULL, *out = NULL, *exemptions = NULL, *ledger = NULL;
	bool no_ledger = false;

	optind = 1;
	opterr = 0;
	int c;
	/* "+" would stop at the first positional; we want options anywhere */
	while ((c = getopt_long(argc, argv, "-j:q", longopts, NULL)) != -1) {
		switch (c) {
		case 1:
			if ((flags & RUNARGS_CONFIG_POSITIONAL) && !config && a->nrest == 0)
				config = optarg;
			else
				a->rest[a->nrest++] = optarg;
			break;
		case O_CONFIG:
			if (!(flags & RUNARGS_CONFIG_OPTION))
				goto bad;
			config = optarg;
			break;
		case O_PERIOD: period = optarg; break;
		case O_OUT: out = optarg; break;
		case O_EXEMPTIONS:
			if (!(flags & RUNARGS_SOURCES) || !*optarg)
				goto bad;
			exemptions = optarg;
			break;
		case O_LEDGER: ledger = optarg; break;
		case O_NO_LEDGER: no_ledger = true; break;
		case 'q': diag_quiet = 1; break;
		case 'j': {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*end || n < 1 || n > 64)
				return dzerr_set(err, DZ_EXIT_USAGE, "-j wants a number of threads 1-64, not '%s'", optarg);
			a->opts.jobs = (int)n;
			break;
		}
		case O_WAIT: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (end == optarg || *end || n < 0 || n > 86400)
				return dzerr_set(err, DZ_EXIT_USAGE, "--wait wants seconds 0-86400, not '%s'", optarg);
			a->opts.wait_seconds = (int)n;
			break;
		}
		case O_DATE: {
			int32_t d;
			if (parse_date(optarg, strlen(optarg), false, &d) != VAL_OK)
				return dzerr_set(err, DZ_EXIT_USAGE, "--date wants YYYY-MM-DD, not '%s'", optarg);
			a->opts.today = optarg;
			break;
		}
		case O_ROSTER: case O_HOUSEHOLD: case O_SOURCE: case O_SET: case O_TOWNSHIP:
			if (c != O_SET && !(flags & RUNARGS_SOURCES))
				goto bad;
			break;  /* second pass */
		case ':':
			return dzerr_set(err, DZ_EXIT_USAGE, "option '%s' needs a value", argv[optind - 1]);
		default:
		bad:
			return dzerr_set(err, DZ_EXIT_USAGE, "unknown option '%s'; see --help", argv[optind - 1]);
		}
	}
	if (config && config_load(&a->cfg, config, err) < 0)
		return -1;

	optind = 1;
	while ((c = getopt_long(argc, argv, "-j:q", longopts, NULL)) != -1) {
		const char *v = optarg;
		int rc = 0;
		switch (c) {
		case O_ROSTER: rc = config_add_source(&a->cfg, "roster", v, "--roster", err); break;
		case O_HOUSEHOLD: rc = config_add_source(&a->cfg, "household", v, "--household", err); break;
		case O_SOURCE: {
			const char *eq = strchr(v, '=');
			if (!eq || eq == v || !eq[1])
				return dzerr_set(err, DZ_EXIT_USAGE, "--source wants KIND=FILE, not '%s'", v);
			char *kind = xmemdup0(v, (size_t)(eq - v));
			rc = config_add_source(&a->cfg, kind, eq + 1, "--source", err);
			free(kind);
			break;
		}
		case O_TOWNSHIP: {
			const char *eq = strchr(v, '=');
			if (!eq || eq == v || !eq[1])
				return dzerr_set(err, DZ_EXIT_USAGE, "--township wants ALIAS=NAME, not '%s'", v);
			add_township(&a->cfg, v, (size_t)(eq - v), eq + 1);
			break;
		}
		case O_SET: {
			const char *eq = strchr(v, '=');
			if (!eq || eq == v)
				return dzerr_set(err, DZ_EXIT_USAGE, "--set wants KEY=VALUE, not '%s'", v);
			char *key = xmemdup0(v, (size_t)(eq - v));
			rc = config_set(&a->cfg, key, eq + 1, "--set", err);
			free(key);
			break;
		}
		default:
			break;
		}
		if (rc < 0)
			return -1;
	}
	if (period)
		set_str(&a->cfg.period, period);
	if (!a->cfg.period) {
		char p[8];
		period_previous_month(p);
		set_str(&a->cfg.period, p);
	}
	if (out)
		set_str(&a->cfg.out, out);
	if (exemptions)
		set_str(&a->cfg.exemptions, exemptions);
	if (!a->cfg.out)
		set_str(&a->cfg.out, "dz-out");
	if (ledger && no_ledger)
		return dzerr_set(err, DZ_EXIT_USAGE, "--ledger and --no-ledger exclude each other");
	if (ledger)
		set_str(&a->cfg.ledger, ledger);   /* relative to the working folder */
	a->cfg.no_ledger = no_ledger;
	int y, m;
	if (!parse_period(a->cfg.period, &y, &m))
		return dzerr_set(err, DZ_EXIT_USAGE, "period '%s' is not YYYY-MM", a->cfg.period);
	return 0;
}

void runargs_release(runargs *a)
{
	config_release(&a->cfg);
	free(a->rest);
	a->rest = NULL;
}
