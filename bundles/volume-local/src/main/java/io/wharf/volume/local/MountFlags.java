package io.wharf.volume.local;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A mount(8)-style option string ({@code ro,nosuid,size=64m}) split like moby's {@code mount.ParseOptions}: the
 * words mount(2) knows as flags become {@link #flags}, everything else is filesystem data passed through as
 * {@link #data}. {@link #apply} then issues the calls the kernel needs (propagation and read-only bind mounts
 * cannot be set in the first call).
 */
record MountFlags(long flags, String data) {
    static final long MS_RDONLY = 1L;
    static final long MS_NOSUID = 2L;
    static final long MS_NODEV = 4L;
    static final long MS_NOEXEC = 8L;
    static final long MS_SYNCHRONOUS = 16L;
    static final long MS_REMOUNT = 32L;
    static final long MS_MANDLOCK = 64L;
    static final long MS_DIRSYNC = 128L;
    static final long MS_NOATIME = 1024L;
    static final long MS_NODIRATIME = 2048L;
    static final long MS_BIND = 4096L;
    static final long MS_REC = 16384L;
    static final long MS_SILENT = 32768L;
    static final long MS_UNBINDABLE = 1L << 17;
    static final long MS_PRIVATE = 1L << 18;
    static final long MS_SLAVE = 1L << 19;
    static final long MS_SHARED = 1L << 20;
    static final long MS_RELATIME = 1L << 21;
    static final long MS_STRICTATIME = 1L << 24;

    private static final long PROPAGATION = MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE;
    private static final long READ_ONLY_BIND = MS_BIND | MS_RDONLY;

    /** A word that sets ({@code clear == false}) or clears a flag. */
    private record Word(boolean clear, long flag) {
    }

    private static final Map<String, Word> WORDS = Map.ofEntries(
            Map.entry("defaults", new Word(false, 0)),
            Map.entry("ro", new Word(false, MS_RDONLY)),
            Map.entry("rw", new Word(true, MS_RDONLY)),
            Map.entry("suid", new Word(true, MS_NOSUID)),
            Map.entry("nosuid", new Word(false, MS_NOSUID)),
            Map.entry("dev", new Word(true, MS_NODEV)),
            Map.entry("nodev", new Word(false, MS_NODEV)),
            Map.entry("exec", new Word(true, MS_NOEXEC)),
            Map.entry("noexec", new Word(false, MS_NOEXEC)),
            Map.entry("sync", new Word(false, MS_SYNCHRONOUS)),
            Map.entry("async", new Word(true, MS_SYNCHRONOUS)),
            Map.entry("dirsync", new Word(false, MS_DIRSYNC)),
            Map.entry("remount", new Word(false, MS_REMOUNT)),
            Map.entry("mand", new Word(false, MS_MANDLOCK)),
            Map.entry("nomand", new Word(true, MS_MANDLOCK)),
            Map.entry("atime", new Word(true, MS_NOATIME)),
            Map.entry("noatime", new Word(false, MS_NOATIME)),
            Map.entry("diratime", new Word(true, MS_NODIRATIME)),
            Map.entry("nodiratime", new Word(false, MS_NODIRATIME)),
            Map.entry("bind", new Word(false, MS_BIND)),
            Map.entry("rbind", new Word(false, MS_BIND | MS_REC)),
            Map.entry("unbindable", new Word(false, MS_UNBINDABLE)),
            Map.entry("runbindable", new Word(false, MS_UNBINDABLE | MS_REC)),
            Map.entry("private", new Word(false, MS_PRIVATE)),
            Map.entry("rprivate", new Word(false, MS_PRIVATE | MS_REC)),
            Map.entry("shared", new Word(false, MS_SHARED)),
            Map.entry("rshared", new Word(false, MS_SHARED | MS_REC)),
            Map.entry("slave", new Word(false, MS_SLAVE)),
            Map.entry("rslave", new Word(false, MS_SLAVE | MS_REC)),
            Map.entry("relatime", new Word(false, MS_RELATIME)),
            Map.entry("norelatime", new Word(true, MS_RELATIME)),
            Map.entry("strictatime", new Word(false, MS_STRICTATIME)),
            Map.entry("nostrictatime", new Word(true, MS_STRICTATIME)));

    static MountFlags parse(String options) {
        long flags = 0;
        List<String> data = new ArrayList<>();
        if (options != null && !options.isEmpty()) {
            for (String option : options.split(",", -1)) {
                Word w = WORDS.get(option);
                if (w != null && w.flag() != 0) {
                    flags = w.clear() ? flags & ~w.flag() : flags | w.flag();
                } else if (w == null && !option.isEmpty()) {
                    data.add(option);
                }
            }
        }
        return new MountFlags(flags, String.join(",", data));
    }

    boolean bind() {
        return (flags & MS_BIND) != 0;
    }

    /** Mounts like moby's {@code mount.Mount}: the mount itself, then propagation, then a read-only remount of binds. */
    void apply(MountSyscalls syscalls, String device, Path target, String type) throws IOException {
        long mountFlags = flags & ~PROPAGATION;
        if ((flags & MS_REMOUNT) == 0 || !data.isEmpty()) {
            syscalls.mount(device, target, type, mountFlags, data.isEmpty() ? null : data);
        }
        if ((flags & PROPAGATION) != 0) {
            syscalls.mount(null, target, null, flags & (PROPAGATION | MS_REC | MS_SILENT), null);
        }
        if ((mountFlags & READ_ONLY_BIND) == READ_ONLY_BIND) {
            // the kernel ignores MS_RDONLY on the first bind call
            syscalls.mount(null, target, null, mountFlags | MS_REMOUNT, null);
        }
    }
}
