package io.wharf.builder.ignore;

import java.util.ArrayDeque;
import java.util.Deque;

/** Go's {@code filepath.Clean} on {@code /}-separated paths, which Docker applies to every ignore pattern. */
final class GoPaths {
    private GoPaths() {
    }

    static String clean(String path) {
        if (path.isEmpty()) {
            return ".";
        }
        boolean rooted = path.startsWith("/");
        Deque<String> kept = new ArrayDeque<>();
        for (String element : path.split("/", -1)) {
            if (element.isEmpty() || element.equals(".")) {
                continue;
            }
            if (element.equals("..")) {
                if (!kept.isEmpty() && !kept.peekLast().equals("..")) {
                    kept.removeLast();
                } else if (!rooted) {
                    kept.addLast(".."); // a relative path may climb; a rooted one stops at /
                }
                continue;
            }
            kept.addLast(element);
        }
        String joined = String.join("/", kept);
        if (rooted) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** Go's {@code filepath.Dir}: everything before the last separator, cleaned. */
    static String dir(String path) {
        int slash = path.lastIndexOf('/');
        return clean(slash < 0 ? "" : path.substring(0, slash + 1));
    }
}
