package io.wharf.builder.exec;

import io.wharf.api.errors.EngineException;
import io.wharf.api.model.ContainerConfig;
import io.wharf.builder.dockerfile.Commands;
import io.wharf.builder.dockerfile.DockerfileSyntaxException;
import io.wharf.builder.dockerfile.Instruction;
import io.wharf.builder.dockerfile.Substitution;
import io.wharf.support.DockerfileChanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metadata instructions: each changes the stage's runtime config and is recorded with the classic builder's
 * history text. Variables are substituted where Docker substitutes them (ENV, LABEL, ARG, EXPOSE, USER, VOLUME,
 * STOPSIGNAL, WORKDIR; never CMD, ENTRYPOINT, SHELL, HEALTHCHECK or ONBUILD).
 */
final class Instructions {
    private final char escape;
    private final Map<String, String> buildArgs;
    private final java.util.Set<String> usedArgs;
    /** The ARGs before the first FROM, with the automatic platform args, by name. */
    private final Map<String, String> metaArgs = new java.util.HashMap<>();
    private final Map<String, String> automaticArgs;

    /** Build args Docker predefines: usable without an ARG line, never warned about. */
    static final java.util.Set<String> PREDEFINED_ARGS = java.util.Set.of("HTTP_PROXY", "http_proxy",
            "HTTPS_PROXY", "https_proxy", "FTP_PROXY", "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY",
            "all_proxy");

    /**
     * @param usedArgs collects the build args that an ARG declared (for the "not consumed" warning)
     * @param automaticArgs args defined in the global scope without an ARG line (BuildKit's platform args): FROM
     *                      lines see them, a stage only after {@code ARG name}; a build arg of the same name wins
     */
    Instructions(char escape, Map<String, String> buildArgs, java.util.Set<String> usedArgs,
                 Map<String, String> automaticArgs) {
        this.escape = escape;
        this.buildArgs = buildArgs;
        this.usedArgs = usedArgs;
        this.automaticArgs = automaticArgs;
        automaticArgs.forEach((k, v) -> metaArgs.put(k, buildArgs.containsKey(k) ? buildArgs.get(k) : v));
    }

    /**
     * An ARG before the first FROM: FROM lines see it, and an ARG without a value in a stage takes its value from
     * it. Without a default, an automatic arg keeps its value (BuildKit), any other is declared but unset.
     */
    void declareMeta(Instruction arg) {
        Stage global = new Stage(null, null);
        global.args.putAll(metaArgs);
        for (Instruction.KeyValue kv : arg.keyValues()) {
            String value = kv.hasValue() ? expand(global, kv.value()) : automaticArgs.get(kv.key());
            metaArgs.put(kv.key(), buildArgs.containsKey(kv.key()) ? buildArgs.get(kv.key()) : value);
            usedArgs.add(kv.key());
        }
    }

    /** Substitution in FROM lines: only the ARGs before the first FROM. */
    String expandMeta(String word) {
        try {
            return Substitution.expand(word, escape, metaArgs::get);
        } catch (DockerfileSyntaxException e) {
            throw EngineException.invalid("%s", e.getMessage());
        }
    }

    /** The build's {@code --label}s as a LABEL step at the end of the last stage. */
    StepPlan labels(Stage stage, Map<String, String> labels) {
        Map<String, String> merged = stage.config.labels() == null ? new TreeMap<>()
                : new TreeMap<>(stage.config.labels());
        StringBuilder comment = new StringBuilder("LABEL");
        new TreeMap<>(labels).forEach((k, v) -> {
            merged.put(k, v);
            comment.append(' ').append(k).append('=').append(v);
        });
        return StepPlan.metadata(HistoryText.metadata(stage.shell(), comment.toString()),
                stage.config.withLabels(merged));
    }

    String expand(Stage stage, String word) {
        try {
            return Substitution.expand(word, escape, stage::lookup);
        } catch (DockerfileSyntaxException e) {
            throw EngineException.invalid("%s", e.getMessage());
        }
    }

