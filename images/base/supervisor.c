/*
 * zuko-supervisor: PID 1 of every sandbox container.
 *
 * The judge talks to it over the container's attached stdin/stdout: one request in, one reply
 * out, as many times as it likes. Each run request runs one program with its own limits and the
 * reply carries measurements taken here (cgroup counters of the whole container, wait4/getrusage).
 *
 * Rights. The supervisor is uid 0 inside the container with only the capabilities it needs to
 * clean up after anything (CHOWN, DAC_OVERRIDE, FOWNER, KILL, SETUID, SETGID, SETPCAP); every program runs
 * as uid 10001 with none, under no_new_privs and an extra seccomp deny list. So a program cannot
 * signal, trace or read the supervisor, cannot make a file or directory the clean-up can't remove,
 * and cannot write where the supervisor stages the next program (/sandbox is root's, 0755).
 *
 * After every run: every process is killed and reaped, every writable place (/sandbox/run, /tmp,
 * /dev/shm, /dev/mqueue) is emptied with *at calls that never follow a symlink and need no path
 * length limit, SysV IPC objects are removed, and then all of it is verified: no process but us,
 * every place empty, the container's unreclaimable memory back near its baseline. A failed check
 * is reported ("clean 0") and the judge throws the container away: it never serves another run.
 *
 * Memory is the container's own cgroup, read while the program runs: anonymous memory, tmpfs and
 * memfd pages, kernel memory of every process of the run, less page cache (reclaimable, shared)
 * and less the supervisor's own growth. The program is killed as soon as that passes its limit.
 *
 * Requests (text header lines, binary blobs sized up front):
 *   stage                              replaces the staged program (/sandbox/prog, read-only to runs)
 *   file <mode> <namelen> <len>\n<name><bytes>\n   (repeated)
 *   end
 * -> "staged\n" or an error.
 *
 *   run
 *   limit <cpu_ms> <wall_ms> <memory_kb> <stack_kb> <as_kb> <fsize> <stdout_cap> <stderr_cap> <stderr_kill> <collect_cap> <output_kill>
 *   writable <0|1>                     (may the program write in its working directory)
 *   arg <len>\n<bytes>\n               (repeated; argv[0] first)
 *   env <len>\n<bytes>\n               (repeated)
 *   file <mode> <namelen> <len>\n<name><bytes>\n   (per-run files, next to the staged ones)
 *   stdin <len>\n<bytes>\n
 *   collect <len>\n<glob>\n            (files of the working directory to send back)
 *   end
 * -> result
 *    facts <exit> <signal> <cpu_us> <wall_us> <memory_kb> <stdout_total> <stderr_total> <killed_by> <oom_kills> <clean>
 *    stdout <len>\n<bytes>\n
 *    stderr <len>\n<bytes>\n
 *    file <namelen> <len>\n<name><bytes>\n   (repeated)
 *    oversize <len>\n<name>\n               (a collected file over the cap; repeated)
 *    dirty <len>\n<why>\n                   (only when clean is 0)
 *    end
 * or "error <len>\n<message>\n" when the request could not be carried out. An error that starts
 * with "dirty:" means the container failed its checks before the run and must not be used.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <grp.h>
#include <poll.h>
#include <seccomp.h>
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

#define VERSION "zuko-supervisor 2"
#define ROOT_DIR "/sandbox"
#define PROG_DIR "/sandbox/prog"
#define RUN_DIR "/sandbox/run"
#define SECCOMP_LIST "/etc/zuko/seccomp-deny.list"
#define PEER_DIR "/sandbox/peer"
#define RUNNER_UID 10001
#define RUNNER_GID 10001
/* The peer (an interactor) runs as a user of its own: the program can't read its files or signal it. */
#define PEER_UID 10002
#define PEER_GID 10002
#define MAX_ITEMS 256
/* Unreclaimable memory the container may keep above its baseline after a clean-up (kernel caches). */
#define CLEAN_SLACK_BYTES (24L << 20)
/* How often limits are checked while a program runs. */
#define CHECK_EVERY_US 2000

static const char *const WRITABLE[] = {"/tmp", "/dev/shm", "/dev/mqueue"};
#define NWRITABLE (sizeof WRITABLE / sizeof *WRITABLE)

typedef struct {
    char *data;
    size_t len;
} blob;

typedef struct {
    char *argv[MAX_ITEMS + 1];
    int argc;
    char *envp[MAX_ITEMS + 1];
    int envc;
    char *collect[MAX_ITEMS];
    int ncollect;
} command;

typedef struct {
    long cpu_ms, wall_ms, memory_kb, stack_kb, as_kb, fsize, stdout_cap, stderr_cap, stderr_kill, collect_cap;
    int output_kill, writable;
    command main;
    blob stdin_data;
    /* An interactor: its stdout is the program's stdin and the program's stdout its stdin. */
    int has_peer;
    long peer_cpu_ms, peer_wall_ms;
    command peer;
} request;

typedef struct {
    char *buf;
    size_t len, cap, total;
} capture;

