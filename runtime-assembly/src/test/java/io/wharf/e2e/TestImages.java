package io.wharf.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Test image material made locally: a busybox root filesystem from Debian's busybox-static, and hostile tars. */
final class TestImages {
    private TestImages() {
    }

    static Path busyboxBinary() {
        for (String candidate : List.of("/bin/busybox", "/usr/bin/busybox")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalStateException("busybox is not installed (apt-get install busybox-static)");
    }

    /** A root filesystem tar: /bin/busybox with its applets as symlinks, /etc/passwd and /etc/group. */
    /**
     * A busybox shell line printing the last line of http://NAME/, NAME looked up with nslookup through the
     * container's resolv.conf: the static busybox's own wget cannot use glibc's resolver (it crashes).
     */
    static String httpGetScript(String name) {
        return "ip=$(nslookup " + name + " | awk '/^Address: /{print $2}' | tail -n 1); "
                + "[ -n \"$ip\" ] && printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 $ip 80 | tail -n 1";
    }

    static Path busyboxRootfs(Path dir) throws IOException, InterruptedException {
        Path busybox = busyboxBinary();
        Process list = new ProcessBuilder(busybox.toString(), "--list").start();
        List<String> applets = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(a -> !a.isBlank() && !a.equals("busybox")).toList();
        list.waitFor();
        Path tar = dir.resolve("busybox-rootfs.tar");
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String d : List.of("bin/", "etc/", "root/", "tmp/", "proc/", "sys/", "dev/", "home/", "var/")) {
                TarArchiveEntry e = new TarArchiveEntry(d);
                e.setMode(d.equals("tmp/") ? 041777 : 040755);
                out.putArchiveEntry(e);
                out.closeArchiveEntry();
            }
            TarArchiveEntry bin = new TarArchiveEntry(busybox.toFile(), "bin/busybox");
            bin.setMode(0100755);
            out.putArchiveEntry(bin);
            Files.copy(busybox, out);
            out.closeArchiveEntry();
            for (String applet : applets) {
                TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("busybox");
                out.putArchiveEntry(link);
                out.closeArchiveEntry();
            }
            file(out, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n");
            file(out, "etc/group", "root:x:0:\nnobody:x:65534:\n");
        }
        return tar;
    }

    /** A tar that tries to write {@code outside} through ../ entries, an absolute symlink and a hard link. */
    static Path hostileTar(Path dir, Path outside) throws IOException {
        Path tar = dir.resolve("hostile.tar");
        String climb = "../../../../../../../.." + outside;
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            file(out, "ok.txt", "fine\n");
            file(out, climb + "/dotdot.txt", "escaped by ..\n");
            TarArchiveEntry link = new TarArchiveEntry("evil", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName(outside.toString());
            out.putArchiveEntry(link);
            out.closeArchiveEntry();
            file(out, "evil/through-symlink.txt", "escaped through a symlink\n");
        }
        return tar;
    }

    static void file(TarArchiveOutputStream out, String name, String content) throws IOException {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setMode(0100644);
        e.setSize(bytes.length);
        out.putArchiveEntry(e);
        out.write(bytes);
        out.closeArchiveEntry();
    }

}
