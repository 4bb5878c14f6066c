package io.wharf.support;

/**
 * Go's {@code path.Match}, ported rather than translated into a Java regex: a client's character class such as
 * {@code [\p{L}]} must mean what it means to dockerd, not be read as regex syntax. Works on code points where Go
 * works on runes; the client's mistakes ({@code [a}, a trailing {@code \}, {@code [z-a]} parts) are a bad pattern.
 */
final class GoPathMatch {
    /** Go's path.ErrBadPattern. */
    static final class BadPatternException extends Exception {
        private static final long serialVersionUID = 1L;

        BadPatternException() {
            super("syntax error in pattern", null, false, false);
        }
    }

    private GoPathMatch() {
    }

    static boolean matches(String patternText, String nameText) throws BadPatternException {
        int[] pattern = patternText.codePoints().toArray();
        int[] name = nameText.codePoints().toArray();
        int p = 0;
        int n = 0;
        chunks:
        while (p < pattern.length) {
            boolean star = false;
            while (p < pattern.length && pattern[p] == '*') {
                p++;
                star = true;
            }
            int chunkStart = p;
            int chunkEnd = chunkEnd(pattern, p);
            p = chunkEnd;
            if (star && chunkStart == chunkEnd) {
                return indexOf(name, n, '/') < 0; // a trailing * matches the rest unless it has a slash
            }
            int rest = matchChunk(pattern, chunkStart, chunkEnd, name, n);
            if (rest >= 0 && (rest == name.length || p < pattern.length)) {
                n = rest;
                continue;
            }
            if (star) {
                for (int i = n; i < name.length && name[i] != '/'; i++) {
                    rest = matchChunk(pattern, chunkStart, chunkEnd, name, i + 1);
                    if (rest >= 0) {
                        if (p == pattern.length && rest < name.length) {
                            continue; // the last chunk must use up the name
                        }
                        n = rest;
                        continue chunks;
                    }
                }
            }
            // no match, but the rest of the pattern must still be well-formed
            while (p < pattern.length) {
                while (p < pattern.length && pattern[p] == '*') {
                    p++;
                }
                int end = chunkEnd(pattern, p);
                matchChunk(pattern, p, end, new int[0], 0);
                p = end;
            }
            return false;
        }
        return n == name.length;
    }

    /** Go's scanChunk: the chunk runs up to the next {@code *} outside a character class. */
    private static int chunkEnd(int[] pattern, int from) {
        boolean inRange = false;
        int i = from;
        for (; i < pattern.length; i++) {
            switch (pattern[i]) {
                case '\\' -> {
                    if (i + 1 < pattern.length) {
                        i++;
                    }
                }
                case '[' -> inRange = true;
                case ']' -> inRange = false;
                case '*' -> {
                    if (!inRange) {
                        return i;
                    }
                }
                default -> { }
            }
        }
        return i;
    }

    /**
     * Go's matchChunk: where the name continues after the chunk matched at {@code s}, or -1. After a mismatch the
     * chunk is still read to the end, so a malformed pattern is reported whatever the name.
     */
    private static int matchChunk(int[] pattern, int c, int end, int[] name, int s) throws BadPatternException {
        boolean failed = false;
        while (c < end) {
            if (!failed && s == name.length) {
                failed = true;
            }
            int ch = pattern[c];
            if (ch == '[') {
                int r = 0;
                if (!failed) {
                    r = name[s++];
                }
                c++;
                boolean negated = c < end && pattern[c] == '^';
                if (negated) {
                    c++;
                }
                boolean match = false;
                for (int ranges = 0; ; ranges++) {
                    if (c < end && pattern[c] == ']' && ranges > 0) {
                        c++;
                        break;
                    }
                    int lo = escaped(pattern, c, end);
                    c = afterEscaped(pattern, c);
                    int hi = lo;
                    if (pattern[c] == '-') {
                        hi = escaped(pattern, c + 1, end);
                        c = afterEscaped(pattern, c + 1);
                    }
                    if (lo <= r && r <= hi) {
                        match = true;
                    }
                }
                if (match == negated) {
                    failed = true;
                }
            } else if (ch == '?') {
                if (!failed) {
                    failed = name[s] == '/';
                    s++;
                }
                c++;
            } else {
                if (ch == '\\') {
                    c++;
                    if (c == end) {
                        throw new BadPatternException();
                    }
                }
                if (!failed) {
                    failed = pattern[c] != name[s];
                    s++;
                }
                c++;
            }
        }
        return failed ? -1 : s;
    }

    /** Go's getEsc: one class character, maybe escaped; the class must go on after it. */
    private static int escaped(int[] pattern, int c, int end) throws BadPatternException {
        if (c >= end || pattern[c] == '-' || pattern[c] == ']') {
            throw new BadPatternException();
        }
        if (pattern[c] == '\\') {
            c++;
            if (c >= end) {
                throw new BadPatternException();
            }
        }
        if (c + 1 >= end) {
            throw new BadPatternException();
        }
        return pattern[c];
    }

    private static int afterEscaped(int[] pattern, int c) {
        return pattern[c] == '\\' ? c + 2 : c + 1;
    }

    private static int indexOf(int[] name, int from, int ch) {
        for (int i = from; i < name.length; i++) {
            if (name[i] == ch) {
                return i;
            }
        }
        return -1;
    }
}