    /**
     * A here-document's text: variables expanded, quotes and backslashes kept (BuildKit's raw quotes for
     * here-documents); an escaped {@code $} stays a literal {@code $}.
     */
    String expandText(Stage stage, String text) {
        StringBuilder literal = new StringBuilder();
        for (int n = 0; n < text.length(); n++) {
            char c = text.charAt(n);
            boolean escapesDollar = c == escape && n + 1 < text.length() && text.charAt(n + 1) == '$';
            if ((c == '\'' || c == '"' || c == escape) && !escapesDollar) {
                literal.append(escape);
            }
            literal.append(c);
        }
        return expand(stage, literal.toString());
    }

    /** The command of CMD or ENTRYPOINT: JSON form as written, shell form through the stage's SHELL. */
    static List<String> command(Stage stage, Instruction i) {
        Commands.Command command = Commands.of(i, stage.shell());
        if (command.script().isPresent()) {
            throw EngineException.invalid("%s cannot run a here-document file", i.keyword());
        }
        return command.argv();
    }

    StepPlan plan(Stage stage, Instruction i) {
        ContainerConfig c = stage.config;
        List<String> shell = stage.shell();
        return switch (i.keyword()) {
            case "ENV" -> {
                Map<String, String> set = new LinkedHashMap<>();
                StringBuilder comment = new StringBuilder("ENV");
                for (Instruction.KeyValue kv : i.keyValues()) {
                    String value = expand(stage, kv.value());
                    set.put(kv.key(), value);
                    comment.append(' ').append(kv.key()).append('=').append(value);
                }
                List<String> env = new ArrayList<>(stage.env());
                set.forEach((k, v) -> setEnv(env, k, v));
                yield StepPlan.metadata(HistoryText.metadata(shell, comment.toString()), c.withEnv(env));
            }
            case "LABEL" -> {
                Map<String, String> labels = c.labels() == null ? new TreeMap<>() : new TreeMap<>(c.labels());
                StringBuilder comment = new StringBuilder("LABEL");
                for (Instruction.KeyValue kv : i.keyValues()) {
                    String key = expand(stage, kv.key());
                    String value = expand(stage, kv.value());
                    labels.put(key, value);
                    comment.append(' ').append(key).append('=').append(value);
                }
                yield StepPlan.metadata(HistoryText.metadata(shell, comment.toString()), c.withLabels(labels));
            }
            case "ARG" -> {
                StringBuilder comment = new StringBuilder("ARG");
                for (Instruction.KeyValue kv : i.keyValues()) {
                    String defaultValue = kv.hasValue() ? expand(stage, kv.value()) : metaArgs.get(kv.key());
                    String value = buildArgs.containsKey(kv.key()) ? buildArgs.get(kv.key()) : defaultValue;
                    usedArgs.add(kv.key());
                    stage.args.put(kv.key(), value);
                    comment.append(' ').append(kv.key());
                    if (kv.hasValue()) {
                        comment.append('=').append(defaultValue);
                    }
                }
                yield StepPlan.metadata(HistoryText.metadata(shell, comment.toString()), c);
            }
            case "USER" -> {
                String user = expand(stage, one(i));
                yield StepPlan.metadata(HistoryText.metadata(shell, "USER " + user), c.withUser(user));
            }
            case "STOPSIGNAL" -> {
                String signal = expand(stage, one(i));
                yield StepPlan.metadata(HistoryText.metadata(shell, "STOPSIGNAL " + signal), c.withStopSignal(signal));
            }
            case "EXPOSE" -> {
                // the classic builder sorts the words as written, then expands each into words ($P="80 443")
                List<String> ports = i.words().stream().sorted().map(w -> expand(stage, w))
                        .flatMap(w -> java.util.Arrays.stream(w.trim().split("\\s+"))).filter(w -> !w.isEmpty())
                        .toList();
                ContainerConfig next = DockerfileChanges.apply(List.of("EXPOSE " + String.join(" ", ports)), c);
                yield StepPlan.metadata(HistoryText.metadata(shell, "EXPOSE " + String.join(" ", ports)), next);
            }
            case "VOLUME" -> {
                List<String> volumes = i.words().stream().map(w -> expand(stage, w)).toList();
                if (volumes.isEmpty()) {
                    throw EngineException.invalid("VOLUME specified can not be an empty string");
                }
                Map<String, Map<String, Object>> map = c.volumes() == null ? new TreeMap<>()
                        : new TreeMap<>(c.volumes());
                volumes.forEach(v -> map.put(v, Map.of()));
                yield StepPlan.metadata(HistoryText.metadata(shell, "VOLUME " + HistoryText.goList(volumes)),
                        c.withVolumes(map));
            }
            case "CMD" -> {
                List<String> cmd = command(stage, i);
                stage.cmdSet = true;
                yield StepPlan.metadata(HistoryText.metadata(shell, "CMD " + HistoryText.goQuoted(cmd)),
                        c.withCmd(cmd));
            }
            case "ENTRYPOINT" -> {
                List<String> entrypoint = command(stage, i);
                ContainerConfig next = c.withEntrypoint(entrypoint);
                if (!stage.cmdSet) {
                    next = next.withCmd(null); // a new entrypoint drops the base image's arguments
                }
                yield StepPlan.metadata(HistoryText.metadata(shell, "ENTRYPOINT "
                        + HistoryText.goQuoted(entrypoint)), next);
            }
            case "SHELL" -> {
                if (!i.jsonForm() || i.args().isEmpty()) {
                    throw EngineException.invalid("SHELL requires the arguments to be in JSON form");
                }
                // recorded under the new shell: the classic builder commits after setting it
                yield StepPlan.metadata(HistoryText.metadata(i.args(), "SHELL " + HistoryText.goList(i.args())),
                        c.withShell(i.args()));
            }
            case "HEALTHCHECK" -> {
                String rest = healthcheck(i);
                ContainerConfig next = DockerfileChanges.apply(List.of("HEALTHCHECK " + rest), c);
                yield StepPlan.metadata(HistoryText.metadata(shell, "HEALTHCHECK "
                        + HistoryText.healthcheck(next.healthcheck())), next);
            }
            case "ONBUILD" -> {
                String rest = i.args().get(0);
                ContainerConfig next = DockerfileChanges.apply(List.of("ONBUILD " + rest), c);
                yield StepPlan.metadata(HistoryText.metadata(shell, "ONBUILD " + rest), next);
            }
            case "MAINTAINER" -> {
                stage.author = rest(i);
                yield StepPlan.metadata(HistoryText.metadata(shell, "MAINTAINER " + stage.author), c);
            }
            default -> throw EngineException.invalid("%s:%d: unknown instruction: %s", "Dockerfile", i.line(),
                    i.keyword());
        };
    }

