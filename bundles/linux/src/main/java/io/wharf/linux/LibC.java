package io.wharf.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The raw glibc entry points. Sizes and flags use Java {@code long} for {@code size_t}, {@code ssize_t},
 * {@code dev_t} and {@code unsigned long}: Wharf runs on 64-bit Linux only (x86_64, aarch64).
 */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int mount(String source, String target, String fstype, long flags, String data) throws LastErrorException;

    int umount2(String target, int flags) throws LastErrorException;

    int mknod(String path, int mode, long dev) throws LastErrorException;

    int chmod(String path, int mode) throws LastErrorException;

    int lchown(String path, int uid, int gid) throws LastErrorException;

    int lsetxattr(String path, String name, byte[] value, long size, int flags) throws LastErrorException;

    long lgetxattr(String path, String name, byte[] value, long size) throws LastErrorException;

    long llistxattr(String path, byte[] list, long size) throws LastErrorException;

    int lremovexattr(String path, String name) throws LastErrorException;

    /** {@code times} is two struct timespec (seconds, nanoseconds) laid out as four longs. */
    int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

    int statfs(String path, Memory buf) throws LastErrorException;

    String strerror(int errnum);

    // ---- process and files (glibc >= 2.33 exports stat itself)

    int stat(String path, Memory buf) throws LastErrorException;

    /** {@code rlim} is struct rlimit: two rlim_t (soft, hard). */
    int getrlimit(int resource, long[] rlim) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    long write(int fd, byte[] buf, long count) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int setns(int fd, int nstype) throws LastErrorException;

    // ---- descriptor-relative file operations (docker cp inside a container's root)

    int openat(int dirfd, String path, int flags, int mode) throws LastErrorException;

    /** For openat2(2), which glibc 2.36 does not wrap. */
    long syscall(long number, Object... args) throws LastErrorException;

    int mkdirat(int dirfd, String path, int mode) throws LastErrorException;

    int mknodat(int dirfd, String path, int mode, long dev) throws LastErrorException;

    int symlinkat(String target, int newdirfd, String linkpath) throws LastErrorException;

    int linkat(int olddirfd, String oldpath, int newdirfd, String newpath, int flags) throws LastErrorException;

    int unlinkat(int dirfd, String path, int flags) throws LastErrorException;

    long readlinkat(int dirfd, String path, byte[] buf, long size) throws LastErrorException;

    int fchownat(int dirfd, String path, int uid, int gid, int flags) throws LastErrorException;

    int fchmod(int fd, int mode) throws LastErrorException;

    int statx(int dirfd, String path, int flags, int mask, Memory buf) throws LastErrorException;

    // ---- unix sockets

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int connect(int fd, byte[] address, int addressLength) throws LastErrorException;

    long send(int fd, byte[] buf, long length, int flags) throws LastErrorException;

    long recv(int fd, byte[] buf, long length, int flags) throws LastErrorException;

    int shutdown(int fd, int how) throws LastErrorException;

    long sendto(int fd, byte[] buf, long length, int flags, byte[] address, int addressLength)
            throws LastErrorException;

    int getsockopt(int fd, int level, int name, int[] value, int[] length) throws LastErrorException;

    int dup2(int oldFd, int newFd) throws LastErrorException;

    int fcntl(int fd, int command, int argument) throws LastErrorException;

    // ---- spawning children (posix_spawn returns its error number instead of setting errno)

    int posix_spawn(int[] pid, String path, Pointer fileActions, Pointer attributes, String[] argv, String[] envp);

    int posix_spawn_file_actions_init(Pointer actions);

    int posix_spawn_file_actions_destroy(Pointer actions);

    int posix_spawn_file_actions_addopen(Pointer actions, int fd, String path, int flags, int mode);

    int posix_spawn_file_actions_adddup2(Pointer actions, int fd, int newFd);

    /** glibc 2.34 and later. */
    int posix_spawn_file_actions_addclosefrom_np(Pointer actions, int lowFd);

    /** glibc 2.29 and later. */
    int posix_spawn_file_actions_addchdir_np(Pointer actions, String path);

    int posix_spawnattr_init(Pointer attributes);

    int posix_spawnattr_destroy(Pointer attributes);

    int posix_spawnattr_setflags(Pointer attributes, short flags);

    int posix_spawnattr_setsigmask(Pointer attributes, Pointer mask);

    int posix_spawnattr_setsigdefault(Pointer attributes, Pointer signals);

    int sigemptyset(Pointer set);

    int sigfillset(Pointer set);

    int pipe2(int[] fds, int flags) throws LastErrorException;

    long read(int fd, byte[] buf, long count) throws LastErrorException;

    /** {@code fds} is an array of struct pollfd (int fd; short events; short revents). */
    int poll(Pointer fds, long count, int timeoutMillis) throws LastErrorException;

    /** {@code info} is a siginfo_t (128 bytes). */
    int waitid(int idType, int id, Pointer info, int options) throws LastErrorException;

    int waitpid(int pid, int[] status, int options) throws LastErrorException;

    int kill(int pid, int signal) throws LastErrorException;
}
