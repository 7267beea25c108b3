/*
 * MyData Wallet's AppImage runtime: the ELF program at the start of the AppImage (type 2: this program,
 * then a squashfs image of the AppDir right after its last byte).
 *
 * Part of MyData Wallet (GPL-3.0-or-later). Written for this project: neither appimagetool nor the AppImage
 * project's runtime can be had from the package registries the build reaches. Built by
 * packaging/appimage/build-runtime.sh with Debian's libsquashfuse (squashfs reading and its FUSE low-level
 * operations) and libfuse3, linked statically, so the target needs glibc and, for mounting, fusermount3
 * (Debian/Ubuntu: fuse3), as the AppImage project's own runtime does. make-appimage.sh puts this file and
 * the licences of those libraries into the image (usr/share/doc/appimage-runtime/).
 *
 * What it does, with the options of the AppImage runtime that people and tools know:
 *   (no option)                  mount the image read-only with FUSE in $TMPDIR/.mount_mydata-XXXXXX and run
 *                                its AppRun with the arguments; unmount when AppRun (and everything it started
 *                                that kept the inherited keep-alive pipe) has ended. When FUSE cannot mount
 *                                (no /dev/fuse, no fusermount3: containers, some distributions), it says so in
 *                                one line and extracts and runs instead.
 *   --appimage-extract-and-run   (or APPIMAGE_EXTRACT_AND_RUN=1) extract into a fresh temporary folder, run
 *                                AppRun there, delete the folder afterwards (APPIMAGE_EXTRACT_AND_RUN_NODELETE=1
 *                                keeps it). Signals (TERM, INT, HUP, QUIT) are passed on to AppRun and its exit
 *                                code becomes the runtime's.
 *   --appimage-extract [PATTERN] extract the image (or the paths matching the fnmatch PATTERN) into
 *                                ./squashfs-root
 *   --appimage-mount             mount, print the mount point, keep it until interrupted
 *   --appimage-offset            print where the squashfs image starts (the size of this program)
 *   --appimage-updateinformation print the update information (.upd_info; empty for this project)
 *   --appimage-version, --appimage-help
 * AppRun gets APPIMAGE (this file), APPDIR (the mounted or extracted folder), ARGV0 and OWD (the folder
 * it was started from) in its environment.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

/* squashfuse's config.h sets its own feature macros; the system headers above already have theirs */
#undef _POSIX_C_SOURCE
#undef FUSE_USE_VERSION
#include <ll.h>

#ifndef RUNTIME_VERSION
#define RUNTIME_VERSION "1"
#endif

/* AppImage type 2: sections that tools fill in after the build (update information, signature) */
__attribute__((section(".upd_info"), used)) static char upd_info[1024] = "";
__attribute__((section(".sha256_sig"), used)) static char sha256_sig[1024] = "";
__attribute__((section(".sig_key"), used)) static char sig_key[8192] = "";

static char self_path[PATH_MAX];
static volatile sig_atomic_t forward_pid = 0;

static void die(const char *what) {
    fprintf(stderr, "mydata-wallet AppImage: %s: %s\n", what, strerror(errno));
    exit(127);
}

/* Where the squashfs image starts: the end of this ELF file (its section header table is last). */
static off_t elf_size(const char *path) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) die("cannot open the AppImage");
    Elf64_Ehdr eh;
    if (pread(fd, &eh, sizeof eh, 0) != (ssize_t)sizeof eh || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
        eh.e_ident[EI_CLASS] != ELFCLASS64) {
        fprintf(stderr, "mydata-wallet AppImage: %s is not a 64-bit ELF file\n", path);
        exit(127);
    }
    close(fd);
    off_t end_sections = (off_t)eh.e_shoff + (off_t)eh.e_shentsize * eh.e_shnum;
    off_t end_header = (off_t)eh.e_phoff + (off_t)eh.e_phentsize * eh.e_phnum;
    return end_sections > end_header ? end_sections : end_header;
}

