/*
 * zuko-supervisor: PID 1 of every sandbox container.
 *
 * The judge talks to it over the container's attached stdin/stdout: one request in, one
 * result out, as many times as it likes. Each request runs one program in a fresh scratch
 * directory with its own limits, and the result carries measurements taken here with
 * wait4/getrusage (cgroup counters vanish when a process exits, so they cannot be used per run).
 *
 * Why PID 1: inside its PID namespace, init ignores every signal it has no handler for, and
 * SIGKILL/SIGSTOP from inside the namespace always. A submission runs as the same uid (all
 * capabilities are dropped, so there is no other uid to switch to), yet it cannot kill us.
 * Why not dumpable: a non-dumpable process's /proc/<pid>/{fd,mem,environ} are closed to other
 * processes of the same uid, and ptrace is refused, so a submission cannot write forged
 * results into our stdout or read our memory.
 *
 * Request (text header lines, binary blobs sized up front):
 *   run
 *   limit <cpu_ms> <wall_ms> <stack_kb> <fsize_bytes> <stdout_bytes> <stderr_bytes>
 *   arg <len>\n<bytes>\n              (repeated; argv[0] first)
 *   env <len>\n<bytes>\n              (repeated)
 *   file <mode> <namelen> <len>\n<name><bytes>\n
 *   stdin <len>\n<bytes>\n
 *   collect <len>\n<glob>\n           (files of the scratch dir to send back, e.g. "*.class")
 *   end
 * Result:
 *   result
 *   facts <exit> <signal> <cpu_us> <wall_us> <maxrss_kb> <stdout_total> <stderr_total> <killed_by> <oom_kills>
 *   stdout <len>\n<bytes>\n
 *   stderr <len>\n<bytes>\n
 *   file <namelen> <len>\n<name><bytes>\n   (repeated)
 *   end
 * or "error <len>\n<message>\n" when the request itself could not be carried out.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define VERSION "zuko-supervisor 1"
#define SCRATCH "/sandbox/run"
#define MAX_ITEMS 256
#define MAX_COLLECT_BYTES (256L << 20)

typedef struct {
    char *data;
    size_t len;
} blob;

typedef struct {
    long cpu_ms, wall_ms, stack_kb, fsize, stdout_cap, stderr_cap;
    char *argv[MAX_ITEMS + 1];
    int argc;
    char *envp[MAX_ITEMS + 1];
    int envc;
    blob stdin_data;
    char *collect[MAX_ITEMS];
    int ncollect;
} request;

typedef struct {
    char *buf;
    size_t len, cap, total;
} capture;

static int sigchld_pipe[2];
static FILE *in;

static void die(const char *msg) {
    fprintf(stderr, "zuko-supervisor: %s: %s\n", msg, strerror(errno));
    exit(2);
}

static void on_sigchld(int sig) {
    (void)sig;
    int saved = errno;
    ssize_t ignored = write(sigchld_pipe[1], "c", 1);
    (void)ignored;
    errno = saved;
}

static void out_all(const void *data, size_t len) {
    if (len && fwrite(data, 1, len, stdout) != len) die("write to judge");
}

static void out_blob(const char *key, const char *data, size_t len) {
    printf("%s %zu\n", key, len);
    out_all(data, len);
    out_all("\n", 1);
}

static void send_error(const char *fmt, ...) {
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    out_blob("error", msg, strlen(msg));
    fflush(stdout);
}

static char *read_exact(size_t len) {
    char *buf = malloc(len + 1);
    if (!buf) die("out of memory");
    if (len && fread(buf, 1, len, in) != len) die("short read from judge");
    buf[len] = 0;
    return buf;
}

static void expect_newline(void) {
    if (fgetc(in) != '\n') {
        errno = EPROTO;
        die("missing newline after blob");
    }
}

static int write_file(const char *name, const char *data, size_t len, mode_t mode) {
    if (strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, "..") || !*name) return -1;
    char path[4096];
    snprintf(path, sizeof path, SCRATCH "/%s", name);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) return -1;
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);
        if (n <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)n;
    }
    return close(fd);
}

/* Reads one request. Files go straight into the fresh scratch dir. Returns 0 at end of input. */
static int read_request(request *rq, char *err, size_t errlen) {
    char line[512];
    memset(rq, 0, sizeof *rq);
    *err = 0;
    if (!fgets(line, sizeof line, in)) return 0;
    if (strcmp(line, "run\n")) {
        errno = EPROTO;
        die("expected 'run'");
    }
    while (fgets(line, sizeof line, in)) {
        size_t len = 0, namelen = 0;
        unsigned mode = 0;
        if (!strcmp(line, "end\n")) return 1;
        if (sscanf(line, "limit %ld %ld %ld %ld %ld %ld", &rq->cpu_ms, &rq->wall_ms, &rq->stack_kb, &rq->fsize,
                   &rq->stdout_cap, &rq->stderr_cap) == 6)
            continue;
        if (sscanf(line, "arg %zu", &len) == 1 && rq->argc < MAX_ITEMS) {
            rq->argv[rq->argc++] = read_exact(len);
        } else if (sscanf(line, "env %zu", &len) == 1 && rq->envc < MAX_ITEMS) {
            rq->envp[rq->envc++] = read_exact(len);
        } else if (sscanf(line, "stdin %zu", &len) == 1) {
            rq->stdin_data.data = read_exact(len);
            rq->stdin_data.len = len;
        } else if (sscanf(line, "collect %zu", &len) == 1 && rq->ncollect < MAX_ITEMS) {
            rq->collect[rq->ncollect++] = read_exact(len);
        } else if (sscanf(line, "file %o %zu %zu", &mode, &namelen, &len) == 3) {
            char *name = read_exact(namelen);
            char *data = read_exact(len);
            if (write_file(name, data, len, (mode_t)mode) && !*err)
                snprintf(err, errlen, "cannot write %s into scratch: %s", name, strerror(errno));
            free(name);
            free(data);
        } else {
            errno = EPROTO;
            die("unknown request line");
        }
        expect_newline();
    }
    errno = EPROTO;
    die("request ended early");
    return 0;
}

