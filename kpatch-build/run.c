// SPDX-License-Identifier: GPL-2.0
/*
 * Running the tools kpatch-build drives (make, gcc, patch, ld and ours),
 * with their output in the run's log, and failing with the log's tail.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kpatch-build.h"

static int log_fd = -1;

static void log_open(void)
{
	if (log_fd >= 0 || !kpb->log)
		return;
	log_fd = open(kpb->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (log_fd < 0)
		die("%s: %s", kpb->log, strerror(errno));
}

void log_printf(const char *fmt, ...)
{
	va_list ap;

	log_open();
	if (log_fd < 0)
		return;
	va_start(ap, fmt);
	vdprintf(log_fd, fmt, ap);
	va_end(ap);
}

static void log_argv(const char *dir, char *const argv[])
{
	log_printf("$ cd %s &&", dir ? dir : ".");
	for (size_t i = 0; argv[i]; i++)
		log_printf(" %s", argv[i]);
	log_printf("\n");
}

volatile sig_atomic_t interrupted;

/* Children run in process groups of their own: a signal goes to them all. */
#define MAX_CHILDREN 256
static volatile pid_t children[MAX_CHILDREN];

static void track(pid_t pid, bool add)
{
	for (size_t i = 0; i < MAX_CHILDREN; i++) {
		if (add ? !children[i] : children[i] == pid) {
			children[i] = add ? pid : 0;
			return;
		}
	}
}

static void on_signal(int sig)
{
	/* Pass it on to the builds we run, then stop at the next wait. */
	for (size_t i = 0; i < MAX_CHILDREN; i++)
		if (children[i])
			kill(-children[i], SIGTERM);
	interrupted = sig;
}

void catch_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* Children that run_units reaped while it waited for its own. */
static struct {
	pid_t pid;
	int status;
} reaped[MAX_CHILDREN];

static void stash(pid_t pid, int status)
{
	for (size_t i = 0; i < MAX_CHILDREN; i++) {
		if (!reaped[i].pid) {
			reaped[i].pid = pid;
			reaped[i].status = status;
			return;
		}
	}
	die("too many children");
}

static bool unstash(pid_t pid, int *status)
{
	for (size_t i = 0; i < MAX_CHILDREN; i++) {
		if (reaped[i].pid == pid) {
			*status = reaped[i].status;
			reaped[i].pid = 0;
			return true;
		}
	}
	return false;
}

