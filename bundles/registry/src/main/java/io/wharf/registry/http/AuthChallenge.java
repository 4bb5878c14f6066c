package io.wharf.registry.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One challenge of a WWW-Authenticate header: {@code Bearer realm="https://auth/token",service="registry"} or
 * {@code Basic realm="Registry Realm"}. Parsing follows RFC 7235 closely enough for registries: several
 * challenges may share a header, parameter values may be quoted with backslash escapes.
 */
public record AuthChallenge(String scheme, Map<String, String> parameters) {

    public boolean isBearer() {
        return "bearer".equalsIgnoreCase(scheme);
    }

    public boolean isBasic() {
        return "basic".equalsIgnoreCase(scheme);
    }

    public String parameter(String name) {
        return parameters.get(name.toLowerCase(Locale.ROOT));
    }

    /** All challenges found in the given header values, in order. */
    public static List<AuthChallenge> parse(List<String> headerValues) {
        List<AuthChallenge> result = new ArrayList<>();
        for (String value : headerValues) {
            parseInto(value, result);
        }
        return result;
    }

    public static List<AuthChallenge> parse(String headerValue) {
        return parse(headerValue == null ? List.of() : List.of(headerValue));
    }

    private static void parseInto(String header, List<AuthChallenge> out) {
        Cursor c = new Cursor(header);
        String scheme = null;
        Map<String, String> params = new LinkedHashMap<>();
        while (true) {
            c.skip(" \t,");
            if (c.atEnd()) {
                break;
            }
            String token = c.token();
            if (token.isEmpty()) {
                c.pos++; // stray character: skip it rather than loop forever
                continue;
            }
            c.skip(" \t");
            if (!c.atEnd() && c.peek() == '=' && scheme != null) {
                c.pos++;
                c.skip(" \t");
                params.put(token.toLowerCase(Locale.ROOT), c.atEnd() ? "" : c.peek() == '"' ? c.quoted() : c.token());
            } else {
                // a token not followed by '=' starts the next challenge
                if (scheme != null) {
                    out.add(new AuthChallenge(scheme, Map.copyOf(params)));
                    params.clear();
                }
                scheme = token;
            }
        }
        if (scheme != null) {
            out.add(new AuthChallenge(scheme, Map.copyOf(params)));
        }
    }

    private static final class Cursor {
        final String s;
        int pos;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return s.charAt(pos);
        }

        void skip(String chars) {
            while (!atEnd() && chars.indexOf(peek()) >= 0) {
                pos++;
            }
        }

        String token() {
            int start = pos;
            while (!atEnd() && " \t,=\"".indexOf(peek()) < 0) {
                pos++;
            }
            return s.substring(start, pos);
        }

        String quoted() {
            StringBuilder b = new StringBuilder();
            pos++; // opening quote
            while (!atEnd() && peek() != '"') {
                char ch = s.charAt(pos++);
                if (ch == '\\' && !atEnd()) {
                    ch = s.charAt(pos++);
                }
                b.append(ch);
            }
            pos++; // closing quote
            return b.toString();
        }
    }
}
