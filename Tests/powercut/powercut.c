/*
 * powercut: a page cache inside the process, so that SIGKILL of the process is a power cut.
 *
 *   cc -shared -fPIC -O2 -o libpowercut.so powercut.c -ldl -lpthread
 *   POWERCUT_DIR=/some/dir LD_PRELOAD=./libpowercut.so program ...
 *
 * Every write to a regular file opened under POWERCUT_DIR (prefix match on the absolute path at open time) goes
 * to an in-memory overlay instead of the file. The overlay is written to the real file only when the program calls
 * fsync or fdatasync on that file (or sync/syncfs). When the process dies - SIGKILL, but also any exit or exec - every
 * byte written and not yet synced is gone, every byte synced is on disk: what a power cut does to a page cache that
 * never writes back on its own.
 *
 * The model, and where it is kinder or harsher than a real disk:
 *  - Data: unsynced writes are all lost, synced writes all survive. A real kernel may have written back any subset
 *    of the unsynced pages (in any order, maybe torn at sector size); this models only the "none of them" case.
 *    No torn pages, no reordering of the writes within one sync, no disk that lies about its cache.
 *  - Metadata is durable at once: create, unlink, rename, and ftruncate (also O_TRUNC) reach the real file system
 *    immediately, as in LazyFS's default. A missing fsync of a directory is therefore not detected.
 *  - The overlay is keyed per file (st_dev, st_ino) and shared by every descriptor open on it, in this process,
 *    as a page cache would be: a second descriptor reads what the first wrote and did not sync. It outlives close()
 *    (closing does not sync) and is dropped when the file is unlinked. Other processes see only the real file.
 *  - Files whose name ends in "-shm" pass through (SQLite maps them with mmap and rebuilds them on recovery).
 *    mmap of any other file under the directory is refused with ENODEV (SQLite then falls back to read()),
 *    since a mapping would bypass the overlay.
 *  - Covered calls: open/open64/openat/openat64/creat/creat64 (and the _FORTIFY_SOURCE __open_2 forms), close,
 *    read, write, readv, writev, pread(64), pwrite(64), preadv, pwritev, lseek(64), fstat/stat/lstat/fstatat (and
 *    their 64 and pre-2.33 __xstat forms, which report the overlay's logical size), ftruncate(64), truncate, fsync,
 *    fdatasync, sync, syncfs, dup/dup2/dup3, fcntl(F_DUPFD*), mmap(64), unlink(at), rename(at).
 *    Not covered: stdio (glibc's fopen/fwrite call write internally, not through the PLT), io_uring, AIO,
 *    sendfile/splice/copy_file_range, fallocate, sync_file_range and msync (they sync nothing here). 64-bit Linux.
 *
 * POWERCUT_STATS=/path (optional, outside POWERCUT_DIR): a one-line report, rewritten at load and at every sync,
 * so a test can tell the shim was active: "powercut pid=P writes=W syncs=S flushed=F".
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#ifndef POWERCUT_SELFTEST

#define PAGE 4096
#define MAX_FDS (1 << 20)

_Static_assert(sizeof(off_t) == 8 && sizeof(struct stat) == sizeof(struct stat64), "64-bit Linux only");

/* ---- the real functions ---- */

static ssize_t (*r_read)(int, void *, size_t);
static ssize_t (*r_write)(int, const void *, size_t);
static ssize_t (*r_pread)(int, void *, size_t, off_t);
static ssize_t (*r_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*r_readv)(int, const struct iovec *, int);
static ssize_t (*r_writev)(int, const struct iovec *, int);
static ssize_t (*r_preadv)(int, const struct iovec *, int, off_t);
static ssize_t (*r_pwritev)(int, const struct iovec *, int, off_t);
static int (*r_open)(const char *, int, ...);
static int (*r_openat)(int, const char *, int, ...);
static int (*r_close)(int);
static off_t (*r_lseek)(int, off_t, int);
static int (*r_fstat)(int, struct stat *);
static int (*r_stat)(const char *, struct stat *);
static int (*r_lstat)(const char *, struct stat *);
static int (*r_fstatat)(int, const char *, struct stat *, int);
static int (*r___fxstat)(int, int, struct stat *);
static int (*r___xstat)(int, const char *, struct stat *);
static int (*r___lxstat)(int, const char *, struct stat *);
static int (*r___fxstatat)(int, int, const char *, struct stat *, int);
static int (*r_ftruncate)(int, off_t);
static int (*r_truncate)(const char *, off_t);
static int (*r_fsync)(int);
static int (*r_fdatasync)(int);
static void (*r_sync)(void);
static int (*r_syncfs)(int);
static int (*r_dup)(int);
static int (*r_dup2)(int, int);
static int (*r_dup3)(int, int, int);
static int (*r_fcntl)(int, int, ...);
static void *(*r_mmap)(void *, size_t, int, int, int, off_t);
static int (*r_unlink)(const char *);
static int (*r_unlinkat)(int, const char *, int);
static int (*r_rename)(const char *, const char *);
static int (*r_renameat)(int, const char *, int, const char *);

/* ---- the overlay ---- */

struct page {
    int dirty;
    unsigned char data[PAGE];
};

