package io.wharf.containers.logs.drivers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;

/**
 * The message forms of moby's syslog driver (its srslog formatters), each ending with a newline as srslog's writer
 * ensures: the default is the local syslog's short RFC 3164 form without a hostname ({@code <PRI>Jan _2 15:04:05
 * tag[pid]: msg}, moby's choice for every transport), {@code rfc3164} adds the hostname, and {@code rfc5424} and
 * {@code rfc5424micro} are {@code <PRI>1 TIMESTAMP HOSTNAME tag PID tag - msg} with seconds or microseconds.
 */
public final class SyslogFormat {
    private final String format;
    private final int facility;
    private final String hostname;
    private final String tag;
    private final long pid;
    private final ZoneId zone;

    /** @param format empty, rfc3164, rfc5424 or rfc5424micro, as checked by SyslogOptions */
    public SyslogFormat(String format, int facility, String hostname, String tag, long pid, ZoneId zone) {
        this.format = format;
        this.facility = facility;
        this.hostname = hostname;
        this.tag = tag;
        this.pid = pid;
        this.zone = zone;
    }

    public byte[] format(LogMessage m) {
        int priority = facility << 3 | (m.stderr() ? JournaldSink.ERR : JournaldSink.INFO);
        long t = m.epochNanos();
        String header = switch (format) {
            case "rfc3164" -> "<" + priority + ">" + GoTimes.stamp(t, zone) + " " + hostname + " " + tag + "[" + pid
                    + "]: ";
            case "rfc5424" -> rfc5424(priority, GoTimes.format(t, zone, 0));
            case "rfc5424micro" -> rfc5424(priority, GoTimes.format(t, zone, 6));
            default -> "<" + priority + ">" + GoTimes.stamp(t, zone) + " " + tag + "[" + pid + "]: ";
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.length() + m.line().length + 1);
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(m.line());
        if (m.line().length == 0 || m.line()[m.line().length - 1] != '\n') {
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** rsyslog fills %syslogtag% from APP-NAME, so moby puts the tag there and in MSGID. */
    private String rfc5424(int priority, String timestamp) {
        return "<" + priority + ">1 " + timestamp + " " + hostname + " " + tag + " " + pid + " " + tag + " - ";
    }
}
