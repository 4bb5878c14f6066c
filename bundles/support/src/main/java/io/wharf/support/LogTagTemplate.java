package io.wharf.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code tag} log option: a Go template over moby's logger.Info, of which the fields are supported
 * ({@code {{.ID}}}, {@code {{.FullID}}}, {@code {{.Name}}}, {@code {{.ImageID}}}, {@code {{.ImageFullID}}},
 * {@code {{.ImageName}}}, {@code {{.DaemonName}}}, {@code {{.Command}}}, {@code {{.Hostname}}}), not Go's
 * functions or pipelines: those are refused when the container is created rather than rendered wrongly.
 */
public final class LogTagTemplate {
    /** moby's loggerutils.DefaultTemplate. */
    public static final String DEFAULT = "{{.ID}}";
    public static final Set<String> FIELDS = Set.of("ID", "FullID", "Name", "ImageID", "ImageFullID", "ImageName",
            "DaemonName", "Command", "Hostname");

    /** Literal text and field names alternate: even indexes are text, odd ones fields. */
    private final List<String> parts;

    private LogTagTemplate(List<String> parts) {
        this.parts = parts;
    }

    /** An empty template is the default; throws IllegalArgumentException for what cannot be rendered. */
    public static LogTagTemplate parse(String template) {
        String t = template == null || template.isEmpty() ? DEFAULT : template;
        List<String> parts = new ArrayList<>();
        int from = 0;
        while (true) {
            int open = t.indexOf("{{", from);
            if (open < 0) {
                parts.add(t.substring(from));
                return new LogTagTemplate(parts);
            }
            int close = t.indexOf("}}", open + 2);
            if (close < 0) {
                throw new IllegalArgumentException("template: log-tag:1: unclosed action");
            }
            String action = t.substring(open + 2, close).strip();
            if (!action.startsWith(".") || !FIELDS.contains(action.substring(1))) {
                throw new IllegalArgumentException("template: log-tag:1: executing \"log-tag\" at <" + action
                        + ">: unsupported in a log tag (fields only: "
                        + String.join(", ", FIELDS.stream().sorted().map(f -> "{{." + f + "}}").toList()) + ")");
            }
            parts.add(t.substring(from, open));
            parts.add(action.substring(1));
            from = close + 2;
        }
    }

    /** Renders with the container's values by field name (a missing one renders empty). */
    public String render(Map<String, String> fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            b.append(i % 2 == 0 ? parts.get(i) : fields.getOrDefault(parts.get(i), ""));
        }
        return b.toString();
    }
}