static void free_request(request *rq) {
    for (int i = 0; i < rq->argc; i++) free(rq->argv[i]);
    for (int i = 0; i < rq->envc; i++) free(rq->envp[i]);
    for (int i = 0; i < rq->ncollect; i++) free(rq->collect[i]);
    free(rq->stdin_data.data);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
    (void)st;
    (void)flag;
    if (ftw->level > 0) remove(path);
    return 0;
}

/* Empties a directory but keeps it (it may be a mount point). */
static void empty_dir(const char *dir) {
    nftw(dir, remove_entry, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

/* SysV IPC objects outlive the process that made them: remove every one we can see. */
static void remove_ipc(const char *table, int kind) {
    FILE *f = fopen(table, "r");
    if (!f) return;
    char line[512];
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return;
    }
    while (fgets(line, sizeof line, f)) {
        long key, id;
        if (sscanf(line, "%ld %ld", &key, &id) != 2) continue;
        if (kind == 0) shmctl((int)id, IPC_RMID, NULL);
        if (kind == 1) msgctl((int)id, IPC_RMID, NULL);
        if (kind == 2) semctl((int)id, 0, IPC_RMID);
    }
    fclose(f);
}

/* Leaves nothing of one run for the next: processes, files, IPC objects. */
static void wipe(void) {
    int status;
    for (;;) {
        kill(-1, SIGKILL);
        if (waitpid(-1, &status, 0) < 0 && errno == ECHILD) break;
    }
    empty_dir(SCRATCH);
    empty_dir("/tmp");
    empty_dir("/dev/shm");
    empty_dir("/dev/mqueue");
    remove_ipc("/proc/sysvipc/shm", 0);
    remove_ipc("/proc/sysvipc/msg", 1);
    remove_ipc("/proc/sysvipc/sem", 2);
}

static long read_oom_kills(void) {
    const char *files[] = {"/sys/fs/cgroup/memory.events", "/sys/fs/cgroup/memory/memory.oom_control"};
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(files[i], "r");
        if (!f) continue;
        char key[64];
        long value;
        while (fscanf(f, "%63s %ld", key, &value) == 2) {
            if (!strcmp(key, "oom_kill")) {
                fclose(f);
                return value;
            }
        }
        fclose(f);
    }
    return -1;
}

static long now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000L + ts.tv_nsec / 1000;
}

static long tv_us(struct timeval tv) { return tv.tv_sec * 1000000L + tv.tv_usec; }

/* CPU time of the main process and the children it has waited for, from /proc (ticks). */
static long proc_cpu_us(pid_t pid) {
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = 0;
    char *p = strrchr(buf, ')');
    if (!p) return 0;
    unsigned long utime, stime;
    long cutime, cstime;
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu %ld %ld", &utime, &stime, &cutime,
               &cstime) != 4)
        return 0;
    long hz = sysconf(_SC_CLK_TCK);
    return (long)(utime + stime + cutime + cstime) * (1000000L / hz);
}

