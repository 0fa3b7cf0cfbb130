/*
 * A disk whose flushes fail on demand, for the storage fault test: loaded with LD_PRELOAD into a
 * Beacon process, fsync and fdatasync fail with EIO while the file named by
 * BEACON_FAIL_FSYNC_WHILE exists, and are the real calls otherwise.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

static int failing(void) {
    const char *flag = getenv("BEACON_FAIL_FSYNC_WHILE");
    return flag != NULL && access(flag, F_OK) == 0;
}

static int call_real(const char *name, int fd) {
    int (*real)(int) = (int (*)(int)) dlsym(RTLD_NEXT, name);
    return real == NULL ? (errno = ENOSYS, -1) : real(fd);
}

int fsync(int fd) {
    if (failing()) {
        errno = EIO;
        return -1;
    }
    return call_real("fsync", fd);
}

int fdatasync(int fd) {
    if (failing()) {
        errno = EIO;
        return -1;
    }
    return call_real("fdatasync", fd);
}
