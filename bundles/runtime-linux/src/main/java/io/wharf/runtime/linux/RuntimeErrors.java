package io.wharf.runtime.linux;

import io.wharf.api.errors.EngineException;
import io.wharf.api.errors.ErrorKind;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns an OCI runtime's stderr into the message and error class Docker users expect. */
final class RuntimeErrors {
    /** logrus text format: {@code time="..." level=error msg="..."}. */
    private static final Pattern LOGRUS_MSG = Pattern.compile("msg=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private RuntimeErrors() {
    }

    /** The runtime's own words: the msg="..." of its log lines, or the trimmed text. */
    static String message(String stderr) {
        if (stderr == null) {
            return "";
        }
        StringBuilder messages = new StringBuilder();
        Matcher m = LOGRUS_MSG.matcher(stderr);
        while (m.find()) {
            if (messages.length() > 0) {
                messages.append(": ");
            }
            messages.append(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return messages.length() > 0 ? messages.toString() : stderr.strip();
    }

    /**
     * A failed create or exec, classified as moby's translateContainerdStartErr does: a missing executable or
     * file is the user's error (docker CLI then exits 127), permission denied too (126); the rest is a server fault.
     * The text ends in ": unknown" as Docker's does (containerd's gRPC status class, kept in moby's message).
     */
    static EngineException startFailure(String runtime, String what, String runtimeMessage) {
        String text = "OCI runtime " + what + " failed: " + message(runtimeMessage) + ": unknown";
        if (text.contains("executable file not found") || text.contains("no such file or directory")
                || text.contains("permission denied")) {
            return new EngineException(ErrorKind.INVALID_PARAMETER, text);
        }
        if (text.contains("not a directory")) {
            return new EngineException(ErrorKind.INVALID_PARAMETER, text + ": Are you trying to mount a directory "
                    + "onto a file (or vice-versa)? Check if the specified host path exists and is the expected type");
        }
        return new EngineException(ErrorKind.SYSTEM, text);
    }

    static boolean isNotFound(String message) {
        return message.contains("does not exist") || message.contains("not found")
                || message.contains("No such file");
    }
}