struct overlay {
    dev_t dev;
    ino_t ino;
    off_t size;            /* logical size: what fstat reports */
    struct page **pages;   /* indexed by offset / PAGE; NULL: read the real file */
    size_t npages;
    size_t ndirty;
    int opens;             /* descriptors open on it */
    int fd;                /* the shim's own descriptor on the file, read-write if it can: pages are read and
                              flushed through it, whatever the program's descriptor allows */
    int unlinked;
    struct overlay *next;
};

struct tracked {
    struct overlay *o;
    int append;
    int accmode;           /* O_RDONLY, O_WRONLY or O_RDWR */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct tracked **fds;   /* fd -> tracked, NULL for every other descriptor */
static struct overlay *overlays;
static char *dir;              /* POWERCUT_DIR, absolute, ending in '/' */
static size_t dirlen;
static char *stats_path;
static unsigned long long n_writes, n_syncs, n_flushed;

static void *must(const char *name) {
    void *f = dlsym(RTLD_NEXT, name);
    return f;
}

static void write_stats(void) {
    if (!stats_path) return;
    int fd = r_open(stats_path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return;
    char line[160];
    int n = snprintf(line, sizeof line, "powercut pid=%d writes=%llu syncs=%llu flushed=%llu\n", (int)getpid(), n_writes,
                     n_syncs, n_flushed);
    r_pwrite(fd, line, (size_t)n, 0);
    r_ftruncate(fd, n);
    r_close(fd);
}

static void init(void) {
    r_read = must("read");
    r_write = must("write");
    r_pread = must("pread64");
    r_pwrite = must("pwrite64");
    r_readv = must("readv");
    r_writev = must("writev");
    r_preadv = must("preadv64");
    r_pwritev = must("pwritev64");
    r_open = must("open64");
    r_openat = must("openat64");
    r_close = must("close");
    r_lseek = must("lseek64");
    r_fstat = must("fstat64");
    r_stat = must("stat64");
    r_lstat = must("lstat64");
    r_fstatat = must("fstatat64");
    r___fxstat = must("__fxstat64");
    r___xstat = must("__xstat64");
    r___lxstat = must("__lxstat64");
    r___fxstatat = must("__fxstatat64");
    r_ftruncate = must("ftruncate64");
    r_truncate = must("truncate64");
    r_fsync = must("fsync");
    r_fdatasync = must("fdatasync");
    r_sync = must("sync");
    r_syncfs = must("syncfs");
    r_dup = must("dup");
    r_dup2 = must("dup2");
    r_dup3 = must("dup3");
    r_fcntl = must("fcntl64");
    if (!r_fcntl) r_fcntl = must("fcntl");
    r_mmap = must("mmap64");
    r_unlink = must("unlink");
    r_unlinkat = must("unlinkat");
    r_rename = must("rename");
    r_renameat = must("renameat");

    const char *d = getenv("POWERCUT_DIR");
    if (d && *d) {
        char resolved[PATH_MAX];
        if (!realpath(d, resolved)) {
            fprintf(stderr, "powercut: POWERCUT_DIR=%s: %s\n", d, strerror(errno));
            abort();
        }
        dirlen = strlen(resolved);
        dir = malloc(dirlen + 2);
        memcpy(dir, resolved, dirlen);
        if (dirlen == 0 || dir[dirlen - 1] != '/') dir[dirlen++] = '/';
        dir[dirlen] = 0;
        fds = calloc(MAX_FDS, sizeof *fds);
        if (!fds) abort();
    }
    const char *s = getenv("POWERCUT_STATS");
    if (s && *s) stats_path = strdup(s);
    write_stats();
}

#define INIT() pthread_once(&once, init)

static inline struct tracked *tracked(int fd) {
    if (fd < 0 || fd >= MAX_FDS || !fds) return NULL;
    return __atomic_load_n(&fds[fd], __ATOMIC_ACQUIRE);
}

/* An fstat that works on glibc before and after 2.33. */
static int real_fstat(int fd, struct stat *st) {
    if (r_fstat) return r_fstat(fd, st);
#ifdef _STAT_VER
    if (r___fxstat) return r___fxstat(_STAT_VER, fd, st);
#endif
    errno = ENOSYS;
    return -1;
}

static int real_lstat(const char *path, struct stat *st) {
    if (r_lstat) return r_lstat(path, st);
#ifdef _STAT_VER
    if (r___lxstat) return r___lxstat(_STAT_VER, path, st);
#endif
    errno = ENOSYS;
    return -1;
}

static struct overlay *find_overlay(dev_t dev, ino_t ino) {
    for (struct overlay *o = overlays; o; o = o->next)
        if (o->dev == dev && o->ino == ino) return o;
    return NULL;
}

static void free_overlay(struct overlay *o) {
    for (struct overlay **p = &overlays; *p; p = &(*p)->next)
        if (*p == o) {
            *p = o->next;
            break;
        }
    for (size_t i = 0; i < o->npages; i++) free(o->pages[i]);
    free(o->pages);
    /* Only with no program descriptor left on the file, so closing it cannot drop the program's fcntl locks. */
    if (o->fd >= 0) r_close(o->fd);
    free(o);
}

/* Nothing left to remember: no descriptor, and either nothing unsynced or the file is gone. */
static void maybe_free(struct overlay *o) {
    if (o->opens == 0 && (o->ndirty == 0 || o->unlinked)) free_overlay(o);
}

static int under_dir(int dirfd, const char *path) {
    if (!dir || !path) return 0;
    size_t len = strlen(path);
    if (len >= 4 && strcmp(path + len - 4, "-shm") == 0) return 0;
    char buf[PATH_MAX * 2];
    if (path[0] == '/') {
        if (len >= sizeof buf) return 0;
        memcpy(buf, path, len + 1);
    } else {
        char base[PATH_MAX];
        if (dirfd == AT_FDCWD) {
            if (!getcwd(base, sizeof base)) return 0;
        } else {
            char link[64];
            snprintf(link, sizeof link, "/proc/self/fd/%d", dirfd);
            ssize_t n = readlink(link, base, sizeof base - 1);
            if (n < 0) return 0;
            base[n] = 0;
        }
        if ((size_t)snprintf(buf, sizeof buf, "%s/%s", base, path) >= sizeof buf) return 0;
    }
    return strncmp(buf, dir, dirlen) == 0;
}

/* Called with the lock held, after a successful open. */
static void track(int fd, int flags) {
    struct stat st;
    if (fd < 0) return;
    if (fd >= MAX_FDS) {
        fprintf(stderr, "powercut: descriptor %d beyond the table\n", fd);
        abort();
    }
    if (real_fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
    struct overlay *o = find_overlay(st.st_dev, st.st_ino);
    if (!o) {
        o = calloc(1, sizeof *o);
        if (!o) abort();
        o->dev = st.st_dev;
        o->ino = st.st_ino;
        o->size = st.st_size;
        char self[64];
        snprintf(self, sizeof self, "/proc/self/fd/%d", fd);
        o->fd = r_open(self, O_RDWR | O_CLOEXEC);
        if (o->fd < 0) o->fd = r_open(self, O_RDONLY | O_CLOEXEC);
        if (o->fd < 0) {
            fprintf(stderr, "powercut: cannot reopen descriptor %d: %s\n", fd, strerror(errno));
            abort();
        }
        o->next = overlays;
        overlays = o;
    } else if (flags & O_TRUNC) {
        /* The real open truncated the file: the overlay follows. */
        for (size_t i = 0; i < o->npages; i++) free(o->pages[i]);
        if (o->npages) memset(o->pages, 0, o->npages * sizeof *o->pages);
        o->ndirty = 0;
        o->size = 0;
    }
    o->opens++;
    struct tracked *t = calloc(1, sizeof *t);
    if (!t) abort();
    t->o = o;
    t->append = (flags & O_APPEND) != 0;
    t->accmode = flags & O_ACCMODE;
    __atomic_store_n(&fds[fd], t, __ATOMIC_RELEASE);
}

static void untrack(int fd) {
    struct tracked *t = tracked(fd);
    if (!t) return;
    __atomic_store_n(&fds[fd], NULL, __ATOMIC_RELEASE);
    t->o->opens--;
    maybe_free(t->o);
    free(t);
}

static void track_dup(int from, int to) {
    struct tracked *t = tracked(from);
    if (!t || to < 0) return;
    if (to >= MAX_FDS) abort();
    struct tracked *c = malloc(sizeof *c);
    if (!c) abort();
    *c = *t;
    c->o->opens++;
    __atomic_store_n(&fds[to], c, __ATOMIC_RELEASE);
}

/* The page at index i, read from the real file on first use (zeros past its end). */
static struct page *page_for(struct overlay *o, size_t i) {
    if (i >= o->npages) {
        size_t n = o->npages ? o->npages : 16;
        while (n <= i) n *= 2;
        struct page **p = realloc(o->pages, n * sizeof *p);
        if (!p) return NULL;
        memset(p + o->npages, 0, (n - o->npages) * sizeof *p);
        o->pages = p;
        o->npages = n;
    }
    if (!o->pages[i]) {
        struct page *p = calloc(1, sizeof *p);
        if (!p) return NULL;
        size_t got = 0;
        while (got < PAGE) {
            ssize_t n = r_pread(o->fd, p->data + got, PAGE - got, (off_t)(i * PAGE + got));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            got += (size_t)n;
        }
        /* Bytes of the real file past the logical size (cannot happen unless someone else wrote it) read as zeros. */
        if ((off_t)(i * PAGE) + PAGE > o->size) {
            off_t keep = o->size - (off_t)(i * PAGE);
            if (keep < 0) keep = 0;
            memset(p->data + keep, 0, PAGE - (size_t)keep);
        }
        o->pages[i] = p;
    }
    return o->pages[i];
}

static ssize_t ov_pread(struct tracked *t, void *buf, size_t count, off_t off) {
    struct overlay *o = t->o;
    if (t->accmode == O_WRONLY) {
        errno = EBADF;
        return -1;
    }
    if (off < 0) {
        errno = EINVAL;
        return -1;
    }
    if (off >= o->size || count == 0) return 0;
    if ((off_t)count > o->size - off) count = (size_t)(o->size - off);
    size_t done = 0;
    while (done < count) {
        off_t at = off + (off_t)done;
        size_t i = (size_t)(at / PAGE), in = (size_t)(at % PAGE);
        size_t n = PAGE - in;
        if (n > count - done) n = count - done;
        if (i < o->npages && o->pages[i]) {
            memcpy((char *)buf + done, o->pages[i]->data + in, n);
        } else {
            size_t got = 0;
            while (got < n) {
                ssize_t r = r_pread(o->fd, (char *)buf + done + got, n - got, at + (off_t)got);
                if (r < 0 && errno == EINTR) continue;
                if (r < 0) return done ? (ssize_t)done : -1;
                if (r == 0) break;
                got += (size_t)r;
            }
            /* Past the real end but inside the logical size: a hole, zeros. */
            memset((char *)buf + done + got, 0, n - got);
        }
        done += n;
    }
    return (ssize_t)done;
}

static ssize_t ov_pwrite(struct tracked *t, const void *buf, size_t count, off_t off) {
    struct overlay *o = t->o;
    if (t->accmode == O_RDONLY) {
        errno = EBADF;
        return -1;
    }
    if (off < 0) {
        errno = EINVAL;
        return -1;
    }
    size_t done = 0;
    while (done < count) {
        off_t at = off + (off_t)done;
        size_t i = (size_t)(at / PAGE), in = (size_t)(at % PAGE);
        size_t n = PAGE - in;
        if (n > count - done) n = count - done;
        struct page *p = page_for(o, i);
        if (!p) {
            if (done) break;
            errno = ENOMEM;
            return -1;
        }
        memcpy(p->data + in, (const char *)buf + done, n);
        if (!p->dirty) {
            p->dirty = 1;
            o->ndirty++;
        }
        done += n;
        if (at + (off_t)n > o->size) o->size = at + (off_t)n;
    }
    n_writes++;
    return (ssize_t)done;
}

/* fsync: every dirty page of the file to the real file, then the real fsync. The pages are then dropped. */
static int ov_flush(struct overlay *o) {
    for (size_t i = 0; i < o->npages; i++) {
        struct page *p = o->pages[i];
        if (!p) continue;
        if (p->dirty) {
            off_t at = (off_t)(i * PAGE);
            size_t n = PAGE;
            if (at + (off_t)n > o->size) n = o->size > at ? (size_t)(o->size - at) : 0;
            size_t put = 0;
            while (put < n) {
                ssize_t w = r_pwrite(o->fd, p->data + put, n - put, at + (off_t)put);
                if (w < 0 && errno == EINTR) continue;
                if (w < 0) return -1;
                put += (size_t)w;
            }
            n_flushed++;
            o->ndirty--;
        }
        free(p);
        o->pages[i] = NULL;
    }
    struct stat st;
    if (real_fstat(o->fd, &st) == 0 && st.st_size < o->size && r_ftruncate(o->fd, o->size) != 0) return -1;
    return 0;
}

static void ov_truncate(struct overlay *o, off_t len) {
    size_t first = (size_t)((len + PAGE - 1) / PAGE);
    for (size_t i = first; i < o->npages; i++) {
        if (!o->pages[i]) continue;
        if (o->pages[i]->dirty) o->ndirty--;
        free(o->pages[i]);
        o->pages[i] = NULL;
    }
    if (len % PAGE) {
        size_t i = (size_t)(len / PAGE);
        if (i < o->npages && o->pages[i]) memset(o->pages[i]->data + len % PAGE, 0, PAGE - (size_t)(len % PAGE));
    }
    o->size = len;
}

static void patch_size(struct stat *st) {
    if (!S_ISREG(st->st_mode)) return;
    struct overlay *o = find_overlay(st->st_dev, st->st_ino);
    if (!o) return;
    st->st_size = o->size;
    blkcnt_t blocks = (o->size + 511) / 512;
    if (st->st_blocks < blocks) st->st_blocks = blocks;
}

/* A file about to lose a name: if that is its last name, its overlay goes with it. Lock held. */
static int last_name(int dirfd, const char *path, struct stat *st) {
    if (!overlays) return 0;
    int r = (dirfd == AT_FDCWD) ? real_lstat(path, st) : r_fstatat(dirfd, path, st, AT_SYMLINK_NOFOLLOW);
    return r == 0 && S_ISREG(st->st_mode) && st->st_nlink == 1 && find_overlay(st->st_dev, st->st_ino);
}

static void forget(struct stat *st) {
    struct overlay *o = find_overlay(st->st_dev, st->st_ino);
    if (!o) return;
    o->unlinked = 1;
    maybe_free(o);
}

/* ---- the interposed calls ---- */

static int do_open(int dirfd, const char *path, int flags, mode_t mode) {
    INIT();
    int fd = dirfd == AT_FDCWD && path && path[0] == '/' ? r_open(path, flags, mode) : r_openat(dirfd, path, flags, mode);
    if (fd < 0 || !dir || (flags & O_PATH)) return fd;
    if (!under_dir(dirfd, path)) return fd;
    int saved = errno;
    pthread_mutex_lock(&lock);
    track(fd, flags);
    pthread_mutex_unlock(&lock);
    errno = saved;
    return fd;
}

static mode_t mode_arg(int flags, va_list ap) {
    return (flags & (O_CREAT | O_TMPFILE)) ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return do_open(AT_FDCWD, path, flags, mode);
}
int open64(const char *path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return do_open(AT_FDCWD, path, flags, mode);
}
int openat(int dirfd, const char *path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return do_open(dirfd, path, flags, mode);
}
int openat64(int dirfd, const char *path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    return do_open(dirfd, path, flags, mode);
}
int __open_2(const char *path, int flags) { return do_open(AT_FDCWD, path, flags, 0); }
int __open64_2(const char *path, int flags) { return do_open(AT_FDCWD, path, flags, 0); }
int __openat_2(int dirfd, const char *path, int flags) { return do_open(dirfd, path, flags, 0); }
int __openat64_2(int dirfd, const char *path, int flags) { return do_open(dirfd, path, flags, 0); }
int creat(const char *path, mode_t mode) { return do_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode); }
int creat64(const char *path, mode_t mode) { return do_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode); }

int close(int fd) {
    INIT();
    if (tracked(fd)) {
        pthread_mutex_lock(&lock);
        untrack(fd);
        pthread_mutex_unlock(&lock);
    }
    return r_close(fd);
}

ssize_t pread64(int fd, void *buf, size_t count, off_t off) {
    INIT();
    if (!tracked(fd)) return r_pread(fd, buf, count, off);
    pthread_mutex_lock(&lock);
    struct tracked *t = tracked(fd);
    ssize_t n = t ? ov_pread(t, buf, count, off) : r_pread(fd, buf, count, off);
    pthread_mutex_unlock(&lock);
    return n;
}
ssize_t pread(int fd, void *buf, size_t count, off_t off) { return pread64(fd, buf, count, off); }

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t off) {
    INIT();
    if (!tracked(fd)) return r_pwrite(fd, buf, count, off);
    pthread_mutex_lock(&lock);
    struct tracked *t = tracked(fd);
    ssize_t n = t ? ov_pwrite(t, buf, count, off) : r_pwrite(fd, buf, count, off);
    pthread_mutex_unlock(&lock);
    return n;
}
ssize_t pwrite(int fd, const void *buf, size_t count, off_t off) { return pwrite64(fd, buf, count, off); }