static void set_limit(int resource, long value) {
    struct rlimit rl = {value < 0 ? RLIM_INFINITY : (rlim_t)value, value < 0 ? RLIM_INFINITY : (rlim_t)value};
    setrlimit(resource, &rl);
}

static void child(request *rq, int stdin_fd, int out_fd, int err_fd) {
    setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGCHLD, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    /* The kernel's OOM killer must pick the program, never the supervisor. */
    int oom = open("/proc/self/oom_score_adj", O_WRONLY | O_CLOEXEC);
    if (oom >= 0) {
        ssize_t ignored = write(oom, "1000", 4);
        (void)ignored;
        close(oom);
    }
    if (dup2(stdin_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) _exit(127);
    if (syscall(SYS_close_range, 3, ~0U, 0))
        for (int fd = 3; fd < 4096; fd++) close(fd);
    /* RLIMIT_CPU is a backstop (whole seconds); the supervisor stops the program at the exact limit. */
    set_limit(RLIMIT_CPU, rq->cpu_ms > 0 ? (rq->cpu_ms + 999) / 1000 + 1 : -1);
    set_limit(RLIMIT_STACK, rq->stack_kb > 0 ? rq->stack_kb * 1024 : -1);
    set_limit(RLIMIT_FSIZE, rq->fsize > 0 ? rq->fsize : -1);
    set_limit(RLIMIT_CORE, 0);
    if (chdir(SCRATCH)) _exit(127);
    rq->argv[rq->argc] = NULL;
    rq->envp[rq->envc] = NULL;
    execvpe(rq->argv[0], rq->argv, rq->envp);
    dprintf(2, "zuko-supervisor: cannot execute %s: %s\n", rq->argv[0], strerror(errno));
    _exit(127);
}

static void capture_chunk(capture *c, const char *data, size_t n, size_t cap) {
    c->total += n;
    if (c->len >= cap) return;
    size_t keep = n < cap - c->len ? n : cap - c->len;
    if (c->len + keep > c->cap) {
        c->cap = (c->len + keep) * 2;
        c->buf = realloc(c->buf, c->cap);
        if (!c->buf) die("out of memory");
    }
    memcpy(c->buf + c->len, data, keep);
    c->len += keep;
}

/* Returns 1 while the pipe is open. */
static int drain(int fd, capture *c, size_t cap) {
    char buf[65536];
    ssize_t n = read(fd, buf, sizeof buf);
    if (n > 0) {
        capture_chunk(c, buf, (size_t)n, cap);
        return 1;
    }
    return n < 0 && (errno == EAGAIN || errno == EINTR);
}

/* Every writer is dead by now: read what is left up to end of file. */
static void drain_rest(int fd, capture *c, size_t cap) {
    char buf[65536];
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
        if (n > 0) capture_chunk(c, buf, (size_t)n, cap);
}

static void send_collected(request *rq) {
    DIR *d = opendir(SCRATCH);
    if (!d) return;
    long sent = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        int match = 0;
        for (int i = 0; i < rq->ncollect && !match; i++) match = !fnmatch(rq->collect[i], e->d_name, FNM_PERIOD);
        if (!match) continue;
        char path[4096];
        snprintf(path, sizeof path, SCRATCH "/%s", e->d_name);
        int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
        struct stat st;
        if (fd < 0) continue;
        if (fstat(fd, &st) || !S_ISREG(st.st_mode) || sent + st.st_size > MAX_COLLECT_BYTES) {
            close(fd);
            continue;
        }
        char *data = malloc((size_t)st.st_size + 1);
        ssize_t n = data ? read(fd, data, (size_t)st.st_size) : -1;
        close(fd);
        if (n == st.st_size) {
            printf("file %zu %zd\n", strlen(e->d_name), n);
            out_all(e->d_name, strlen(e->d_name));
            out_all(data, (size_t)n);
            out_all("\n", 1);
            sent += n;
        }
        free(data);
    }
    closedir(d);
}

