package io.wharf.builder.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Here-document markers as BuildKit's Dockerfile 1.4 syntax defines them: a word {@code <<EOF}, {@code <<-EOF} (tabs
 * stripped from the body), {@code <<"EOF"} or {@code <<'EOF'} (a quoted delimiter: the body is not expanded).
 */
public final class Heredocs {
    private static final Pattern MARKER = Pattern.compile("^(\\d*)<<(-?)([^<]*)\\z", Pattern.DOTALL);
    private static final Pattern LEADING_TABS = Pattern.compile("(?m)^\t+");

    private Heredocs() {
    }

    /** The instructions whose line may open here-documents (in shell form). */
    static boolean allowedIn(String keyword) {
        return keyword.equals("RUN") || keyword.equals("COPY") || keyword.equals("ADD");
    }

    /**
     * The here-document a word opens ({@code <<EOF} in {@code COPY <<EOF /dst}), without its body; empty when the word
     * is no marker.
     */
    public static Optional<Instruction.Heredoc> marker(String word) {
        Matcher match = MARKER.matcher(word);
        if (!match.matches() || match.group(3).isEmpty()) {
            return Optional.empty();
        }
        String rest = match.group(3);
        List<String> words;
        List<String> raw;
        try {
            words = new ShellLexer(rest, '\\', name -> null, false, true, null).process().words();
            raw = new ShellLexer(rest, '\\', name -> null, true, true, null).process().words();
        } catch (DockerfileSyntaxException e) {
            return Optional.empty();
        }
        if (words.size() != 1 || raw.size() != 1) {
            return Optional.empty();
        }
        String name = words.get(0);
        boolean expand = quotes(name) == quotes(raw.get(0));
        return Optional.of(new Instruction.Heredoc(name, "", expand, match.group(2).equals("-")));
    }

    /** The markers on an instruction's line, in order (BuildKit's {@code heredocsFromLine}). */
    static List<Instruction.Heredoc> markers(String line) {
        List<Instruction.Heredoc> found = new ArrayList<>();
        if (!line.contains("<<")) {
            return found;
        }
        List<String> words;
        try {
            words = new ShellLexer(line, '\\', name -> null, true, true, null).process().words();
        } catch (DockerfileSyntaxException e) {
            return found;
        }
        for (String word : words) {
            marker(word).ifPresent(found::add);
        }
        return found;
    }

    /** {@code <<-} bodies lose the tabs that start their lines. */
    static String chomp(String content) {
        return LEADING_TABS.matcher(content).replaceAll("");
    }

    private static int quotes(String word) {
        int count = 0;
        for (int i = 0; i < word.length(); i++) {
            char ch = word.charAt(i);
            if (ch == '\'' || ch == '"') {
                count++;
            }
        }
        return count;
    }
}
