// SPDX-License-Identifier: GPL-2.0
/*
 * kpatch-build/manifest-json.c: a manifest written and read back is the
 * same manifest (the same JSON, the same identity), and one that is not
 * what the writer makes is refused with what is wrong.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "manifest.h"

static int failures;

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)

static void fill(struct manifest *m)
{
	struct manifest_object *o;
	struct manifest_group *g;

	m->name = xstrdup("lp-fix");
	m->replace = true;
	m->version = xstrdup("5");
	m->release = xstrdup("6.1.0-56-amd64");
	m->build_id = xstrdup("0123abcd");
	manifest_add_patch(m, "a.patch", "xxh128:aa", "official-v5");
	manifest_add_patch(m, "b.patch", "xxh128:bb", NULL);
	g = manifest_add_group(m, "base", "official-v5");
	strlist_add(&g->patches, "a.patch");
	o = manifest_object(m, "vmlinux");
	manifest_add_func(o, "cmdline_proc_show", 0, "xxh128:cc");
	strlist_add(&o->new_functions, "klp_helper");
	o = manifest_object(m, "klp_testmod");
	manifest_add_func(o, "jhash", 2, "xxh128:dd");
	strlist_add(&o->new_data, "klp_table");
	CHECK(manifest_object(m, "vmlinux") == &m->objects[0]);
	strlist_add(&m->shadow_ids, "7");
	manifest_add_state(m, 1, 2, "fs/proc/cmdline.o");
	manifest_add_base(m, "lp-a", "dependent", "xxh128:ee");
	manifest_add_base(m, "lp-b", "independent", NULL);
	manifest_add_superseded(m, "lp-old", "replace", NULL);
	manifest_add_superseded(m, "lp-hot", "stacked", "included: hot.patch");
	strlist_add(&m->dropped, "vmlinux/gone,1");
}

static char *text_of(const struct manifest *m, bool identity)
{
	json_object *j = manifest_to_json(m);
	char *t;

	if (identity) {
		char *id = manifest_identity(j);

		json_object_object_add(j, "identity", json_object_new_string(id));
		free(id);
	}
	t = xstrdup(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY));
	json_object_put(j);
	return t;
}

static void round_trip(void)
{
	struct manifest m = { 0 }, back = { 0 };
	char *text, *again, *err;

	fill(&m);
	text = text_of(&m, true);
	err = manifest_parse(text, &back);
	CHECK(!err);
	CHECK(back.replace && !strcmp(back.name, "lp-fix") && !strcmp(back.version, "5"));
	CHECK(back.nr_patches == 2 && !back.patches[1].group && !strcmp(back.patches[0].group, "official-v5"));
	CHECK(back.nr_groups == 1 && back.groups[0].patches.nr == 1);
	CHECK(back.nr_objects == 2 && !strcmp(back.objects[1].objname, "klp_testmod"));
	CHECK(back.objects[1].funcs[0].sympos == 2);
	CHECK(manifest_replaces(&back, "klp_testmod", "jhash"));
	CHECK(!manifest_replaces(&back, "vmlinux", "jhash"));
	CHECK(manifest_replaces(&back, NULL, "jhash"));
	CHECK(manifest_find_object(&back, "vmlinux") && !manifest_find_object(&back, "ext4"));
	CHECK(back.nr_states == 1 && back.states[0].version == 2);
	CHECK(back.nr_bases == 2 && !back.bases[1].identity);
	CHECK(back.nr_supersedes == 2 && !strcmp(back.supersedes[1].hotfix, "included: hot.patch"));
	CHECK(back.identity && !strcmp(back.identity, back.read_identity));
	again = text_of(&back, false);
	{
		/* back holds its identity: written again, the text is the same */
		CHECK(!strcmp(text, again));
	}
	free(again);
	free(err);
	free(text);
	manifest_free(&m);
	manifest_free(&back);
}

/* An edited manifest no longer has the identity it records. */
static void edited(void)
{
	struct manifest m = { 0 }, back = { 0 };
	char *text, *p, *err;

	fill(&m);
	text = text_of(&m, true);
	p = strstr(text, "xxh128:cc");
	p[8] = 'd';
	err = manifest_parse(text, &back);
	CHECK(!err);
	CHECK(strcmp(back.identity, back.read_identity));
	free(err);
	free(text);
	manifest_free(&m);
	manifest_free(&back);
}

static void malformed(void)
{
	static const char *const bad[][2] = {
		{ "[]", "not a JSON object" },
		{ "{", "not a JSON object" },
		{ "{\"format\":2,\"name\":\"x\",\"mode\":\"replace\",\"kernel\":{\"release\":\"r\"},\"patches\":[],\"objects\":{}}", "format 2" },
		{ "{\"format\":1,\"mode\":\"replace\",\"kernel\":{\"release\":\"r\"},\"patches\":[],\"objects\":{}}", "'name' is missing" },
		{ "{\"format\":1,\"name\":\"x\",\"mode\":\"both\",\"kernel\":{\"release\":\"r\"},\"patches\":[],\"objects\":{}}", "mode 'both'" },
		{ "{\"format\":1,\"name\":\"x\",\"mode\":\"replace\",\"kernel\":{},\"patches\":[],\"objects\":{}}", "'release' is missing" },
		{ "{\"format\":1,\"name\":\"x\",\"mode\":\"replace\",\"kernel\":{\"release\":\"r\"},\"patches\":{},\"objects\":{}}", "'patches' is not a array" },
		{ "{\"format\":1,\"name\":\"x\",\"mode\":\"replace\",\"kernel\":{\"release\":\"r\"},\"patches\":[3],\"objects\":{}}", "not a object" },
		{ "{\"format\":1,\"name\":\"x\",\"mode\":\"replace\",\"kernel\":{\"release\":\"r\"},\"patches\":[],\"objects\":{\"vmlinux\":{\"functions\":[{\"name\":\"f\",\"sympos\":-1,\"hash\":\"h\"}]}}}", "'sympos' is negative" },
		{ "{\"format\":1,\"name\":\"x\",\"mode\":\"replace\",\"kernel\":{\"release\":\"r\"},\"patches\":[],\"objects\":{\"vmlinux\":{\"functions\":[{\"name\":\"f\",\"sympos\":\"1\",\"hash\":\"h\"}]}}}", "'sympos' is not a int" },
		{ "{\"format\":1,\"name\":\"x\",\"mode\":\"replace\",\"kernel\":{\"release\":\"r\"},\"patches\":[],\"objects\":{\"vmlinux\":7}}", "object 'vmlinux'" },
		{ "{\"format\":1,\"name\":\"x\",\"mode\":\"replace\",\"kernel\":{\"release\":\"r\"},\"patches\":[],\"objects\":{},\"states\":[{\"id\":1}]}", "'version' is missing" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct manifest m = { 0 };
		char *err = manifest_parse(bad[i][0], &m);

		if (!err || !strstr(err, bad[i][1]))
			fprintf(stderr, "%s: got '%s', want '%s'\n", bad[i][0], err ? err : "(accepted)",
				bad[i][1]);
		CHECK(err && strstr(err, bad[i][1]));
		CHECK(!m.name && !m.nr_objects);
		free(err);
		manifest_free(&m);
	}
}

int main(void)
{
	progname = "manifest";
	round_trip();
	edited();
	malformed();
	if (failures)
		return 1;
	printf("manifest: ok\n");
	return 0;
}
