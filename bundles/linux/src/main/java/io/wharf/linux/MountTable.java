package io.wharf.linux;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The mount points of this process's mount namespace ({@code /proc/self/mountinfo}). Drivers ask it before
 * deleting a tree, because a recursive delete would otherwise walk into whatever is mounted there, and before
 * mounting, because what a crashed daemon mounted is still there.
 */
public class MountTable {
    private final Path mountinfo;

    public MountTable() {
        this(Path.of("/proc/self/mountinfo"));
    }

    public MountTable(Path mountinfo) {
        this.mountinfo = mountinfo;
    }

    /** Mount points equal to {@code dir} or beneath it, deepest first. */
    public List<Path> mountsAtOrBelow(Path dir) throws IOException {
        Path base = canonical(dir);
        List<Path> found = new ArrayList<>();
        for (Path mountPoint : mountPoints()) {
            if (mountPoint.startsWith(base)) {
                found.add(mountPoint);
            }
        }
        found.sort((a, b) -> Integer.compare(b.getNameCount(), a.getNameCount()));
        return found;
    }

    public boolean isMountPoint(Path dir) throws IOException {
        return mountCount(dir) > 0;
    }

    /** How many mounts are stacked on {@code dir} (0 when it is not a mount point). */
    public int mountCount(Path dir) throws IOException {
        Path target = canonical(dir);
        int count = 0;
        for (Path mountPoint : mountPoints()) {
            if (mountPoint.equals(target)) {
                count++;
            }
        }
        return count;
    }

    /**
     * Every mount point, once per mount (mounts stacked on one directory are listed as often). The kernel writes
     * a mount point's bytes as they are (only space, tab, newline and backslash escaped), and a container may
     * name one with bytes that are not UTF-8: such a name is kept with U+FFFD (or {@code ?}) in their place, so it
     * still counts under its parent directory, though it names no path that could be opened.
     */
    public List<Path> mountPoints() throws IOException {
        List<Path> points = new ArrayList<>();
        String text;
        try {
            text = new String(Files.readAllBytes(mountinfo), StandardCharsets.ISO_8859_1); // each byte one char
        } catch (NoSuchFileException e) {
            return points; // not Linux: nothing is ever mounted by this driver there
        }
        for (String line : text.split("\n")) {
            // id parent major:minor root mount-point options ... - fstype source super-options
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                points.add(path(decode(unescape(fields[4]).getBytes(StandardCharsets.ISO_8859_1))));
            }
        }
        return points;
    }

    /** UTF-8 as the file system names are written, malformed bytes replaced rather than failing every caller. */
    private static String decode(byte[] name) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(name)).toString();
        } catch (CharacterCodingException e) {
            return new String(name, StandardCharsets.UTF_8); // replaces with U+FFFD
        }
    }

    /** A JVM started with an ASCII file name encoding cannot make a Path of every name: those chars become ?. */
    private static Path path(String name) {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            return Path.of(name.replaceAll("[^\\x01-\\x7f]", "?"));
        }
    }

    /** The kernel writes space, tab, newline and backslash in paths as three-digit octal escapes. */
    public static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder b = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                b.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }

    /** Mount points are listed by real path; a data root under a symbolic link must be compared the same way. */
    private static Path canonical(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        return Files.exists(absolute) ? absolute.toRealPath() : absolute;
    }
}