static int wait_for(pid_t pid)
{
	int status;

	if (!unstash(pid, &status))
		while (waitpid(pid, &status, 0) < 0)
			if (errno != EINTR)
				die("waitpid: %s", strerror(errno));
	track(pid, false);
	if (interrupted)
		fail(EXIT_INTERRUPTED, "interrupted by signal %d; the source tree is untouched",
		     (int)interrupted);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static pid_t spawn(const char *dir, char *const argv[], char *const envp[], int out_fd)
{
	pid_t pid;

	log_open();
	log_argv(dir, argv);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		int err_fd = log_fd >= 0 ? log_fd : 2;

		setpgid(0, 0);
		if (dir && chdir(dir))
			_exit(127);
		dup2(out_fd >= 0 ? out_fd : err_fd, 1);
		dup2(err_fd, 2);
		if (envp)
			execvpe(argv[0], argv, envp);
		else
			execvp(argv[0], argv);
		dprintf(2, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	track(pid, true);
	if (interrupted)
		kill(-pid, SIGTERM);
	return pid;
}

int run(const char *dir, char *const argv[])
{
	return wait_for(spawn(dir, argv, NULL, -1));
}

int run_env(const char *dir, char *const argv[], char *const envp[])
{
	return wait_for(spawn(dir, argv, envp, -1));
}

pid_t start_env(const char *dir, char *const argv[], char *const envp[])
{
	return spawn(dir, argv, envp, -1);
}

int finish(pid_t pid)
{
	return wait_for(pid);
}

/*
 * make -C dir, with what every kbuild run needs to match the running
 * kernel (the compiler it was built with, its release if the tree does not
 * compute it), then args (NULL-terminated).
 */
char **make_argv(const char *dir, char *const args[])
{
	size_t nargs = 0, n = 0;
	char **argv;

	while (args[nargs])
		nargs++;
	argv = xcalloc(3 + kpb->make_vars.nr + nargs + 1, sizeof(*argv));
	argv[n++] = "make";
	argv[n++] = "-C";
	argv[n++] = (char *)dir;
	for (size_t i = 0; i < kpb->make_vars.nr; i++)
		argv[n++] = kpb->make_vars.v[i];
	for (size_t i = 0; i < nargs; i++)
		argv[n++] = args[i];
	return argv;
}

int run_make(const char *dir, char *const args[])
{
	char **argv = make_argv(dir, args);
	int status = run(NULL, argv);

	free(argv);
	return status;
}

/* The same variables as shell words, for commands run through sh -c. */
char *make_vars_words(void)
{
	char *out = xstrdup("");

	for (size_t i = 0; i < kpb->make_vars.nr; i++) {
		str_appendf(&out, " '%s'", kpb->make_vars.v[i]);
	}
	return out;
}

int run_shell(const char *dir, const char *cmd)
{
	char *argv[] = { "/bin/sh", "-c", (char *)cmd, NULL };

	return run(dir, argv);
}

/* A child's stdout, and its exit status in *status. */
static char *capture(const char *dir, char *const argv[], int *status)
{
	int fds[2];
	char *buf = NULL;
	size_t len = 0, alloc = 0;
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		die("pipe: %s", strerror(errno));
	pid = spawn(dir, argv, NULL, fds[1]);
	close(fds[1]);
	for (;;) {
		ssize_t n;

		GROW(buf, alloc, len + 4096);
		n = read(fds[0], buf + len, 4096);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += n;
	}
	close(fds[0]);
	buf[len] = '\0';
	*status = wait_for(pid);
	return buf;
}

char *run_capture(const char *dir, char *const argv[])
{
	int status;
	char *buf = capture(dir, argv, &status);

	if (status) {
		free(buf);
		return NULL;
	}
	return buf;
}

char *run_capture_any(const char *dir, char *const argv[])
{
	int status;

	return capture(dir, argv, &status);
}

static bool own_unit(const pid_t *pids, size_t n, pid_t pid)
{
	for (size_t i = 0; i < n; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

void run_units(char *(*command)(struct unit *), const char *what)
{
	pid_t *pids = xcalloc(kpb->nr_units, sizeof(*pids));
	size_t next = 0, running = 0;

	while (next < kpb->nr_units || running) {
		if (next < kpb->nr_units && running < (size_t)kpb->jobs) {
			char *cmd = command(&kpb->units[next]);
			char *argv[] = { "/bin/sh", "-c", cmd, NULL };

			log_printf("%s %s\n", what, kpb->units[next].obj);
			pids[next++] = spawn(kpb->objdir, argv, NULL, -1);
			running++;
			free(cmd);
			continue;
		}
		{
			int status;
			pid_t pid = waitpid(-1, &status, 0);

			if (interrupted)
				fail(EXIT_INTERRUPTED, "interrupted by signal %d; the source tree is untouched",
				     (int)interrupted);
			if (pid < 0) {
				if (errno == EINTR)
					continue;
				die("waitpid: %s", strerror(errno));
			}
			if (!own_unit(pids, next, pid)) {
				stash(pid, status);
				continue;
			}
			track(pid, false);
			for (size_t i = 0; i < next; i++) {
				if (pids[i] != pid)
					continue;
				kpb->units[i].status = WIFSIGNALED(status) ? 128 + WTERMSIG(status)
									  : WEXITSTATUS(status);
				pids[i] = 0;
				running--;
			}
		}
	}
	free(pids);
}

void write_file(const char *path, const char *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0 || write(fd, data, size) != (ssize_t)size || close(fd))
		die("%s: %s", path, strerror(errno));
}

bool file_exists(const char *path)
{
	return !access(path, F_OK);
}

void remove_tree(const char *path)
{
	char *argv[] = { "rm", "-rf", "--", (char *)path, NULL };

	if (path && *path && run(NULL, argv))
		warn("could not remove %s", path);
}

/* The last lines of the log, for a failure message. */
static void print_log_tail(int lines)
{
	size_t size;
	char *text = kpb->log ? read_file(kpb->log, &size) : NULL;
	char *p;

	if (!text || !size)
		return;
	p = text + size;
	while (p > text && lines >= 0)
		if (*--p == '\n')
			lines--;
	fprintf(stderr, "%s: last lines of %s:\n%s", progname, kpb->log,
		p == text ? p : p + 1);
	free(text);
}

/* Nothing started in the background outlives a failure. */
static void stop_children(void)
{
	for (size_t i = 0; i < MAX_CHILDREN; i++) {
		if (!children[i])
			continue;
		kill(-children[i], SIGTERM);
		waitpid(children[i], NULL, 0);
		children[i] = 0;
	}
}

void fail(int code, const char *fmt, ...)
{
	static bool failing;
	va_list ap;
	char *reason;

	/* Cleaning up runs commands too: they must not fail again. */
	if (failing)
		exit(code);
	failing = true;
	interrupted = 0;
	va_start(ap, fmt);
	if (vasprintf(&reason, fmt, ap) < 0)
		reason = NULL;
	va_end(ap);
	fprintf(stderr, "%s: error: %s\n", progname, reason ? reason : fmt);
	if (code == EXIT_BUILD || code == EXIT_ERROR)
		print_log_tail(20);
	if (kpb->log)
		fprintf(stderr, "%s: full log: %s%s\n", progname, kpb->log,
			kpb->skip_cleanup || (code != EXIT_BUILD && code != EXIT_ERROR) ? "" :
			" (--skip-cleanup keeps the work directory too)");
	stop_children();
	write_report(code, reason);
	if (!kpb->skip_cleanup && kpb->workdir)
		remove_tree(kpb->workdir);
	exit(code);
}