ssize_t read(int fd, void *buf, size_t count) {
    INIT();
    if (!tracked(fd)) return r_read(fd, buf, count);
    pthread_mutex_lock(&lock);
    struct tracked *t = tracked(fd);
    ssize_t n;
    if (!t) {
        n = r_read(fd, buf, count);
    } else {
        off_t at = r_lseek(fd, 0, SEEK_CUR);
        n = at < 0 ? -1 : ov_pread(t, buf, count, at);
        if (n > 0) r_lseek(fd, at + n, SEEK_SET);
    }
    pthread_mutex_unlock(&lock);
    return n;
}

ssize_t write(int fd, const void *buf, size_t count) {
    INIT();
    if (!tracked(fd)) return r_write(fd, buf, count);
    pthread_mutex_lock(&lock);
    struct tracked *t = tracked(fd);
    ssize_t n;
    if (!t) {
        n = r_write(fd, buf, count);
    } else {
        off_t at = t->append ? t->o->size : r_lseek(fd, 0, SEEK_CUR);
        n = at < 0 ? -1 : ov_pwrite(t, buf, count, at);
        if (n > 0) r_lseek(fd, at + n, SEEK_SET);
    }
    pthread_mutex_unlock(&lock);
    return n;
}

static ssize_t vec_io(int fd, const struct iovec *iov, int cnt, off_t off, int positional, int writing) {
    ssize_t total = 0;
    for (int k = 0; k < cnt; k++) {
        if (iov[k].iov_len == 0) continue;
        ssize_t n;
        if (positional)
            n = writing ? pwrite64(fd, iov[k].iov_base, iov[k].iov_len, off + total)
                        : pread64(fd, iov[k].iov_base, iov[k].iov_len, off + total);
        else
            n = writing ? write(fd, iov[k].iov_base, iov[k].iov_len) : read(fd, iov[k].iov_base, iov[k].iov_len);
        if (n < 0) return total ? total : -1;
        total += n;
        if ((size_t)n < iov[k].iov_len) break;
    }
    return total;
}