static int env_true(const char *name) {
    const char *v = getenv(name);
    return v && *v && strcmp(v, "0") != 0;
}

static const char *tmp_dir(void) {
    const char *t = getenv("TMPDIR");
    return (t && *t) ? t : "/tmp";
}

/* ---------------------------------------------------------------------------------------------- extract */

static int mkdirs(char *path, mode_t mode) {
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(path, 0755) != 0 && errno != EEXIST) return -1;
        *p = '/';
    }
    if (mkdir(path, mode) != 0 && errno != EEXIST) return -1;
    return 0;
}

static int write_file(sqfs *fs, sqfs_inode *inode, const char *dest, mode_t mode) {
    int fd = open(dest, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0) return -1;
    static char buf[1 << 20];
    uint64_t size = inode->xtra.reg.file_size;
    for (uint64_t pos = 0; pos < size;) {
        sqfs_off_t chunk = (sqfs_off_t)(size - pos < sizeof buf ? size - pos : sizeof buf);
        if (sqfs_read_range(fs, inode, (sqfs_off_t)pos, &chunk, buf) != SQFS_OK || chunk <= 0) {
            close(fd);
            errno = EIO;
            return -1;
        }
        for (sqfs_off_t done = 0; done < chunk;) {
            ssize_t n = write(fd, buf + done, (size_t)(chunk - done));
            if (n < 0) {
                if (errno == EINTR) continue;
                close(fd);
                return -1;
            }
            done += n;
        }
        pos += (uint64_t)chunk;
    }
    if (fchmod(fd, mode) != 0 || close(fd) != 0) return -1;
    return 0;
}

/* Extract the image into dest (created if missing); only paths matching pattern when it is not NULL. */
static int extract(const char *image, off_t offset, const char *dest, const char *pattern, int verbose) {
    sqfs fs;
    if (sqfs_open_image(&fs, image, (size_t)offset) != SQFS_OK) {
        fprintf(stderr, "mydata-wallet AppImage: %s holds no readable squashfs image at offset %lld\n", image,
                (long long)offset);
        return -1;
    }
    char root[PATH_MAX];
    snprintf(root, sizeof root, "%s", dest);
    if (mkdirs(root, 0755) != 0) {
        perror(dest);
        sqfs_destroy(&fs);
        return -1;
    }
    sqfs_traverse trv;
    sqfs_err err = sqfs_traverse_open(&trv, &fs, sqfs_inode_root(&fs));
    int failed = err != SQFS_OK;
    while (!failed && sqfs_traverse_next(&trv, &err)) {
        if (trv.dir_end) continue;
        if (pattern && fnmatch(pattern, trv.path, 0) != 0) continue;
        sqfs_inode inode;
        if (sqfs_inode_get(&fs, &inode, trv.entry.inode) != SQFS_OK) {
            failed = 1;
            break;
        }
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s/%s", dest, trv.path) >= (int)sizeof path) {
            errno = ENAMETOOLONG;
            perror(trv.path);
            failed = 1;
            break;
        }
        if (verbose) printf("%s\n", path);
        mode_t mode = inode.base.mode & 07777;
        int rc = 0;
        if (pattern) {  /* a matching file deep inside: its folders first */
            char *slash = strrchr(path, '/');
            *slash = '\0';
            rc = mkdirs(path, 0755);
            *slash = '/';
        }
        switch (inode.base.inode_type) {
            case SQUASHFS_DIR_TYPE:
            case SQUASHFS_LDIR_TYPE:
                /* owner-writable while extracting (and afterwards, so the folder can be deleted) */
                rc = rc ? rc : mkdirs(path, mode | 0700);
                break;
            case SQUASHFS_REG_TYPE:
            case SQUASHFS_LREG_TYPE:
                rc = rc ? rc : write_file(&fs, &inode, path, mode | 0600);
                break;
            case SQUASHFS_SYMLINK_TYPE:
            case SQUASHFS_LSYMLINK_TYPE: {
                char target[PATH_MAX];
                size_t size = sizeof target;
                if (rc == 0 && sqfs_readlink(&fs, &inode, target, &size) == SQFS_OK) {
                    unlink(path);
                    rc = symlink(target, path);
                } else {
                    rc = -1;
                }
                break;
            }
            default:  /* devices, fifos and sockets have no place in an AppDir */
                break;
        }
        if (rc != 0) {
            perror(path);
            failed = 1;
        }
    }
    if (err != SQFS_OK) failed = 1;
    sqfs_traverse_close(&trv);
    sqfs_destroy(&fs);
    return failed ? -1 : 0;
}

