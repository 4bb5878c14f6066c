package io.wharf.api.errors;

/**
 * An error a client caused or may act on. The REST layer answers it as {@code {"message": ...}} with
 * {@link ErrorKind#httpStatus()}; anything else that escapes is a server fault (500).
 */
public class EngineException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorKind kind;

    public EngineException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public EngineException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    public static EngineException invalid(String format, Object... args) {
        return new EngineException(ErrorKind.INVALID_PARAMETER, String.format(format, args));
    }

    public static EngineException notFound(String format, Object... args) {
        return new EngineException(ErrorKind.NOT_FOUND, String.format(format, args));
    }

    public static EngineException conflict(String format, Object... args) {
        return new EngineException(ErrorKind.CONFLICT, String.format(format, args));
    }

    public static EngineException unavailable(String format, Object... args) {
        return new EngineException(ErrorKind.UNAVAILABLE, String.format(format, args));
    }

    public static EngineException notImplemented(String format, Object... args) {
        return new EngineException(ErrorKind.NOT_IMPLEMENTED, String.format(format, args));
    }

    public static EngineException system(String message, Throwable cause) {
        return new EngineException(ErrorKind.SYSTEM, message, cause);
    }
}