ssize_t readv(int fd, const struct iovec *iov, int cnt) {
    INIT();
    return tracked(fd) ? vec_io(fd, iov, cnt, 0, 0, 0) : r_readv(fd, iov, cnt);
}
ssize_t writev(int fd, const struct iovec *iov, int cnt) {
    INIT();
    return tracked(fd) ? vec_io(fd, iov, cnt, 0, 0, 1) : r_writev(fd, iov, cnt);
}
ssize_t preadv64(int fd, const struct iovec *iov, int cnt, off_t off) {
    INIT();
    return tracked(fd) ? vec_io(fd, iov, cnt, off, 1, 0) : r_preadv(fd, iov, cnt, off);
}
ssize_t preadv(int fd, const struct iovec *iov, int cnt, off_t off) { return preadv64(fd, iov, cnt, off); }
ssize_t pwritev64(int fd, const struct iovec *iov, int cnt, off_t off) {
    INIT();
    return tracked(fd) ? vec_io(fd, iov, cnt, off, 1, 1) : r_pwritev(fd, iov, cnt, off);
}
ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off) { return pwritev64(fd, iov, cnt, off); }

off_t lseek64(int fd, off_t off, int whence) {
    INIT();
    if (!tracked(fd) || whence != SEEK_END) return r_lseek(fd, off, whence);
    pthread_mutex_lock(&lock);
    struct tracked *t = tracked(fd);
    off_t r = t ? r_lseek(fd, t->o->size + off, SEEK_SET) : r_lseek(fd, off, whence);
    pthread_mutex_unlock(&lock);
    return r;
}
off_t lseek(int fd, off_t off, int whence) { return lseek64(fd, off, whence); }

