package io.wharf.containers.logs.drivers;

import io.wharf.support.LogTagTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a forwarding driver knows of the container (moby's logger.Info): the fields of the {@code tag} template and
 * the labels and environment that {@code labels}, {@code labels-regex}, {@code env} and {@code env-regex} pick.
 *
 * @param imageId the image's ID with its {@code sha256:} prefix
 * @param config  the container's log options
 */
public record LogSource(String fullId, String name, String imageId, String imageName, String command,
                        String hostname, Map<String, String> labels, List<String> env, Map<String, String> config) {
    /** moby's logger.Info.DaemonName: tags that name the daemon read the same as under dockerd. */
    public static final String DAEMON_NAME = "docker";

    /** The rendered {@code tag} option ({@code {{.ID}}} by default). */
    public String tag() {
        String id = stripAlgorithm(imageId);
        Map<String, String> fields = Map.of("ID", shortId(fullId), "FullID", fullId, "Name", name,
                "ImageID", shortId(id), "ImageFullID", id, "ImageName", imageName, "DaemonName", DAEMON_NAME,
                "Command", command, "Hostname", hostname);
        return LogTagTemplate.parse(config.get("tag")).render(fields);
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static String stripAlgorithm(String id) {
        int colon = id.indexOf(':');
        return colon < 0 ? id : id.substring(colon + 1);
    }

    /**
     * moby's Info.ExtraAttributes: the chosen labels, then the chosen variables, keys passed through {@code keyMod}.
     * As in moby, labels-regex applies only when labels is set too.
     */
    public Map<String, String> extraAttributes(UnaryOperator<String> keyMod) {
        Map<String, String> extra = new LinkedHashMap<>();
        String labelList = config.getOrDefault("labels", "");
        if (!labelList.isEmpty()) {
            for (String l : labelList.split(",", -1)) {
                if (labels.containsKey(l)) {
                    extra.put(keyMod.apply(l), labels.get(l));
                }
            }
            String labelsRegex = config.get("labels-regex");
            if (labelsRegex != null) {
                Pattern re = compile(labelsRegex);
                labels.forEach((k, v) -> {
                    if (re.matcher(k).find()) {
                        extra.put(keyMod.apply(k), v);
                    }
                });
            }
        }
        Map<String, String> envMap = new LinkedHashMap<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            if (eq >= 0) {
                envMap.put(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        String envList = config.getOrDefault("env", "");
        if (!envList.isEmpty()) {
            for (String e : envList.split(",", -1)) {
                if (envMap.containsKey(e)) {
                    extra.put(keyMod.apply(e), envMap.get(e));
                }
            }
        }
        String envRegex = config.getOrDefault("env-regex", "");
        if (!envRegex.isEmpty()) {
            Pattern re = compile(envRegex);
            envMap.forEach((k, v) -> {
                if (re.matcher(k).find()) {
                    extra.put(keyMod.apply(k), v);
                }
            });
        }
        return extra;
    }

    private static Pattern compile(String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("error parsing regexp: " + e.getDescription() + ": `" + regex + "`");
        }
    }
}