static int sigchld_pipe[2];
static FILE *in;
static scmp_filter_ctx seccomp_ctx;
static long clean_baseline = -1; /* unreclaimable bytes right after staging */
static int mem_usage_fd = -1, mem_stat_fd = -1, cpu_usage_fd = -1, cpu_v2 = 0;

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

/* ---------- wire format ---------- */

static void out_all(const void *data, size_t len) {
    if (len && fwrite(data, 1, len, stdout) != len) die("write to judge");
}

static void out_blob(const char *key, const char *data, size_t len) {
    printf("%s %zu\n", key, len);
    out_all(data, len);
    out_all("\n", 1);
}

static void send_error(const char *fmt, ...) {
    char msg[1024];
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

/* ---------- files ---------- */

static int valid_name(const char *name) {
    return *name && !strchr(name, '/') && strcmp(name, ".") && strcmp(name, "..");
}

/* A new regular file only: never through a symlink, never into a FIFO or an existing file. */
static int write_new_file(int dirfd, const char *name, const char *data, size_t len, mode_t mode) {
    if (!valid_name(name)) {
        errno = EINVAL;
        return -1;
    }
    int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
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
    /* Root's, readable by the program; the write bits go so a run cannot change what it was given. */
    if (fchmod(fd, mode & 0555)) {
        close(fd);
        return -1;
    }
    return close(fd);
}

typedef struct {
    char **names;
    size_t n, cap, next;
} frame;

static void frame_push(frame *f, const char *name) {
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 8;
        f->names = realloc(f->names, f->cap * sizeof *f->names);
        if (!f->names) die("out of memory");
    }
    f->names[f->n++] = strdup(name);
}

static void frame_free(frame *f) {
    for (size_t i = 0; i < f->n; i++) free(f->names[i]);
    free(f->names);
}

/* Unlinks every non-directory entry of the open directory and lists its subdirectories. */
static int unlink_files(int fd, dev_t dev, frame *dirs) {
    int failed = 0;
    int copy = dup(fd);
    DIR *d = copy < 0 ? NULL : fdopendir(copy);
    if (!d) return -1;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        struct stat st;
        if (fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
            failed = 1;
            continue;
        }
        if (S_ISDIR(st.st_mode) && st.st_dev == dev) frame_push(dirs, e->d_name);
        else if (S_ISDIR(st.st_mode) || unlinkat(fd, e->d_name, 0)) failed = 1;
    }
    closedir(d);
    return failed ? -1 : 0;
}

/*
 * Empties the directory at `path` and keeps it. One directory fd is open at a time, the way back
 * up is "..", and names are kept on the heap: any depth and any name length work. Every process
 * of the run is dead by now, so nothing moves under us.
 */
