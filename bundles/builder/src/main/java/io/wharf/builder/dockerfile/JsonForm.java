package io.wharf.builder.dockerfile;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The exec form {@code ["executable", "param"]}: a JSON array of strings. Text that is not a JSON array is shell form,
 * as Docker reads it; a JSON array holding anything but strings is an error. Like moby's {@code json.Decoder}, only
 * the first value is read: text after the array's {@code ]} is ignored.
 */
final class JsonForm {
    static final String NOT_STRINGS = "when using JSON array syntax, arrays must be comprised of strings only";
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private JsonForm() {
    }

    /**
     * @return the array's strings, or empty when the text is not a JSON array (shell form)
     * @throws IllegalArgumentException when it is an array with an element that is not a string
     */
    static Optional<List<String>> parse(String text) {
        String trimmed = text.stripLeading();
        if (!trimmed.startsWith("[")) {
            return Optional.empty();
        }
        List<String> elements = new ArrayList<>();
        boolean onlyStrings = true;
        boolean closed = false;
        try (JsonParser parser = JSON.createParser(trimmed)) {
            parser.nextToken();
            int depth = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (depth == 0 && token == JsonToken.END_ARRAY) {
                    closed = true;
                    break;
                }
                if (depth == 0 && token != JsonToken.VALUE_STRING) {
                    onlyStrings = false;
                }
                if (token == JsonToken.VALUE_STRING && depth == 0) {
                    elements.add(parser.getText());
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (!closed) {
            return Optional.empty();
        }
        if (!onlyStrings) {
            throw new IllegalArgumentException(NOT_STRINGS);
        }
        return Optional.of(elements);
    }
}
