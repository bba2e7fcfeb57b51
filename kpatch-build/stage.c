// SPDX-License-Identifier: GPL-2.0
/* Progress: one line per stage on stderr, with elapsed time. */
#include <json-c/json.h>
#include <time.h>

#include "context.h"
#include "run.h"
#include "stage.h"

struct stage {
	const char *name;
	double start, seconds;
};

static struct stage stages[32];
static size_t nr_stages;
static double t0;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

void stage_begin(const char *what)
{
	struct stage *s;

	if (!t0)
		t0 = now();
	stage_end();
	if (nr_stages == ARRAY_SIZE(stages))
		die("too many stages");
	s = &stages[nr_stages++];
	s->name = what;
	s->start = now();
	s->seconds = -1;
	fprintf(stderr, "%s: [%6.1fs] %s\n", progname, s->start - t0, what);
	log_printf("### %s\n", what);
}

void stage_end(void)
{
	if (nr_stages && stages[nr_stages - 1].seconds < 0)
		stages[nr_stages - 1].seconds = now() - stages[nr_stages - 1].start;
}

double stage_elapsed_total(void)
{
	return t0 ? now() - t0 : 0;
}

void stages_to_json(void *array)
{
	stage_end();
	for (size_t i = 0; i < nr_stages; i++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "stage", json_object_new_string(stages[i].name));
		json_object_object_add(o, "seconds", json_object_new_double(stages[i].seconds));
		json_object_array_add(array, o);
	}
}