static int empty_tree(const char *path) {
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return errno == ENOENT ? 0 : -1;
    struct stat top;
    if (fstat(fd, &top)) {
        close(fd);
        return -1;
    }
    frame *stack = NULL;
    size_t depth = 0, cap = 0;
    int failed = 0;
    for (;;) {
        if (depth == cap) {
            cap = cap ? cap * 2 : 16;
            stack = realloc(stack, cap * sizeof *stack);
            if (!stack) die("out of memory");
        }
        memset(&stack[depth], 0, sizeof *stack);
        if (unlink_files(fd, top.st_dev, &stack[depth])) failed = 1;
        depth++;
        for (;;) {
            frame *cur = &stack[depth - 1];
            if (cur->next < cur->n) {
                int child = openat(fd, cur->names[cur->next++], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
                if (child < 0) {
                    failed = 1;
                    continue;
                }
                close(fd);
                fd = child;
                break;
            }
            frame_free(cur);
            if (--depth == 0) {
                close(fd);
                free(stack);
                return failed ? -1 : 0;
            }
            int parent = openat(fd, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            close(fd);
            if (parent < 0) {
                free(stack);
                return -1;
            }
            fd = parent;
            frame *up = &stack[depth - 1];
            if (unlinkat(fd, up->names[up->next - 1], AT_REMOVEDIR)) failed = 1;
        }
    }
}

static int remove_tree(const char *path) {
    if (empty_tree(path)) return -1;
    if (rmdir(path) && errno != ENOENT) return -1;
    return 0;
}

/* Number of entries in a directory other than `allowed` (NULL: none allowed), -1 if unreadable. */
static long stray_entries(const char *path, const char *allowed) {
    DIR *d = opendir(path);
    if (!d) return errno == ENOENT ? 0 : -1;
    long n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") && !(allowed && !strcmp(e->d_name, allowed))) n++;
    closedir(d);
    return n;
}

/* ---------- measurements ---------- */

static long read_long_at(int fd) {
    char buf[64];
    ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
    if (n <= 0) return -1;
    buf[n] = 0;
    return strtol(buf, NULL, 10);
}

static long stat_field(const char *text, const char *key) {
    size_t klen = strlen(key);
    for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (!strncmp(p, key, klen) && p[klen] == ' ') return strtol(p + klen + 1, NULL, 10);
    return -1;
}

static void open_cgroup_files(void) {
    mem_usage_fd = open("/sys/fs/cgroup/memory.current", O_RDONLY | O_CLOEXEC);
    if (mem_usage_fd >= 0) {
        mem_stat_fd = open("/sys/fs/cgroup/memory.stat", O_RDONLY | O_CLOEXEC);
        cpu_usage_fd = open("/sys/fs/cgroup/cpu.stat", O_RDONLY | O_CLOEXEC);
        cpu_v2 = 1;
        return;
    }
    mem_usage_fd = open("/sys/fs/cgroup/memory/memory.usage_in_bytes", O_RDONLY | O_CLOEXEC);
    mem_stat_fd = open("/sys/fs/cgroup/memory/memory.stat", O_RDONLY | O_CLOEXEC);
    cpu_usage_fd = open("/sys/fs/cgroup/cpuacct/cpuacct.usage", O_RDONLY | O_CLOEXEC);
    if (cpu_usage_fd < 0) cpu_usage_fd = open("/sys/fs/cgroup/cpu,cpuacct/cpuacct.usage", O_RDONLY | O_CLOEXEC);
}

/* Unreclaimable bytes charged to the container: usage less file-backed page cache. */
static long unreclaimable_bytes(void) {
    if (mem_usage_fd < 0 || mem_stat_fd < 0) return -1;
    long usage = read_long_at(mem_usage_fd);
    char text[8192];
    ssize_t n = pread(mem_stat_fd, text, sizeof text - 1, 0);
    if (usage < 0 || n <= 0) return -1;
    text[n] = 0;
    long active = stat_field(text, "total_active_file"), inactive = stat_field(text, "total_inactive_file");
    if (active < 0) active = stat_field(text, "active_file");
    if (inactive < 0) inactive = stat_field(text, "inactive_file");
    if (active < 0 || inactive < 0) return -1;
    return usage - active - inactive;
}

/* CPU time of everything in the container, in microseconds (-1 when unreadable). */
static long container_cpu_us(void) {
    if (cpu_usage_fd < 0) return -1;
    if (!cpu_v2) {
        long ns = read_long_at(cpu_usage_fd);
        return ns < 0 ? -1 : ns / 1000;
    }
    char text[1024];
    ssize_t n = pread(cpu_usage_fd, text, sizeof text - 1, 0);
    if (n <= 0) return -1;
    text[n] = 0;
    return stat_field(text, "usage_usec");
}

static long self_cpu_us(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_utime.tv_sec * 1000000L + ru.ru_utime.tv_usec + ru.ru_stime.tv_sec * 1000000L + ru.ru_stime.tv_usec;
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

/* Reads /proc/<pid>/<file> into buf as a string; 0 when it is gone. */
static ssize_t read_proc(pid_t pid, const char *file, char *buf, size_t len) {
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    ssize_t n = read(fd, buf, len - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = 0;
    return n;
}

/* Private resident memory of a live process (resident less shared pages). */
static long private_bytes_of(pid_t pid) {
    char buf[256];
    long size, resident, shared;
    if (!read_proc(pid, "statm", buf, sizeof buf) || sscanf(buf, "%ld %ld %ld", &size, &resident, &shared) != 3) return 0;
    return (resident - shared) * sysconf(_SC_PAGESIZE);
}

/* CPU time of one process and the children it has waited for, from /proc (ticks). */
static long proc_cpu_us(pid_t pid) {
    char buf[1024];
    if (!read_proc(pid, "stat", buf, sizeof buf)) return 0;
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

/* ---------- clean-up and its proof ---------- */

/* Kills every process of one user, wherever it went (new session, new group): as that user, kill(-1). */
static void kill_user(uid_t uid, gid_t gid) {
    pid_t pid = fork();
    if (pid == 0) {
        if (setgroups(0, NULL) || setgid(gid) || setuid(uid)) _exit(1);
        kill(-1, SIGKILL);
        _exit(0);
    }
    if (pid > 0) waitpid(pid, NULL, 0);
}

static void kill_all(void) {
    int status;
    for (;;) {
        kill(-1, SIGKILL);
        if (waitpid(-1, &status, 0) < 0 && errno == ECHILD) break;
    }
}

static long count_other_processes(void) {
    DIR *d = opendir("/proc");
    if (!d) return -1;
    long n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] >= '0' && e->d_name[0] <= '9' && strcmp(e->d_name, "1")) n++;
    closedir(d);
    return n;
}

static long ipc_objects(const char *table) {
    FILE *f = fopen(table, "r");
    if (!f) return 0;
    char line[512];
    long n = -1;
    while (fgets(line, sizeof line, f)) n++;
    fclose(f);
    return n < 0 ? 0 : n;
}

static void remove_ipc_table(const char *table, int kind) {
    FILE *f = fopen(table, "r");
    if (!f) return;
    char line[512];
    if (fgets(line, sizeof line, f))
        while (fgets(line, sizeof line, f)) {
            long key, id;
            if (sscanf(line, "%ld %ld", &key, &id) != 2) continue;
            if (kind == 0) shmctl((int)id, IPC_RMID, NULL);
            if (kind == 1) msgctl((int)id, IPC_RMID, NULL);
            if (kind == 2) semctl((int)id, 0, IPC_RMID);
        }
    fclose(f);
}

static const char *const IPC_TABLES[] = {"/proc/sysvipc/shm", "/proc/sysvipc/msg", "/proc/sysvipc/sem"};

/* Only the creator (or CAP_SYS_ADMIN, which we don't have) may remove SysV objects: do it as the runner. */
static void remove_ipc(void) {
    long total = 0;
    for (int i = 0; i < 3; i++) total += ipc_objects(IPC_TABLES[i]);
    if (!total) return;
    const uid_t users[][2] = {{RUNNER_UID, RUNNER_GID}, {PEER_UID, PEER_GID}};
    for (int u = 0; u < 2; u++) {
        pid_t pid = fork();
        if (pid == 0) {
            if (setgroups(0, NULL) || setgid(users[u][1]) || setuid(users[u][0])) _exit(1);
            for (int i = 0; i < 3; i++) remove_ipc_table(IPC_TABLES[i], i);
            _exit(0);
        }
        if (pid > 0) waitpid(pid, NULL, 0);
    }
}

/* Empties every place a run could write. Returns 0 when all of it went. */
static int wipe(void) {
    int failed = 0;
    kill_all();
    if (remove_tree(RUN_DIR) || remove_tree(PEER_DIR)) failed = 1;
    for (size_t i = 0; i < NWRITABLE; i++)
        if (empty_tree(WRITABLE[i])) failed = 1;
    remove_ipc();
    return failed;
}

/* The proof that nothing of the last run is left. Writes the first reason it isn't into `why`. */
static int verify_clean(char *why, size_t len) {
    long n;
    if ((n = count_other_processes())) return snprintf(why, len, "%ld process(es) survived the clean-up", n), 0;
    if ((n = stray_entries(ROOT_DIR, "prog"))) return snprintf(why, len, "%s holds %ld stray entries", ROOT_DIR, n), 0;
    for (size_t i = 0; i < NWRITABLE; i++)
        if ((n = stray_entries(WRITABLE[i], NULL))) return snprintf(why, len, "%s is not empty (%ld)", WRITABLE[i], n), 0;
    for (int i = 0; i < 3; i++)
        if ((n = ipc_objects(IPC_TABLES[i]))) return snprintf(why, len, "%ld SysV IPC object(s) left", n), 0;
    long mem = unreclaimable_bytes();
    if (clean_baseline >= 0 && mem >= 0 && mem > clean_baseline + CLEAN_SLACK_BYTES)
        return snprintf(why, len, "memory did not return to its baseline (%ld MiB above)", (mem - clean_baseline) >> 20), 0;
    return 1;
}

/* ---------- requests ---------- */

static void read_files_into(int dirfd, char *err, size_t errlen, const char *line) {
    size_t len = 0, namelen = 0;
    unsigned mode = 0;
    if (sscanf(line, "file %o %zu %zu", &mode, &namelen, &len) != 3) {
        errno = EPROTO;
        die("bad file line");
    }
    char *name = read_exact(namelen);
    char *data = read_exact(len);
    if (write_new_file(dirfd, name, data, len, (mode_t)mode) && !*err)
        snprintf(err, errlen, "cannot write %s: %s", name, strerror(errno));
    free(name);
    free(data);
    expect_newline();
}

static int fresh_dir(const char *path, mode_t mode) {
    if (remove_tree(path)) return -1;
    if (mkdir(path, mode) || chmod(path, mode)) return -1;
    return open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

static void stage(void) {
    char err[600] = "", line[512];
    int dirfd = fresh_dir(PROG_DIR, 0755);
    if (dirfd < 0) snprintf(err, sizeof err, "cannot make %s: %s", PROG_DIR, strerror(errno));
    while (fgets(line, sizeof line, in)) {
        if (!strcmp(line, "end\n")) break;
        read_files_into(dirfd, err, sizeof err, line);
    }
    if (dirfd >= 0) close(dirfd);
    clean_baseline = unreclaimable_bytes();
    if (*err) send_error("%s", err);
    else {
        printf("staged\n");
        fflush(stdout);
    }
}

/* Reads the rest of a run request; per-run files go straight into the fresh run dir. */
static int fresh_dir(const char *path, mode_t mode);

static void read_run(request *rq, int dirfd, int *peerfd, char *err, size_t errlen) {
    char line[512];
    while (fgets(line, sizeof line, in)) {
        size_t len = 0;
        if (!strcmp(line, "end\n")) return;
        if (sscanf(line, "limit %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %d", &rq->cpu_ms, &rq->wall_ms, &rq->memory_kb,
                   &rq->stack_kb, &rq->as_kb, &rq->fsize, &rq->stdout_cap, &rq->stderr_cap, &rq->stderr_kill,
                   &rq->collect_cap, &rq->output_kill) == 11)
            continue;
        if (sscanf(line, "writable %d", &rq->writable) == 1) continue;
        if (sscanf(line, "peer-limit %ld %ld", &rq->peer_cpu_ms, &rq->peer_wall_ms) == 2) {
            rq->has_peer = 1;
            continue;
        }
        if (!strncmp(line, "file ", 5)) {
            read_files_into(dirfd, err, errlen, line);
            continue;
        }
        if (!strncmp(line, "peer-file ", 10)) {
            if (*peerfd < 0) *peerfd = fresh_dir(PEER_DIR, 0700);
            if (*peerfd < 0 && !*err) snprintf(err, errlen, "cannot make %s: %s", PEER_DIR, strerror(errno));
            read_files_into(*peerfd, err, errlen, line + 5);
            continue;
        }
        int is_peer = !strncmp(line, "peer-", 5);
        command *cmd = is_peer ? &rq->peer : &rq->main;
        const char *key = is_peer ? line + 5 : line;
        if (sscanf(key, "arg %zu", &len) == 1 && cmd->argc < MAX_ITEMS) {
            cmd->argv[cmd->argc++] = read_exact(len);
        } else if (sscanf(key, "env %zu", &len) == 1 && cmd->envc < MAX_ITEMS) {
            cmd->envp[cmd->envc++] = read_exact(len);
        } else if (!is_peer && sscanf(key, "stdin %zu", &len) == 1) {
            rq->stdin_data.data = read_exact(len);
            rq->stdin_data.len = len;
        } else if (sscanf(key, "collect %zu", &len) == 1 && cmd->ncollect < MAX_ITEMS) {
            cmd->collect[cmd->ncollect++] = read_exact(len);
        } else {
            errno = EPROTO;
            die("unknown request line");
        }
        expect_newline();
    }
    errno = EPROTO;
    die("request ended early");
}

static void free_command(command *c) {
    for (int i = 0; i < c->argc; i++) free(c->argv[i]);
    for (int i = 0; i < c->envc; i++) free(c->envp[i]);
    for (int i = 0; i < c->ncollect; i++) free(c->collect[i]);
}

static void free_request(request *rq) {
    free_command(&rq->main);
    free_command(&rq->peer);
    free(rq->stdin_data.data);
}

/* Staged files appear in every run dir as hard links: root's inodes, which a run cannot change. */
static int link_staged(int rundir) {
    DIR *d = opendir(PROG_DIR);
    if (!d) return errno == ENOENT ? 0 : -1;
    int progfd = dirfd(d), failed = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (valid_name(e->d_name) && linkat(progfd, e->d_name, rundir, e->d_name, 0) && errno != EEXIST) failed = 1;
    closedir(d);
    return failed ? -1 : 0;
}

/* ---------- the run ---------- */

static void set_limit(int resource, long value) {
    struct rlimit rl = {value <= 0 ? RLIM_INFINITY : (rlim_t)value, value <= 0 ? RLIM_INFINITY : (rlim_t)value};
    setrlimit(resource, &rl);
}

typedef struct {
    command *cmd;
    const char *dir;
    uid_t uid;
    gid_t gid;
    long cpu_ms, stack_kb, as_kb, fsize;
    /* The peer writes to a program that may be gone: it gets EPIPE and reads end of input, not SIGPIPE. */
    int ignore_sigpipe;
} launch;

static void child(launch *l, int stdin_fd, int out_fd, int err_fd) {
    setpgid(0, 0);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGCHLD, SIG_DFL);
    signal(SIGPIPE, l->ignore_sigpipe ? SIG_IGN : SIG_DFL);
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
    set_limit(RLIMIT_CPU, l->cpu_ms > 0 ? (l->cpu_ms + 999) / 1000 + 1 : 0);
    set_limit(RLIMIT_STACK, l->stack_kb * 1024);
    set_limit(RLIMIT_AS, l->as_kb * 1024);
    set_limit(RLIMIT_FSIZE, l->fsize);
    struct rlimit nocore = {0, 0};
    setrlimit(RLIMIT_CORE, &nocore);
    if (chdir(l->dir)) _exit(127);
    /* Dropping to the runner clears every capability; with the bounding set emptied and
       no_new_privs, none can come back through an exec. */
    for (int cap = 0; cap <= 63; cap++)
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) && errno != EINVAL) _exit(127);
    if (setgroups(0, NULL) || setgid(l->gid) || setuid(l->uid)) _exit(127);
    if (seccomp_load(seccomp_ctx)) _exit(127);
    command *c = l->cmd;
    c->argv[c->argc] = NULL;
    c->envp[c->envc] = NULL;
    execvpe(c->argv[0], c->argv, c->envp);
    dprintf(2, "zuko-supervisor: cannot execute %s: %s\n", c->argv[0], strerror(errno));
    _exit(127);
}

static void capture_chunk(capture *c, const char *data, size_t n, size_t cap) {
    c->total += n;
    if (c->len >= cap) return;
    size_t keep = n < cap - c->len ? n : cap - c->len;
    if (c->len + keep > c->cap) {
        c->cap = (c->len + keep) * 2;
        if (c->cap > cap) c->cap = cap;
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

/* Sends back the files of `dir` that match a command's globs, under `key` ("file" or "peer-file"). */
static void send_collected(const char *dirpath, command *c, long cap, const char *key) {
    int dir = open(dirpath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = dir < 0 ? NULL : fdopendir(dir);
    if (!d) return;
    long sent = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        int match = 0;
        for (int i = 0; i < c->ncollect && !match; i++) match = !fnmatch(c->collect[i], e->d_name, FNM_PERIOD);
        if (!match) continue;
        /* Non-blocking and no-follow: a FIFO or a symlink planted under an artifact's name is skipped. */
        int fd = openat(dir, e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        struct stat st;
        if (fd < 0) continue;
        if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
            close(fd);
            continue;
        }
        if (cap > 0 && sent + st.st_size > cap) {
            close(fd);
            out_blob("oversize", e->d_name, strlen(e->d_name));
            continue;
        }
        char *data = malloc((size_t)st.st_size + 1);
        ssize_t n = data ? pread(fd, data, (size_t)st.st_size, 0) : -1;
        close(fd);
        if (n == st.st_size) {
            printf("%s %zu %zd\n", key, strlen(e->d_name), n);
            out_all(e->d_name, strlen(e->d_name));
            out_all(data, (size_t)n);
            out_all("\n", 1);
            sent += n;
        }
        free(data);
    }
    closedir(d);
}

typedef struct {
    long mem_base, self_base, cpu_base, self_cpu_base, peak;
} meter;

static void meter_start(meter *m) {
    m->mem_base = unreclaimable_bytes();
    m->self_base = private_bytes_of(getpid());
    m->cpu_base = container_cpu_us();
    m->self_cpu_base = self_cpu_us();
    m->peak = 0;
}

/* Memory of the run so far: everything the container holds now beyond the baseline, less ours and `others`. */
static long meter_memory(meter *m, long others) {
    long now = unreclaimable_bytes();
    if (now < 0 || m->mem_base < 0) return -1;
    long used = now - m->mem_base - (private_bytes_of(getpid()) - m->self_base) - others;
    if (used > m->peak) m->peak = used;
    return used;
}

/* CPU of the run so far: the container's less the supervisor's, or the main process's where unreadable. */
static long meter_cpu(meter *m, pid_t pid) {
    long now = container_cpu_us();
    if (now < 0 || m->cpu_base < 0) return proc_cpu_us(pid);
    return now - m->cpu_base - (self_cpu_us() - m->self_cpu_base);
}

/* One process being watched: the program, or its peer. */
typedef struct {
    pid_t pid;
    int status, done;
    long done_at;
    const char *killed_by;
    struct rusage usage;
} watched;

static int reap(watched *w, int flags) {
    if (w->done || w->pid <= 0) return w->done;
    if (wait4(w->pid, &w->status, flags, &w->usage) == w->pid) {
        w->done = 1;
        w->done_at = now_us();
    }
    return w->done;
}

static void stop(watched *w, const char *why) {
    if (w->done) return;
    w->killed_by = why;
    kill(-w->pid, SIGKILL);
    kill(w->pid, SIGKILL);
    reap(w, 0);
}

static long usage_us(const struct rusage *ru) { return tv_us(ru->ru_utime) + tv_us(ru->ru_stime); }

static void run(request *rq) {
    int out_pipe[2], err_pipe[2], peer_err[2] = {-1, -1}, to_peer[2] = {-1, -1}, from_peer[2] = {-1, -1};
    int stdin_fd = memfd_create("stdin", MFD_CLOEXEC);
    if (stdin_fd < 0 || pipe2(out_pipe, O_CLOEXEC) || pipe2(err_pipe, O_CLOEXEC) ||
        (rq->has_peer && (pipe2(peer_err, O_CLOEXEC) || pipe2(to_peer, O_CLOEXEC) || pipe2(from_peer, O_CLOEXEC)))) {
        send_error("cannot set up the run: %s", strerror(errno));
        wipe();
        return;
    }
    if (rq->stdin_data.len && write(stdin_fd, rq->stdin_data.data, rq->stdin_data.len) != (ssize_t)rq->stdin_data.len) {
        send_error("cannot store stdin: %s", strerror(errno));
        wipe();
        return;
    }
    lseek(stdin_fd, 0, SEEK_SET);
    free(rq->stdin_data.data);
    rq->stdin_data.data = NULL;
    struct rusage before, after;
    getrusage(RUSAGE_CHILDREN, &before);
    long oom_before = read_oom_kills();
    meter m;
    meter_start(&m);
    long start = now_us();
    launch main_l = {&rq->main, RUN_DIR, RUNNER_UID, RUNNER_GID, rq->cpu_ms, rq->stack_kb, rq->as_kb, rq->fsize, 0};
    launch peer_l = {&rq->peer, PEER_DIR, PEER_UID, PEER_GID, rq->peer_cpu_ms, 0, 0, rq->fsize, 1};
    watched prog = {.killed_by = "none"}, peer = {.killed_by = "none"};
    /* With a peer the two talk over kernel pipes, directly: nothing passes through the supervisor. */
    prog.pid = fork();
    if (prog.pid == 0) child(&main_l, rq->has_peer ? from_peer[0] : stdin_fd, rq->has_peer ? to_peer[1] : out_pipe[1], err_pipe[1]);
    if (rq->has_peer && prog.pid > 0) {
        peer.pid = fork();
        if (peer.pid == 0) child(&peer_l, to_peer[0], from_peer[1], peer_err[1]);
    }
    if (prog.pid < 0 || peer.pid < 0) {
        send_error("fork failed: %s", strerror(errno));
        wipe();
        return;
    }
    int ends[] = {stdin_fd, out_pipe[1], err_pipe[1], peer_err[1], to_peer[0], to_peer[1], from_peer[0], from_peer[1]};
    for (size_t i = 0; i < sizeof ends / sizeof *ends; i++)
        if (ends[i] >= 0) close(ends[i]);
    fcntl(out_pipe[0], F_SETFL, O_NONBLOCK);
    fcntl(err_pipe[0], F_SETFL, O_NONBLOCK);
    if (rq->has_peer) fcntl(peer_err[0], F_SETFL, O_NONBLOCK);

    capture out = {0}, err = {0}, perr = {0};
    int out_open = 1, err_open = 1, perr_open = rq->has_peer;
    long last_check = 0;
    for (;;) {
        struct pollfd fds[4] = {{sigchld_pipe[0], POLLIN, 0}, {out_open ? out_pipe[0] : -1, POLLIN, 0},
                                {err_open ? err_pipe[0] : -1, POLLIN, 0}, {perr_open ? peer_err[0] : -1, POLLIN, 0}};
        poll(fds, 4, CHECK_EVERY_US / 1000);
        if (fds[0].revents) {
            char buf[64];
            while (read(sigchld_pipe[0], buf, sizeof buf) > 0) {
            }
        }
        if (out_open && fds[1].revents) out_open = drain(out_pipe[0], &out, (size_t)rq->stdout_cap);
        if (err_open && fds[2].revents) err_open = drain(err_pipe[0], &err, (size_t)rq->stderr_cap);
        if (perr_open && fds[3].revents) perr_open = drain(peer_err[0], &perr, (size_t)rq->stderr_cap);
        int was_running = !prog.done;
        reap(&prog, WNOHANG);
        reap(&peer, WNOHANG);
        if (prog.done && (peer.done || !rq->has_peer)) break;
        /* Nothing of the program may outlive it and keep the peer waiting on a pipe. */
        if (was_running && prog.done) kill_user(RUNNER_UID, RUNNER_GID);
        long now = now_us();
        if (!prog.done) {
            if (rq->output_kill && out.total > (size_t)rq->stdout_cap) stop(&prog, "output");
            else if (rq->stderr_kill > 0 && err.total > (size_t)rq->stderr_kill) stop(&prog, "output");
            else if (rq->wall_ms > 0 && now - start > rq->wall_ms * 1000) stop(&prog, "wall");
        }
        if (rq->has_peer && !peer.done) {
            if (rq->peer_wall_ms > 0 && now - start > rq->peer_wall_ms * 1000) stop(&peer, "wall");
            else if (rq->peer_cpu_ms > 0 && proc_cpu_us(peer.pid) > rq->peer_cpu_ms * 1000) stop(&peer, "cpu");
        }
        if (now - last_check >= CHECK_EVERY_US && !prog.done) {
            last_check = now;
            long peer_mem = rq->has_peer && !peer.done ? private_bytes_of(peer.pid) : 0;
            long peer_cpu = !rq->has_peer ? 0 : peer.done ? usage_us(&peer.usage) : proc_cpu_us(peer.pid);
            long mem = meter_memory(&m, peer_mem);
            if (rq->memory_kb > 0 && mem > rq->memory_kb * 1024) stop(&prog, "memory");
            else if (rq->cpu_ms > 0 && meter_cpu(&m, prog.pid) - peer_cpu > rq->cpu_ms * 1000) stop(&prog, "cpu");
        }
    }
    long wall = prog.done_at - start;
    meter_memory(&m, 0);
    /* Kill and reap whatever the program left, then read what is still in the pipes. */
    kill_all();
    if (out_open) drain_rest(out_pipe[0], &out, (size_t)rq->stdout_cap);
    if (err_open) drain_rest(err_pipe[0], &err, (size_t)rq->stderr_cap);
    if (perr_open) drain_rest(peer_err[0], &perr, (size_t)rq->stderr_cap);
    close(out_pipe[0]);
    close(err_pipe[0]);
    if (rq->has_peer) close(peer_err[0]);
    getrusage(RUSAGE_CHILDREN, &after);
    long oom_after = read_oom_kills();
    long cpu = tv_us(after.ru_utime) - tv_us(before.ru_utime) + tv_us(after.ru_stime) - tv_us(before.ru_stime);
    if (rq->has_peer) cpu -= usage_us(&peer.usage);
    long memory_kb = m.peak / 1024;
    if (prog.usage.ru_maxrss > memory_kb) memory_kb = prog.usage.ru_maxrss;

    printf("result\n");
    /* Collected files are read before the clean-up and the clean flag is known after it: facts go last. */
    out_blob("stdout", out.buf, out.len);
    out_blob("stderr", err.buf, err.len);
    send_collected(RUN_DIR, &rq->main, rq->collect_cap, "file");
    if (rq->has_peer) {
        out_blob("peer-stderr", perr.buf, perr.len);
        send_collected(PEER_DIR, &rq->peer, rq->collect_cap, "peer-file");
        int st = peer.status;
        printf("peer %d %d %ld %ld %s %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1, WIFSIGNALED(st) ? WTERMSIG(st) : 0,
               usage_us(&peer.usage), peer.done_at - start, peer.killed_by, peer.done_at < prog.done_at);
    }
    char why[256] = "";
    int clean = !wipe() && verify_clean(why, sizeof why);
    if (!clean && !*why) snprintf(why, sizeof why, "a writable place could not be emptied");
    int st = prog.status;
    printf("facts %d %d %ld %ld %ld %zu %zu %s %ld %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1,
           WIFSIGNALED(st) ? WTERMSIG(st) : 0, cpu, wall, memory_kb, out.total, err.total, prog.killed_by,
           oom_before < 0 || oom_after < 0 ? -1 : oom_after - oom_before, clean);
    if (!clean) out_blob("dirty", why, strlen(why));
    printf("end\n");
    fflush(stdout);
    free(out.buf);
    free(err.buf);
    free(perr.buf);
}

static void handle_run(void) {
    request rq;
    char err[600] = "", why[256] = "";
    int peerfd = -1;
    memset(&rq, 0, sizeof rq);
    /* The proof comes first: a container that is not clean never runs anything. */
    int clean = verify_clean(why, sizeof why);
    int dirfd = fresh_dir(RUN_DIR, 0755);
    if (dirfd < 0) snprintf(err, sizeof err, "cannot make %s: %s", RUN_DIR, strerror(errno));
    read_run(&rq, dirfd, &peerfd, err, sizeof err);
    if (!clean) snprintf(err, sizeof err, "dirty: %s", why);
    if (!*err && dirfd >= 0 && link_staged(dirfd)) snprintf(err, sizeof err, "cannot link the staged program: %s", strerror(errno));
    if (!*err && rq.writable && (fchown(dirfd, RUNNER_UID, RUNNER_GID) || fchmod(dirfd, 0700)))
        snprintf(err, sizeof err, "cannot hand %s to the runner: %s", RUN_DIR, strerror(errno));
    if (!*err && rq.has_peer && peerfd < 0 && (peerfd = fresh_dir(PEER_DIR, 0700)) < 0)
        snprintf(err, sizeof err, "cannot make %s: %s", PEER_DIR, strerror(errno));
    /* The peer's directory is its own: the program (another user) can't even list it. */
    if (!*err && peerfd >= 0 && fchown(peerfd, PEER_UID, PEER_GID))
        snprintf(err, sizeof err, "cannot hand %s to the peer: %s", PEER_DIR, strerror(errno));
    if (dirfd >= 0) close(dirfd);
    if (peerfd >= 0) close(peerfd);
    if (!*err && rq.main.argc == 0) snprintf(err, sizeof err, "no program given");
    if (!*err && rq.has_peer && rq.peer.argc == 0) snprintf(err, sizeof err, "no peer program given");
    if (*err) {
        send_error("%s", err);
        wipe();
    } else
        run(&rq);
    free_request(&rq);
}

/* The deny list is data (images/base/seccomp-deny.list): "<syscall> <errno>" per line. */
static void load_seccomp(void) {
    seccomp_ctx = seccomp_init(SCMP_ACT_ALLOW);
    if (!seccomp_ctx) die("seccomp_init");
    FILE *f = fopen(SECCOMP_LIST, "r");
    if (!f) die("open " SECCOMP_LIST);
    char line[256], name[128];
    int err;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#' || sscanf(line, "%127s %d", name, &err) != 2) continue;
        int nr = seccomp_syscall_resolve_name(name);
        if (nr == __NR_SCMP_ERROR) continue; /* not a syscall on this architecture */
        if (seccomp_rule_add(seccomp_ctx, SCMP_ACT_ERRNO(err), nr, 0)) {
            errno = EINVAL;
            die(name);
        }
    }
    fclose(f);
}

int main(void) {
    if (getuid() != 0) {
        errno = EPERM;
        die("must start as root inside the container");
    }
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)) die("prctl");
    if (pipe2(sigchld_pipe, O_CLOEXEC | O_NONBLOCK)) die("pipe");
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigchld;
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    in = stdin;
    umask(022);
    load_seccomp();
    open_cgroup_files();
    if (chmod(ROOT_DIR, 0755) || wipe()) die("prepare " ROOT_DIR);
    if (mkdir(PROG_DIR, 0755) && errno != EEXIST) die("mkdir " PROG_DIR);
    clean_baseline = unreclaimable_bytes();
    printf("ready %s\n", VERSION);
    fflush(stdout);
    char line[512];
    while (fgets(line, sizeof line, in)) {
        if (!strcmp(line, "stage\n")) stage();
        else if (!strcmp(line, "run\n")) handle_run();
        else {
            errno = EPROTO;
            die("expected 'stage' or 'run'");
        }
    }
    return 0;
}
