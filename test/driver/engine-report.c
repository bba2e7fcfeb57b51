// SPDX-License-Identifier: GPL-2.0
/*
 * lib/engine-report.c: what the engine writes the driver reads back the
 * same, and a malformed report is an error naming its line, never a
 * partly filled report.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "engine-report.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)

static char *written(const struct engine_report *r, int *ret)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *f = open_memstream(&buf, &size);

	*ret = engine_report_write(r, f);
	fclose(f);
	return buf;
}

static void round_trip(void)
{
	struct engine_report r = { 0 }, back = { 0 };
	char *text, *again, *err;
	int ret;

	report_add_func(&r, "cmdline_proc_show", false);
	report_add_func(&r, "klp_new_helper", true);
	report_add_replaced(&r, "cmdline_proc_show", 2, "xxh128:00112233445566778899aabbccddeeff");
	strlist_add(&r.data, "klp_new_table");
	strlist_add(&r.shadow, "7");
	strlist_add(&r.shadow, "?");
	report_add_state(&r, 1, 3);
	report_add_ref(&r, "lp_base", "pair_g");
	report_add_ref(&r, "lp_base", "pair_g");
	CHECK(r.nr_refs == 1);
	strlist_add(&r.namespaces, "KLP_TEST");
	text = written(&r, &ret);
	CHECK(ret == 0);
	err = engine_report_read(text, &back);
	CHECK(!err);
	CHECK(back.nr_funcs == 2 && !back.funcs[0].is_new && back.funcs[1].is_new);
	CHECK(!strcmp(back.funcs[1].name, "klp_new_helper"));
	CHECK(back.nr_replaced == 1 && back.replaced[0].sympos == 2);
	CHECK(!strcmp(back.replaced[0].hash, "xxh128:00112233445566778899aabbccddeeff"));
	CHECK(back.data.nr == 1 && back.shadow.nr == 2 && !strcmp(back.shadow.v[1], "?"));
	CHECK(back.nr_states == 1 && back.states[0].id == 1 && back.states[0].version == 3);
	CHECK(back.nr_refs == 1 && !strcmp(back.refs[0].base, "lp_base"));
	CHECK(back.namespaces.nr == 1 && !strcmp(back.namespaces.v[0], "KLP_TEST"));
	CHECK(report_has_changed(&back, "cmdline_proc_show"));
	CHECK(!report_has_changed(&back, "klp_new_helper"));
	again = written(&back, &ret);
	CHECK(ret == 0 && !strcmp(text, again));
	free(err);
	free(text);
	free(again);
	engine_report_free(&r);
	engine_report_free(&back);
}

/* A name the format cannot hold is refused by the writer. */
static void unwritable(void)
{
	struct engine_report r = { 0 };
	char *text;
	int ret;

	report_add_func(&r, "a\tb", false);
	errno = 0;
	text = written(&r, &ret);
	CHECK(ret == -1 && errno == EINVAL);
	free(text);
	engine_report_free(&r);
}

static void malformed(void)
{
	static const char *const bad[] = {
		"",
		"changed\tf\n",
		"create-diff-object report 2\nchanged\tf\n",
		"create-diff-object report 1\nchanged\n",
		"create-diff-object report 1\nchanged\tf\tg\n",
		"create-diff-object report 1\nchanged\t\n",
		"create-diff-object report 1\nremoved\tf\n",
		"create-diff-object report 1\nreplaces\tf\tone\txxh128:0\n",
		"create-diff-object report 1\nreplaces\tf\t-1\txxh128:0\n",
		"create-diff-object report 1\nstate\t1\n",
		"create-diff-object report 1\nstate\t1\t99999999999999999999999\n",
		"create-diff-object report 1\nshadow\tid\n",
		"create-diff-object report 1\nchanged\tf\nnew\n",
		"create-diff-object report 1\nnamespace\n",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct engine_report r = { 0 };
		char *err = engine_report_read(bad[i], &r);

		if (!err)
			fprintf(stderr, "accepted: '%s'\n", bad[i]);
		CHECK(err);
		CHECK(r.nr_funcs == 0);
		free(err);
		engine_report_free(&r);
	}
}

int main(void)
{
	progname = "engine-report";
	round_trip();
	unwritable();
	malformed();
	if (failures)
		return 1;
	printf("engine-report: ok\n");
	return 0;
}
