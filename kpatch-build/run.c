// SPDX-License-Identifier: GPL-2.0
/*
 * Running the tools kpatch-build drives (make, gcc, patch, ld and ours),
 * with their output in the run's log, and failing with the log's tail.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "context.h"
#include "disk.h"
#include "run.h"

static int log_fd = -1;
static const char *log_path;

void log_to(const char *path)
{
	log_path = path;
}

static void log_open(void)
{
	if (log_fd >= 0 || !log_path)
		return;
	log_fd = open_for_writing(log_path, O_APPEND);
	if (log_fd < 0)
		die("%s: %s", log_path, strerror(errno));
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
static volatile pid_t children[MAX_JOBS];

static void track(pid_t pid, bool add)
{
	for (size_t i = 0; i < MAX_JOBS; i++) {
		if (add ? !children[i] : children[i] == pid) {
			children[i] = add ? pid : 0;
			return;
		}
	}
}

static void on_signal(int sig)
{
	/* Pass it on to the builds we run, then stop at the next wait. */
	for (size_t i = 0; i < MAX_JOBS; i++)
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
} reaped[MAX_JOBS];

static void stash(pid_t pid, int status)
{
	for (size_t i = 0; i < MAX_JOBS; i++) {
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
	for (size_t i = 0; i < MAX_JOBS; i++) {
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

/* In the child: a standard stream from or to a file. */
static void redirect(const char *path, int fd, int flags)
{
	int file;

	if (!path)
		return;
	file = open(path, flags | O_CLOEXEC, 0644);
	if (file < 0 || dup2(file, fd) < 0) {
		dprintf(2, "%s: %s\n", path, strerror(errno));
		_exit(127);
	}
}

static pid_t spawn(const char *dir, char *const argv[], char *const envp[], int out_fd,
		   const struct cmd *io)
{
	pid_t pid;

	pid_t parent = getpid();

	log_open();
	log_argv(dir, argv);
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (!pid) {
		int err_fd = log_fd >= 0 ? log_fd : 2;

		setpgid(0, 0);
		/* Its own group is out of reach of a kill of ours: it dies with us. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(127);
		signal(SIGPIPE, SIG_DFL);
		if (dir && chdir(dir))
			_exit(127);
		dup2(out_fd >= 0 ? out_fd : err_fd, 1);
		dup2(err_fd, 2);
		if (io) {
			redirect(io->in, 0, O_RDONLY);
			redirect(io->err, 2, O_WRONLY | O_CREAT | O_TRUNC);
			/* Both into one file: one open, one offset. */
			if (io->out && io->err && !strcmp(io->out, io->err))
				dup2(2, 1);
			else
				redirect(io->out, 1, O_WRONLY | O_CREAT | O_TRUNC);
		}
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

void cmd_add(struct cmd *c, const char *arg)
{
	strlist_add(&c->args, arg);
}

void cmd_args(struct cmd *c, ...)
{
	va_list ap;

	va_start(ap, c);
	for (const char *arg; (arg = va_arg(ap, const char *));)
		cmd_add(c, arg);
	va_end(ap);
}

char **cmd_argv(struct cmd *c)
{
	GROW(c->args.v, c->args.alloc, c->args.nr);
	c->args.v[c->args.nr] = NULL;
	return c->args.v;
}

/*
 * A shell command line that kbuild wrote (it may chain commands): each
 * PARAM(n) marker in it becomes a reference to the shell's positional
 * parameter n, quoted for where it stands, and values[n - 1] is passed
 * as that parameter.  Paths reach the shell as arguments, never as text.
 */
void cmd_script(struct cmd *c, const char *script, const char *const values[], size_t n)
{
	char *bound = xstrdup("");
	char quote = 0;

	for (const char *p = script; *p; p++) {
		if (*p == '\001' && p[1] >= '1' && p[1] <= '9') {
			const char *fmt = quote == '\'' ? "'\"${%c}\"'" : quote ? "${%c}" : "\"${%c}\"";

			str_appendf(&bound, fmt, *++p);
			continue;
		}
		if (*p == '\\' && quote != '\'' && p[1]) {
			str_appendf(&bound, "%c%c", p[0], p[1]);
			p++;
			continue;
		}
		if ((*p == '\'' || *p == '"') && (!quote || quote == *p))
			quote = quote ? 0 : *p;
		str_appendf(&bound, "%c", *p);
	}
	cmd_add(c, "/bin/sh");
	cmd_add(c, "-c");
	cmd_add(c, bound);
	cmd_add(c, "sh");
	for (size_t i = 0; i < n; i++)
		cmd_add(c, values[i]);
	free(bound);
}

void cmd_free(struct cmd *c)
{
	strlist_free(&c->args);
	free(c->in);
	free(c->out);
	free(c->err);
	memset(c, 0, sizeof(*c));
}

pid_t start_cmd(const char *dir, struct cmd *c)
{
	return spawn(dir, cmd_argv(c), NULL, -1, c);
}

pid_t reap_any(int *code)
{
	int status;
	pid_t pid = waitpid(-1, &status, WNOHANG);

	if (pid <= 0)
		return 0;
	track(pid, false);
	*code = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
	return pid;
}

int run_cmd(const char *dir, struct cmd *c)
{
	return wait_for(spawn(dir, cmd_argv(c), NULL, -1, c));
}

int run_argv(const char *dir, char *const argv[])
{
	return wait_for(spawn(dir, argv, NULL, -1, NULL));
}

int run_env(const char *dir, char *const argv[], char *const envp[])
{
	return wait_for(spawn(dir, argv, envp, -1, NULL));
}

pid_t start_env(const char *dir, char *const argv[], char *const envp[])
{
	return spawn(dir, argv, envp, -1, NULL);
}

int finish(pid_t pid)
{
	return wait_for(pid);
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
	pid = spawn(dir, argv, NULL, fds[1], NULL);
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

char *run_capture_any(const char *dir, char *const argv[], int *status)
{
	int ignored;

	return capture(dir, argv, status ? status : &ignored);
}

static bool own_unit(const pid_t *pids, size_t n, pid_t pid)
{
	for (size_t i = 0; i < n; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

void run_units(struct unit *units, size_t nr, int jobs, const char *dir,
	       void (*command)(struct unit *, struct cmd *, void *arg), void *arg, const char *what)
{
	pid_t *pids = xcalloc(nr, sizeof(*pids));
	size_t next = 0, running = 0;

	while (next < nr || running) {
		if (next < nr && running < (size_t)jobs) {
			struct cmd cmd = { 0 };

			command(&units[next], &cmd, arg);
			log_printf("%s %s\n", what, units[next].obj);
			pids[next++] = spawn(dir, cmd_argv(&cmd), NULL, -1, &cmd);
			running++;
			cmd_free(&cmd);
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
				units[i].status = WIFSIGNALED(status) ? 128 + WTERMSIG(status)
									  : WEXITSTATUS(status);
				pids[i] = 0;
				running--;
			}
		}
	}
	free(pids);
}

void remove_tree(const char *path)
{
	char *argv[] = { "rm", "-rf", "--", (char *)path, NULL };

	if (path && *path && run_argv(NULL, argv))
		warn("could not remove %s", path);
}

/* The last lines of the log, for a failure message. */
static void print_log_tail(int lines)
{
	size_t size;
	char *text = log_path ? read_file(log_path, &size) : NULL;
	char *p;

	if (!text || !size)
		return;
	p = text + size;
	while (p > text && lines >= 0)
		if (*--p == '\n')
			lines--;
	fprintf(stderr, "%s: last lines of %s:\n%s", progname, log_path,
		p == text ? p : p + 1);
	free(text);
}

/* Nothing started in the background outlives a failure. */
static void stop_children(void)
{
	for (size_t i = 0; i < MAX_JOBS; i++) {
		if (!children[i])
			continue;
		kill(-children[i], SIGTERM);
		waitpid(children[i], NULL, 0);
		children[i] = 0;
	}
}

/*
 * What a failure does to the run before the report (fail.h's wind-up,
 * main.c): the log's tail, no children left, no half-written file.
 */
void stop_run(int code, bool keep_workdir)
{
	/* Cleaning up runs commands too: an earlier signal must not stop them. */
	interrupted = 0;
	if (code == EXIT_BUILD || code == EXIT_ERROR)
		print_log_tail(20);
	if (log_path)
		fprintf(stderr, "%s: full log: %s%s\n", progname, log_path,
			keep_workdir || (code != EXIT_BUILD && code != EXIT_ERROR) ? "" :
			" (--skip-cleanup keeps the work directory too)");
	stop_children();
	tmpfile_remove();
}