/* stat family: the real answer, with the overlay's logical size for a file that has one. */
static int after_stat(int r, struct stat *st) {
    if (r == 0 && overlays) {
        int saved = errno;
        pthread_mutex_lock(&lock);
        patch_size(st);
        pthread_mutex_unlock(&lock);
        errno = saved;
    }
    return r;
}
/* On 64-bit Linux struct stat and struct stat64 are the same layout. */
int fstat(int fd, struct stat *st) {
    INIT();
    return after_stat(r_fstat(fd, st), st);
}
int fstat64(int fd, struct stat64 *st) { return fstat(fd, (struct stat *)st); }
int stat(const char *path, struct stat *st) {
    INIT();
    return after_stat(r_stat(path, st), st);
}
int stat64(const char *path, struct stat64 *st) { return stat(path, (struct stat *)st); }
int lstat(const char *path, struct stat *st) {
    INIT();
    return after_stat(r_lstat(path, st), st);
}
int lstat64(const char *path, struct stat64 *st) { return lstat(path, (struct stat *)st); }
int fstatat(int dirfd, const char *path, struct stat *st, int flags) {
    INIT();
    return after_stat(r_fstatat(dirfd, path, st, flags), st);
}
int fstatat64(int dirfd, const char *path, struct stat64 *st, int flags) {
    return fstatat(dirfd, path, (struct stat *)st, flags);
}
/* glibc before 2.33 */
int __fxstat64(int ver, int fd, struct stat *st) {
    INIT();
    return after_stat(r___fxstat(ver, fd, st), st);
}
int __fxstat(int ver, int fd, struct stat *st) { return __fxstat64(ver, fd, st); }
int __xstat64(int ver, const char *path, struct stat *st) {
    INIT();
    return after_stat(r___xstat(ver, path, st), st);
}
int __xstat(int ver, const char *path, struct stat *st) { return __xstat64(ver, path, st); }
int __lxstat64(int ver, const char *path, struct stat *st) {
    INIT();
    return after_stat(r___lxstat(ver, path, st), st);
}
int __lxstat(int ver, const char *path, struct stat *st) { return __lxstat64(ver, path, st); }
int __fxstatat64(int ver, int dirfd, const char *path, struct stat *st, int flags) {
    INIT();
    return after_stat(r___fxstatat(ver, dirfd, path, st, flags), st);
}
int __fxstatat(int ver, int dirfd, const char *path, struct stat *st, int flags) {
    return __fxstatat64(ver, dirfd, path, st, flags);
}