static int remove_tree(const char *path) {
    /* the extracted folder holds only what this runtime wrote: no mounts, no foreign files */
    pid_t pid = fork();
    if (pid == 0) {
        execl("/bin/rm", "rm", "-rf", "--", path, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0) return -1;
    return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------------------------------------------ run */

static void set_env(const char *appdir, const char *argv0) {
    char cwd[PATH_MAX];
    setenv("APPIMAGE", self_path, 1);
    setenv("APPDIR", appdir, 1);
    setenv("ARGV0", argv0, 1);
    if (getcwd(cwd, sizeof cwd)) setenv("OWD", cwd, 1);
}

static void exec_apprun(const char *appdir, char **argv) {
    char apprun[PATH_MAX];
    snprintf(apprun, sizeof apprun, "%s/AppRun", appdir);
    set_env(appdir, argv[0]);
    argv[0] = apprun;
    execv(apprun, argv);
    die("cannot run AppRun");
}

static void forward(int sig) {
    if (forward_pid > 0) kill(forward_pid, sig);
}

static int extract_and_run(off_t offset, char **argv) {
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/appimage_extracted_mydata-XXXXXX", tmp_dir());
    if (!mkdtemp(dir)) die("cannot make a temporary folder");
    if (extract(self_path, offset, dir, NULL, 0) != 0) {
        remove_tree(dir);
        return 127;
    }
    struct sigaction sa = {0};
    sa.sa_handler = forward;
    sigemptyset(&sa.sa_mask);
    int signals[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT};
    for (size_t i = 0; i < sizeof signals / sizeof *signals; i++) sigaction(signals[i], &sa, NULL);
    pid_t pid = fork();
    if (pid < 0) die("cannot start AppRun");
    if (pid == 0) {
        exec_apprun(dir, argv);
    }
    forward_pid = pid;
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!env_true("APPIMAGE_EXTRACT_AND_RUN_NODELETE")) remove_tree(dir);
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 127;
}

/* ---------------------------------------------------------------------------------------------- mount */

static struct fuse_lowlevel_ops sqfs_ops(void) {
    struct fuse_lowlevel_ops ops;
    memset(&ops, 0, sizeof ops);
    ops.getattr = sqfs_ll_op_getattr;
    ops.opendir = sqfs_ll_op_opendir;
    ops.releasedir = sqfs_ll_op_releasedir;
    ops.readdir = sqfs_ll_op_readdir;
    ops.lookup = sqfs_ll_op_lookup;
    ops.open = sqfs_ll_op_open;
    ops.create = sqfs_ll_op_create;
    ops.release = sqfs_ll_op_release;
    ops.read = sqfs_ll_op_read;
    ops.readlink = sqfs_ll_op_readlink;
    ops.listxattr = sqfs_ll_op_listxattr;
    ops.getxattr = sqfs_ll_op_getxattr;
    ops.forget = sqfs_ll_op_forget;
    ops.statfs = stfs_ll_op_statfs;
    return ops;
}

/* libfuse's own messages ("failed to open /dev/fuse") only with APPIMAGE_DEBUG=1: the runtime says it in one line */
static void quiet_log(enum fuse_log_level level, const char *fmt, va_list ap) {
    (void)level;
    (void)fmt;
    (void)ap;
}

/*
 * The FUSE server, in a child process: mounts, says "ok" on ready_fd, then serves requests until
 * keepalive_fd reaches its end (every holder of its write end, AppRun and whatever it started, is gone)
 * or the mount goes away; then unmounts (lazily: a straggler keeps its open files) and removes the folder.
 */
static void serve(const char *mountpoint, off_t offset, int ready_fd, int keepalive_fd) {
    if (!env_true("APPIMAGE_DEBUG")) fuse_set_log_func(quiet_log);
    sqfs_ll *ll = sqfs_ll_open(self_path, (size_t)offset);
    if (!ll) _exit(1);
    /* fsname is a fixed word: an AppImage path with a comma would end the option list */
    char *fuse_argv[] = {"mydata-wallet-appimage", "-o", "ro,nodev,fsname=mydata-wallet,subtype=appimage", NULL};
    struct fuse_args args = FUSE_ARGS_INIT(3, fuse_argv);
    struct fuse_lowlevel_ops ops = sqfs_ops();
    sqfs_ll_chan ch;
    memset(&ch, 0, sizeof ch);
    if (sqfs_ll_mount(&ch, mountpoint, &args, &ops, sizeof ops, ll) != SQFS_OK) _exit(1);
    if (write(ready_fd, "ok", 2) != 2) _exit(1);
    close(ready_fd);
    /* the app's terminal and pipes are not the server's: whoever reads the app's output sees its end when the
       app ends, not when the server does */
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (devnull >= 0) {
        dup2(devnull, STDIN_FILENO);
        dup2(devnull, STDOUT_FILENO);
        if (!env_true("APPIMAGE_DEBUG")) dup2(devnull, STDERR_FILENO);
        if (devnull > STDERR_FILENO) close(devnull);
    }
    struct fuse_session *se = ch.session;
    struct fuse_buf buf;
    memset(&buf, 0, sizeof buf);
    for (;;) {
        struct pollfd fds[2] = {{fuse_session_fd(se), POLLIN, 0}, {keepalive_fd, POLLIN, 0}};
        if (poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (fds[1].revents) break; /* end of the keep-alive pipe: the app has ended */
        if (fds[0].revents & (POLLERR | POLLHUP | POLLNVAL)) break;
        if (fds[0].revents & POLLIN) {
            int res = fuse_session_receive_buf(se, &buf);
            if (res == -EINTR || res == -EAGAIN) continue;
            if (res <= 0) break;
            fuse_session_process_buf(se, &buf);
        }
    }
    free(buf.mem);
    sqfs_ll_unmount(&ch, mountpoint);
    sqfs_ll_destroy(ll);
    free(ll);
    rmdir(mountpoint);
    _exit(0);
}

/* Mounts in a child; returns the child's pid with *keepalive_w the write end to hold, or -1. */
static pid_t mount_image(char *mountpoint, size_t size, off_t offset, int *keepalive_w) {
    snprintf(mountpoint, size, "%s/.mount_mydata-XXXXXX", tmp_dir());
    if (!mkdtemp(mountpoint)) return -1;
    int ready[2], keepalive[2];
    if (pipe2(ready, O_CLOEXEC) != 0 || pipe(keepalive) != 0) die("cannot make a pipe");
    pid_t pid = fork();
    if (pid < 0) die("cannot start the FUSE server");
    if (pid == 0) {
        close(ready[0]);
        close(keepalive[1]);
        setsid(); /* Ctrl-C in the terminal is for the app; the server ends with the keep-alive pipe */
        signal(SIGINT, SIG_IGN);
        signal(SIGHUP, SIG_IGN);
        serve(mountpoint, offset, ready[1], keepalive[0]);
    }
    close(ready[1]);
    close(keepalive[0]);
    char answer[2] = {0};
    ssize_t n;
    while ((n = read(ready[0], answer, 2)) < 0 && errno == EINTR) {
    }
    close(ready[0]);
    if (n != 2 || memcmp(answer, "ok", 2) != 0) {
        close(keepalive[1]);
        waitpid(pid, NULL, 0);
        rmdir(mountpoint);
        return -1;
    }
    *keepalive_w = keepalive[1]; /* inherited by AppRun: not close-on-exec */
    return pid;
}

static int mount_and_wait(off_t offset) {
    char mountpoint[PATH_MAX];
    int keepalive_w = -1;
    pid_t server = mount_image(mountpoint, sizeof mountpoint, offset, &keepalive_w);
    if (server < 0) {
        fprintf(stderr, "mydata-wallet AppImage: cannot mount with FUSE (install fuse3)\n");
        return 127;
    }
    printf("%s\n", mountpoint);
    fflush(stdout);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigprocmask(SIG_BLOCK, &set, NULL);
    int sig = 0;
    sigwait(&set, &sig);
    close(keepalive_w);
    waitpid(server, NULL, 0);
    return 0;
}

/* ----------------------------------------------------------------------------------------------- main */

static void usage(void) {
    printf("MyData Wallet AppImage (runtime " RUNTIME_VERSION ")\n"
           "  (no option)                   run the app, mounted with FUSE (extracted when FUSE is missing)\n"
           "  --appimage-extract [PATTERN]  extract the contents (or the paths matching PATTERN) to ./squashfs-root\n"
           "  --appimage-extract-and-run    extract to a temporary folder, run, delete it (also:\n"
           "                                APPIMAGE_EXTRACT_AND_RUN=1)\n"
           "  --appimage-mount              mount, print the mount point, keep it until interrupted\n"
           "  --appimage-offset             print where the squashfs image starts\n"
           "  --appimage-updateinformation  print the update information\n"
           "  --appimage-version            print the runtime's version\n"
           "Other arguments go to the app (mydata-wallet --help).\n");
}

int main(int argc, char **argv) {
    ssize_t n = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
    if (n <= 0) die("cannot find the AppImage's own path");
    self_path[n] = '\0';
    off_t offset = elf_size(self_path);
    const char *opt = argc > 1 ? argv[1] : "";
    int extract_run = env_true("APPIMAGE_EXTRACT_AND_RUN");

    if (strncmp(opt, "--appimage-", 11) == 0) {
        if (strcmp(opt, "--appimage-offset") == 0) {
            printf("%lld\n", (long long)offset);
            return 0;
        }
        if (strcmp(opt, "--appimage-version") == 0) {
            printf("MyData Wallet AppImage runtime " RUNTIME_VERSION "\n");
            return 0;
        }
        if (strcmp(opt, "--appimage-help") == 0) {
            usage();
            return 0;
        }
        if (strcmp(opt, "--appimage-updateinformation") == 0) {
            printf("%.*s\n", (int)sizeof upd_info, upd_info);
            return 0;
        }
        if (strcmp(opt, "--appimage-signature") == 0) {
            printf("%.*s\n", (int)sizeof sha256_sig, sha256_sig);
            (void)sig_key;
            return 0;
        }
        if (strcmp(opt, "--appimage-extract") == 0) {
            return extract(self_path, offset, "squashfs-root", argc > 2 ? argv[2] : NULL, 1) == 0 ? 0 : 1;
        }
        if (strcmp(opt, "--appimage-mount") == 0) {
            return mount_and_wait(offset);
        }
        if (strcmp(opt, "--appimage-extract-and-run") == 0) {
            argv[1] = argv[0]; /* drop the option: the app gets the rest */
            return extract_and_run(offset, argv + 1);
        }
        fprintf(stderr, "mydata-wallet AppImage: unknown option %s (see --appimage-help)\n", opt);
        return 1;
    }
    if (extract_run) return extract_and_run(offset, argv);

    char mountpoint[PATH_MAX];
    int keepalive_w = -1;
    if (mount_image(mountpoint, sizeof mountpoint, offset, &keepalive_w) < 0) {
        fprintf(stderr,
                "mydata-wallet AppImage: FUSE could not mount the app (install fuse3 for a faster start); "
                "extracting it to a temporary folder instead\n");
        return extract_and_run(offset, argv);
    }
    (void)keepalive_w;
    exec_apprun(mountpoint, argv); /* this process becomes the app: signals to it reach the app */
    return 127;
}
