package io.wharf.launcher;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * daemon.json {@code log-format: json}: the daemon's stderr as one JSON object per line, with logrus's field names
 * as dockerd writes them ({@code level}, {@code msg}, {@code time}). Every line the daemon prints passes here: a
 * line of the SLF4J backend's text format keeps its time, level and logger; any other line (the launcher's own
 * messages, a stack trace's lines) becomes a message of the level last seen.
 */
final class JsonLogLines extends OutputStream {
    /** The backend's format as {@link Wharfd} configures it: {@code TIME [LEVEL] Logger - message}. */
    private static final Pattern RECORD = Pattern.compile("(\\S+) \\[(TRACE|DEBUG|INFO|WARN|ERROR)\\] (\\S+) - (.*)");
    private static final JsonFactory JSON = new JsonFactory();

    private final OutputStream out;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private String level = "info";

    JsonLogLines(OutputStream out) {
        this.out = out;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (b == '\n') {
            emit();
        } else {
            line.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        out.flush();
    }

    private void emit() throws IOException {
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isBlank()) {
            return; // an empty record says nothing
        }
        out.write(toJson(text).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        out.flush();
    }

    /** One line of text as its JSON object. */
    String toJson(String text) throws IOException {
        Matcher m = RECORD.matcher(text);
        String time = Instant.now().toString();
        String logger = null;
        String msg = text;
        if (m.matches()) {
            time = m.group(1);
            level = m.group(2).toLowerCase(Locale.ROOT);
            logger = m.group(3);
            msg = m.group(4);
        }
        StringWriter json = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(json)) {
            g.writeStartObject();
            g.writeStringField("level", level.equals("warn") ? "warning" : level);
            g.writeStringField("msg", msg);
            g.writeStringField("time", time);
            if (logger != null) {
                g.writeStringField("logger", logger);
            }
            g.writeEndObject();
        }
        return json.toString();
    }
}
