package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryValuesTest {
    @Test
    void boolValuesLikeDockerd() {
        for (String yes : List.of("1", "true", "True", "yes", "anything")) {
            assertTrue(QueryValues.bool(yes), yes);
        }
        for (String no : List.of("", "0", "no", "false", "FALSE", "none", " ")) {
            assertEquals(false, QueryValues.bool(no), no);
        }
        assertEquals(false, QueryValues.bool(null));
        assertTrue(QueryValues.boolDefaultTrue(null));
        assertTrue(QueryValues.boolDefaultTrue(""));
        assertFalse(QueryValues.boolDefaultTrue("0"));
    }

    @Test
    void apiVersionsCompareNumerically() {
        assertTrue(QueryValues.apiVersionBefore("1.9", "1.42"));
        assertTrue(QueryValues.apiVersionBefore("1.41", "1.42"));
        assertFalse(QueryValues.apiVersionBefore("1.42", "1.42"));
        assertFalse(QueryValues.apiVersionBefore("1.50", "1.44"));
        assertFalse(QueryValues.apiVersionBefore(null, "1.44"));
        assertFalse(QueryValues.apiVersionBefore("", "1.44"));
    }
}