static void run(request *rq) {
    int out_pipe[2], err_pipe[2];
    int stdin_fd = memfd_create("stdin", MFD_CLOEXEC);
    if (stdin_fd < 0 || pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC)) {
        send_error("cannot set up the run: %s", strerror(errno));
        return;
    }
    if (rq->stdin_data.len && write(stdin_fd, rq->stdin_data.data, rq->stdin_data.len) != (ssize_t)rq->stdin_data.len) {
        send_error("cannot store stdin: %s", strerror(errno));
        return;
    }
    lseek(stdin_fd, 0, SEEK_SET);
    struct rusage before, after, main_usage;
    getrusage(RUSAGE_CHILDREN, &before);
    long oom_before = read_oom_kills();
    long start = now_us();
    pid_t pid = fork();
    if (pid < 0) {
        send_error("fork failed: %s", strerror(errno));
        return;
    }
    if (pid == 0) child(rq, stdin_fd, out_pipe[1], err_pipe[1]);
    close(stdin_fd);
    close(out_pipe[1]);
    close(err_pipe[1]);
    fcntl(out_pipe[0], F_SETFL, O_NONBLOCK);
    fcntl(err_pipe[0], F_SETFL, O_NONBLOCK);

    capture out = {0}, err = {0};
    const char *killed_by = "none";
    int status = 0, exited = 0, out_open = 1, err_open = 1;
    long last_cpu_check = 0;
    memset(&main_usage, 0, sizeof main_usage);
    while (!exited) {
        struct pollfd fds[3] = {{sigchld_pipe[0], POLLIN, 0}, {out_open ? out_pipe[0] : -1, POLLIN, 0},
                                {err_open ? err_pipe[0] : -1, POLLIN, 0}};
        poll(fds, 3, 10);
        if (fds[0].revents) {
            char buf[64];
            while (read(sigchld_pipe[0], buf, sizeof buf) > 0) {
            }
        }
        if (out_open && fds[1].revents) out_open = drain(out_pipe[0], &out, (size_t)rq->stdout_cap);
        if (err_open && fds[2].revents) err_open = drain(err_pipe[0], &err, (size_t)rq->stderr_cap);
        if (wait4(pid, &status, WNOHANG, &main_usage) == pid) {
            exited = 1;
            break;
        }
        long now = now_us(), elapsed = now - start;
        if (now - last_cpu_check >= 5000) last_cpu_check = now;
        if (rq->stdout_cap >= 0 && out.total > (size_t)rq->stdout_cap) killed_by = "output";
        else if (rq->wall_ms > 0 && elapsed > rq->wall_ms * 1000) killed_by = "wall";
        else if (rq->cpu_ms > 0 && last_cpu_check == now && proc_cpu_us(pid) > rq->cpu_ms * 1000) killed_by = "cpu";
        if (strcmp(killed_by, "none")) {
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            wait4(pid, &status, 0, &main_usage);
            exited = 1;
        }
    }
    long wall = now_us() - start;
    /* Kill and reap whatever the program left, then read what is still in the pipes. */
    int status_all;
    for (;;) {
        kill(-1, SIGKILL);
        if (waitpid(-1, &status_all, 0) < 0 && errno == ECHILD) break;
    }
    if (out_open) drain_rest(out_pipe[0], &out, (size_t)rq->stdout_cap);
    if (err_open) drain_rest(err_pipe[0], &err, (size_t)rq->stderr_cap);
    close(out_pipe[0]);
    close(err_pipe[0]);
    getrusage(RUSAGE_CHILDREN, &after);
    long oom_after = read_oom_kills();
    long cpu = tv_us(after.ru_utime) - tv_us(before.ru_utime) + tv_us(after.ru_stime) - tv_us(before.ru_stime);

    printf("result\n");
    printf("facts %d %d %ld %ld %ld %zu %zu %s %ld\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1,
           WIFSIGNALED(status) ? WTERMSIG(status) : 0, cpu, wall, main_usage.ru_maxrss, out.total, err.total,
           killed_by, oom_before < 0 || oom_after < 0 ? -1 : oom_after - oom_before);
    out_blob("stdout", out.buf, out.len);
    out_blob("stderr", err.buf, err.len);
    send_collected(rq);
    printf("end\n");
    fflush(stdout);
    free(out.buf);
    free(err.buf);
}

int main(void) {
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)) die("prctl");
    if (pipe2(sigchld_pipe, O_CLOEXEC | O_NONBLOCK)) die("pipe");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigchld;
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    in = stdin;
    mkdir(SCRATCH, 0700);
    printf("ready %s\n", VERSION);
    fflush(stdout);
    for (;;) {
        request rq;
        char err[600];
        wipe();
        if (mkdir(SCRATCH, 0700) && errno != EEXIST) die("mkdir scratch");
        if (!read_request(&rq, err, sizeof err)) return 0;
        if (*err) send_error("%s", err);
        else if (rq.argc == 0) send_error("no program given");
        else run(&rq);
        free_request(&rq);
    }
}
