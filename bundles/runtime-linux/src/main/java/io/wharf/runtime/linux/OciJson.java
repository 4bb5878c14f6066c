package io.wharf.runtime.linux;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/** Small helpers the OCI config builders share. */
final class OciJson {
    private OciJson() {
    }

    static ArrayNode strings(ObjectMapper json, List<String> values) {
        ArrayNode array = json.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    static <T> List<T> nullToEmpty(List<T> list) {
        return list != null ? list : List.of();
    }

    static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