    /** ENV as the classic builder sets a variable: replaced where it is, else appended. */
    private static void setEnv(List<String> env, String key, String value) {
        for (int n = 0; n < env.size(); n++) {
            String e = env.get(n);
            if (e.equals(key) || e.startsWith(key + "=")) {
                env.set(n, key + "=" + value);
                return;
            }
        }
        env.add(key + "=" + value);
    }

    /** HEALTHCHECK's flags, type and command in the text form {@link DockerfileChanges} reads. */
    private static String healthcheck(Instruction i) {
        StringBuilder text = new StringBuilder();
        i.flags().forEach((k, v) -> text.append("--").append(k).append('=').append(v).append(' '));
        List<String> args = i.args();
        text.append(args.get(0));
        if (args.size() > 1) {
            List<String> command = args.subList(1, args.size());
            text.append(' ').append(i.jsonForm() ? io.wharf.support.Json.MAPPER.valueToTree(command).toString()
                    : String.join(" ", command));
        }
        return text.toString();
    }

    private static String one(Instruction i) {
        List<String> words = i.words();
        if (words.size() != 1) {
            throw EngineException.invalid("%s requires exactly one argument", i.keyword());
        }
        return words.get(0);
    }

    /** The instruction's text after its keyword, as written. */
    static String rest(Instruction i) {
        if (i.jsonForm()) {
            return String.join(" ", i.args());
        }
        return String.join(" ", i.args()).strip();
    }
}