/* Truncation is metadata here: durable at once, and the overlay is cut to match. */
int ftruncate64(int fd, off_t len) {
    INIT();
    if (!tracked(fd)) return r_ftruncate(fd, len);
    pthread_mutex_lock(&lock);
    struct tracked *t = tracked(fd);
    int r = r_ftruncate(fd, len);
    if (r == 0 && t) ov_truncate(t->o, len);
    pthread_mutex_unlock(&lock);
    return r;
}
int ftruncate(int fd, off_t len) { return ftruncate64(fd, len); }
int truncate64(const char *path, off_t len) {
    INIT();
    int r = r_truncate(path, len);
    struct stat st;
    if (r == 0 && overlays) {
        pthread_mutex_lock(&lock);
        if (r_stat && r_stat(path, &st) == 0) {
            struct overlay *o = find_overlay(st.st_dev, st.st_ino);
            if (o) ov_truncate(o, len);
        }
        pthread_mutex_unlock(&lock);
    }
    return r;
}
int truncate(const char *path, off_t len) { return truncate64(path, len); }

static int do_sync(int fd, int data_only) {
    INIT();
    if (!tracked(fd)) return data_only ? r_fdatasync(fd) : r_fsync(fd);
    pthread_mutex_lock(&lock);
    struct tracked *t = tracked(fd);
    int r = t ? ov_flush(t->o) : 0;
    if (r == 0) r = data_only ? r_fdatasync(fd) : r_fsync(fd);
    n_syncs++;
    write_stats();
    pthread_mutex_unlock(&lock);
    return r;
}
int fsync(int fd) { return do_sync(fd, 0); }
int fdatasync(int fd) { return do_sync(fd, 1); }

