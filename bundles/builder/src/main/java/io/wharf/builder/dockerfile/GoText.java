package io.wharf.builder.dockerfile;

/** Go's {@code unicode.IsSpace} and {@code unicode.IsDigit}, which Docker's lexers use, for code points. */
final class GoText {
    private GoText() {
    }

    static boolean isSpace(int ch) {
        if (ch < 0x80) {
            return ch == ' ' || ch >= '\t' && ch <= '\r';
        }
        return ch == 0x85 || Character.isSpaceChar(ch);
    }

    static boolean isDigit(int ch) {
        return Character.getType(ch) == Character.DECIMAL_DIGIT_NUMBER;
    }
}
