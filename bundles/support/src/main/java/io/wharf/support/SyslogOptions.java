package io.wharf.support;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The syslog driver's {@code --log-opt}s, checked as moby's syslog.ValidateLogOpt checks them (same messages).
 * TLS ({@code tcp+tls://} and {@code syslog-tls-*}) is refused: Wharf has no TLS client for syslog yet.
 *
 * @param network  {@code unix}, {@code unixgram}, {@code tcp}, {@code udp}, or empty for the local syslog
 *                 ({@code /dev/log} and its usual alternatives)
 * @param address  a socket path for unix and unixgram, {@code host:port} for tcp and udp, empty for the local syslog
 * @param facility the facility code (0..23)
 * @param format   empty (the local syslog's short form), {@code rfc3164}, {@code rfc5424} or {@code rfc5424micro}
 */
public record SyslogOptions(String network, String address, int facility, String format) {
    static final Set<String> KEYS = Set.of("env", "env-regex", "labels", "labels-regex", "syslog-address",
            "syslog-facility", "syslog-tls-ca-cert", "syslog-tls-cert", "syslog-tls-key", "syslog-tls-skip-verify",
            "tag", "syslog-format");
    private static final Set<String> FORMATS = Set.of("", "rfc3164", "rfc5424", "rfc5424micro");
    private static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news",
            "uucp", "cron", "authpriv", "ftp"};
    private static final int LOCAL0 = 16;
    private static final int DAEMON = 3;

    /** Throws IllegalArgumentException with dockerd's message (Wharf's own for TLS). */
    public static SyslogOptions parse(Map<String, String> opts) {
        for (String key : opts.keySet()) {
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown log opt '" + key + "' for syslog log driver");
            }
            if (key.startsWith("syslog-tls-")) {
                throw new IllegalArgumentException("log opt '" + key + "' is not supported: Wharf's syslog driver "
                        + "has no TLS (use a local relay for tcp+tls)");
            }
        }
        String[] address = parseAddress(opts.getOrDefault("syslog-address", ""));
        int facility = parseFacility(opts.getOrDefault("syslog-facility", ""));
        String format = opts.getOrDefault("syslog-format", "");
        if (!FORMATS.contains(format)) {
            throw new IllegalArgumentException("Invalid syslog format");
        }
        return new SyslogOptions(address[0], address[1], facility, format);
    }

    private static String[] parseAddress(String address) {
        if (address.isEmpty()) {
            return new String[] {"", ""};
        }
        String scheme = address.contains("://") ? address.substring(0, address.indexOf("://")) : "";
        if (!Set.of("tcp", "tcp+tls", "udp", "unix", "unixgram").contains(scheme)) {
            throw new IllegalArgumentException("syslog-address should be in form proto://address, got " + address);
        }
        if (scheme.equals("tcp+tls")) {
            throw new IllegalArgumentException("syslog-address " + address + ": tcp+tls is not supported: Wharf's "
                    + "syslog driver has no TLS (use a local relay)");
        }
        String rest = address.substring(scheme.length() + 3);
        if (scheme.startsWith("unix")) {
            if (!Files.exists(Path.of(rest))) {
                throw new IllegalArgumentException("stat " + rest + ": no such file or directory");
            }
            return new String[] {scheme, rest};
        }
        URI uri;
        try {
            uri = new URI(scheme + "://" + rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("parse \"" + address + "\": " + e.getReason());
        }
        String host = uri.getHost();
        if (host == null || uri.getRawAuthority() == null) {
            throw new IllegalArgumentException("syslog-address should be in form proto://address, got " + address);
        }
        int port = uri.getPort() < 0 ? 514 : uri.getPort();
        return new String[] {scheme, host + ":" + port};
    }

    /** moby's parseFacility: a name, or a number from 0 to 23; daemon by default. */
    static int parseFacility(String facility) {
        if (facility.isEmpty()) {
            return DAEMON;
        }
        for (int i = 0; i < FACILITIES.length; i++) {
            if (FACILITIES[i].equals(facility)) {
                return i;
            }
        }
        if (facility.matches("local[0-7]")) {
            return LOCAL0 + facility.charAt(5) - '0';
        }
        if (facility.matches("\\+?[0-9]{1,9}")) {
            int n = Integer.parseInt(facility);
            if (n <= 23) {
                return n;
            }
        }
        throw new IllegalArgumentException("invalid syslog facility");
    }
}