/* sync/syncfs: every file's dirty pages, also those of files the program has closed. */
static void flush_all(void) {
    pthread_mutex_lock(&lock);
    for (struct overlay *o = overlays, *next; o; o = next) {
        next = o->next;
        if (o->ndirty) ov_flush(o);
        maybe_free(o);
    }
    n_syncs++;
    write_stats();
    pthread_mutex_unlock(&lock);
}
void sync(void) {
    INIT();
    flush_all();
    r_sync();
}
int syncfs(int fd) {
    INIT();
    flush_all();
    return r_syncfs(fd);
}

int dup(int fd) {
    INIT();
    int r = r_dup(fd);
    if (r >= 0 && tracked(fd)) {
        pthread_mutex_lock(&lock);
        track_dup(fd, r);
        pthread_mutex_unlock(&lock);
    }
    return r;
}
static int do_dup2(int fd, int to, int flags, int three) {
    INIT();
    if (fd == to && !three) return r_dup2(fd, to);
    if (!tracked(fd) && !tracked(to)) return three ? r_dup3(fd, to, flags) : r_dup2(fd, to);
    pthread_mutex_lock(&lock);
    int r = three ? r_dup3(fd, to, flags) : r_dup2(fd, to);
    if (r >= 0) {
        untrack(to);
        track_dup(fd, to);
    }
    pthread_mutex_unlock(&lock);
    return r;
}
int dup2(int fd, int to) { return do_dup2(fd, to, 0, 0); }
int dup3(int fd, int to, int flags) { return do_dup2(fd, to, flags, 1); }

static int do_fcntl(int fd, int cmd, void *arg) {
    INIT();
    int r = r_fcntl(fd, cmd, arg);
    if (r >= 0 && (cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC) && tracked(fd)) {
        pthread_mutex_lock(&lock);
        track_dup(fd, r);
        pthread_mutex_unlock(&lock);
    }
    if (r >= 0 && cmd == F_SETFL && tracked(fd)) {
        pthread_mutex_lock(&lock);
        struct tracked *t = tracked(fd);
        if (t) t->append = ((int)(intptr_t)arg & O_APPEND) != 0;
        pthread_mutex_unlock(&lock);
    }
    return r;
}
int fcntl(int fd, int cmd, ...) {
    va_list ap;
    va_start(ap, cmd);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    return do_fcntl(fd, cmd, arg);
}
int fcntl64(int fd, int cmd, ...) {
    va_list ap;
    va_start(ap, cmd);
    void *arg = va_arg(ap, void *);
    va_end(ap);
    return do_fcntl(fd, cmd, arg);
}

void *mmap64(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
    INIT();
    if (!(flags & MAP_ANONYMOUS) && tracked(fd)) {
        errno = ENODEV;
        return MAP_FAILED;
    }
    return r_mmap(addr, len, prot, flags, fd, off);
}
void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off) {
    return mmap64(addr, len, prot, flags, fd, off);
}

int unlink(const char *path) {
    INIT();
    pthread_mutex_lock(&lock);
    struct stat st;
    int last = last_name(AT_FDCWD, path, &st);
    int r = r_unlink(path);
    if (r == 0 && last) forget(&st);
    pthread_mutex_unlock(&lock);
    return r;
}
int unlinkat(int dirfd, const char *path, int flags) {
    INIT();
    pthread_mutex_lock(&lock);
    struct stat st;
    int last = !(flags & AT_REMOVEDIR) && last_name(dirfd, path, &st);
    int r = r_unlinkat(dirfd, path, flags);
    if (r == 0 && last) forget(&st);
    pthread_mutex_unlock(&lock);
    return r;
}
int renameat(int olddir, const char *from, int newdir, const char *to) {
    INIT();
    pthread_mutex_lock(&lock);
    struct stat st, src;
    int last = last_name(newdir, to, &st);
    if (last && (olddir == AT_FDCWD ? real_lstat(from, &src) : r_fstatat(olddir, from, &src, AT_SYMLINK_NOFOLLOW)) == 0 &&
        src.st_dev == st.st_dev && src.st_ino == st.st_ino)
        last = 0;
    int r = olddir == AT_FDCWD && newdir == AT_FDCWD ? r_rename(from, to) : r_renameat(olddir, from, newdir, to);
    if (r == 0 && last) forget(&st);
    pthread_mutex_unlock(&lock);
    return r;
}
int rename(const char *from, const char *to) { return renameat(AT_FDCWD, from, AT_FDCWD, to); }

#else /* POWERCUT_SELFTEST */

/*
 * The shim's own check, built as a program and run under the shim:
 *   cc -DPOWERCUT_SELFTEST -o powercut-selftest powercut.c
 *   POWERCUT_DIR=D LD_PRELOAD=./libpowercut.so ./powercut-selftest D
 * It writes, syncs part of it, checks that its own reads see everything, then kills itself with SIGKILL.
 * Run it again with "check" after the path (without the shim) to verify what reached the disk; exit 0 if right.
 */
static void fail(const char *what) {
    fprintf(stderr, "powercut selftest: %s\n", what);
    exit(2);
}

static void fill(char *buf, size_t n, char c) { memset(buf, c, n); }

