// SPDX-License-Identifier: GPL-2.0
/*
 * Running the jobs of --kernels here: so many kernels at once, each one's
 * output in OUTPUT/RELEASE.log, and a progress display on stderr: a line
 * redrawn on a terminal, a line per event otherwise (CI logs).  A signal
 * stops the kernels that run (their own cleanup runs); the rest wait for
 * the next run, which resumes.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "context.h"
#include "disk.h"
#include "kernels-report.h"
#include "kernels-run.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The last stage the job's kpatch-build printed: "kpatch-build: [  1.2s] STAGE". */
static char *stage_of(const struct kjob *j)
{
	char *text = read_file(j->log, NULL), *last = NULL, *p, *stage;

	for (p = text; p && (p = strstr(p, "kpatch-build: [")); p++)
		last = p;
	if (!last || !(p = strstr(last, "] "))) {
		free(text);
		return NULL;
	}
	stage = strndup(p + 2, strcspn(p + 2, "\n"));
	free(text);
	return stage;
}

static void count(const struct kjobs *all, size_t n[3])
{
	n[0] = n[1] = n[2] = 0;
	for (size_t i = 0; i < all->nr; i++) {
		enum kresult r = all->v[i].result;

		n[r == K_WAITING ? 2 : r == K_RUNNING ? 1 : 0]++;
	}
}

/* On a terminal one line, redrawn; in a log a line per change. */
static void progress(const struct kjobs *all, const struct kjob *changed, bool tty)
{
	size_t n[3];

	if (!tty) {
		if (changed && changed->result == K_RUNNING)
			fprintf(stderr, "%s: %s: %s\n", progname, changed->release,
				changed->stage ? changed->stage : "started");
		else if (changed)
			fprintf(stderr, "%s: %s: %s (%.0f s)%s%s\n", progname, changed->release,
				result_name(changed->result), changed->seconds,
				changed->reason ? ": " : "", changed->reason ? changed->reason : "");
		return;
	}
	count(all, n);
	fprintf(stderr, "\r\033[K%s: kernels %zu finished, %zu running, %zu waiting", progname,
		n[0], n[1], n[2]);
	for (size_t i = 0; i < all->nr; i++)
		if (all->v[i].result == K_RUNNING)
			fprintf(stderr, " | %s: %s", all->v[i].release,
				all->v[i].stage ? all->v[i].stage : "starting");
	if (changed && changed->result != K_RUNNING)
		fprintf(stderr, "\n%s: %s: %s\n", changed->release, result_name(changed->result),
			changed->reason ? changed->reason : "");
}

static void start(struct kjob *j, const char *name, int jobs)
{
	char *j_arg = xasprintf("-j%d", jobs);
	char *ko = xasprintf("%s/%s.ko", j->dir, name);
	struct strlist args = { 0 };

	/* An earlier run's module is not this run's: it must not outlive a failure. */
	unlink(ko);
	unlink(j->report);
	unlink(j->keyfile);
	free(ko);
	write_file(j->log, "", 0);
	/* -j after the command's first word: the key holds the rest. */
	strlist_add(&args, j->cmd.args.v[0]);
	strlist_add(&args, j_arg);
	for (size_t i = 1; i < j->cmd.args.nr; i++)
		strlist_add(&args, j->cmd.args.v[i]);
	strlist_free(&j->cmd.args);
	j->cmd.args = args;
	free(j_arg);
	j->cmd.out = xstrdup(j->log);
	j->cmd.err = xstrdup(j->log);
	j->start = now();
	j->pid = start_cmd(NULL, &j->cmd);
	j->result = K_RUNNING;
}

static void finish_job(struct kjob *j, int code, kjob_done done)
{
	j->seconds = now() - j->start;
	j->pid = 0;
	done(j, code);
	if (j->result != K_INTERRUPTED)
		write_file(j->keyfile, j->key, strlen(j->key));
}

static struct kjob *job_of(struct kjobs *all, pid_t pid)
{
	for (size_t i = 0; i < all->nr; i++)
		if (all->v[i].pid == pid)
			return &all->v[i];
	return NULL;
}

/* Whether a running job's stage moved on. */
static struct kjob *new_stage(struct kjobs *all)
{
	for (size_t i = 0; i < all->nr; i++) {
		struct kjob *j = &all->v[i];
		char *stage;

		if (j->result != K_RUNNING || !(stage = stage_of(j)))
			continue;
		if (j->stage && !strcmp(stage, j->stage)) {
			free(stage);
			continue;
		}
		free(j->stage);
		j->stage = stage;
		return j;
	}
	return NULL;
}

void run_jobs(struct kjobs *all, int kjobs, int jobs, kjob_done done)
{
	bool tty = isatty(2);
	size_t next = 0;
	int running = 0;

	/* A reader of the progress that went away (tee stopped by ^C) is no reason to die. */
	signal(SIGPIPE, SIG_IGN);

	for (size_t i = 0; i < all->nr; i++)
		if (all->v[i].reused)
			fprintf(stderr, "%s: %s: %s by an earlier run, same patches and options\n",
				progname, all->v[i].release, result_name(all->v[i].result));
	for (;;) {
		struct kjob *j;
		pid_t pid;
		int code;

		while (!interrupted && running < kjobs && next < all->nr) {
			j = &all->v[next++];
			if (j->result != K_WAITING)
				continue;
			start(j, all->name, jobs);
			running++;
			progress(all, j, tty);
		}
		if (!running)
			break;
		if ((pid = reap_any(&code)) && (j = job_of(all, pid))) {
			finish_job(j, code, done);
			running--;
			progress(all, j, tty);
		} else if ((j = new_stage(all))) {
			progress(all, j, tty);
		} else {
			nanosleep(&(struct timespec){ .tv_nsec = 200000000 }, NULL);
		}
	}
	if (tty)
		fputc('\n', stderr);
}