int main(int argc, char **argv) {
    if (argc < 2) fail("usage: powercut-selftest DIR [check]");
    char a[4096 + 64], b[4096 + 64], c[4096 + 64], d[4096 + 64];
    snprintf(a, sizeof a, "%s/synced", argv[1]);
    snprintf(b, sizeof b, "%s/partly", argv[1]);
    snprintf(c, sizeof c, "%s/never", argv[1]);
    snprintf(d, sizeof d, "%s/stream", argv[1]);
    static char page[16384], want[16384];
    struct stat st;

    if (argc > 2) {
        /* synced: 3 pages of 'A', fully synced, then "EEEE" at 4106 through a write-only descriptor, synced. */
        int fd = open(a, O_RDONLY);
        if (fd < 0 || fstat(fd, &st) != 0 || st.st_size != 3 * 4096) fail("synced: wrong size");
        for (int i = 0; i < 3; i++) {
            if (pread(fd, page, 4096, i * 4096) != 4096) fail("synced: short read");
            fill(want, 4096, 'A');
            if (i == 1) memcpy(want + 10, "EEEE", 4);
            if (memcmp(page, want, 4096)) fail("synced: wrong content");
        }
        close(fd);
        /* partly: 'B' x 6000 synced; then 'C' over bytes 100..199 and 'D' appended up to 10000, unsynced. */
        fd = open(b, O_RDONLY);
        if (fd < 0 || fstat(fd, &st) != 0) fail("partly: missing");
        if (st.st_size != 6000) fail("partly: the unsynced append survived (or the synced part is short)");
        if (pread(fd, page, 6000, 0) != 6000) fail("partly: short read");
        fill(want, 6000, 'B');
        if (memcmp(page, want, 6000)) fail("partly: an unsynced overwrite survived");
        close(fd);
        /* never: created (metadata is durable), written, never synced: empty. */
        if (stat(c, &st) != 0) fail("never: the file itself is gone");
        if (st.st_size != 0) fail("never: unsynced data survived");
        /* stream: write()+lseek, "hello " synced, "world" not; then ftruncate to 3 (durable at once). */
        fd = open(d, O_RDONLY);
        if (fd < 0 || read(fd, page, sizeof page) != 3 || memcmp(page, "hel", 3)) fail("stream: wrong content");
        close(fd);
        printf("powercut selftest: synced data survived, unsynced data is gone\n");
        return 0;
    }

    int fa = open(a, O_RDWR | O_CREAT | O_TRUNC, 0644);
    fill(page, 4096, 'A');
    for (int i = 0; i < 3; i++)
        if (pwrite(fa, page, 4096, i * 4096) != 4096) fail("write synced");
    if (fsync(fa) != 0) fail("fsync synced");
    /* A descriptor opened write-only changes 4 bytes of a page; the rest of that page must not change. */
    int fw = open(a, O_WRONLY);
    if (pwrite(fw, "EEEE", 4, 4096 + 10) != 4 || fsync(fw) != 0) fail("write-only overwrite");
    close(fw);
    int fr = open(a, O_RDONLY);
    if (pwrite(fr, "x", 1, 0) != -1 || errno != EBADF) fail("a read-only descriptor accepted a write");
    close(fr);

    int fb = open(b, O_RDWR | O_CREAT | O_TRUNC, 0644);
    fill(page, 6000, 'B');
    if (pwrite(fb, page, 6000, 0) != 6000) fail("write partly");
    if (fdatasync(fb) != 0) fail("fdatasync partly");
    fill(page, 100, 'C');
    if (pwrite(fb, page, 100, 100) != 100) fail("overwrite partly");
    fill(page, 4000, 'D');
    if (pwrite(fb, page, 4000, 6000) != 4000) fail("append partly");
    /* What the process sees: its own unsynced writes, through another descriptor too, and the logical size. */
    int fb2 = open(b, O_RDONLY);
    if (fstat(fb2, &st) != 0 || st.st_size != 10000) fail("fstat does not report the logical size");
    if (stat(b, &st) != 0 || st.st_size != 10000) fail("stat does not report the logical size");
    if (pread(fb2, page, 10000, 0) != 10000) fail("read back partly");
    if (page[99] != 'B' || page[100] != 'C' || page[199] != 'C' || page[200] != 'B' || page[6000] != 'D' ||
        page[9999] != 'D')
        fail("a second descriptor does not see the unsynced writes");
    close(fb2);

    int fc = open(c, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (write(fc, "lost", 4) != 4) fail("write never");
    close(fc); /* closing does not sync */

    int fd = open(d, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (write(fd, "hello ", 6) != 6 || fsync(fd) != 0) fail("write stream");
    if (write(fd, "world", 5) != 5) fail("write stream 2");
    if (lseek(fd, 0, SEEK_END) != 11 || lseek(fd, 0, SEEK_SET) != 0) fail("lseek does not see the logical size");
    if (read(fd, page, 20) != 11 || memcmp(page, "hello world", 11)) fail("read back stream");
    if (ftruncate(fd, 3) != 0) fail("ftruncate");

    fflush(stdout);
    kill(getpid(), SIGKILL);
    return 3;
}

#endif
