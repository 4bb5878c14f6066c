package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Go's own table for path.Match (src/path/match_test.go); BAD is ErrBadPattern. */
class GoPathMatchTest {
    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource(delimiter = ' ', quoteCharacter = '\'', value = {
        "abc abc true", "* abc true", "*c abc true", "a* a true", "a* abc true", "a* ab/c false",
        "a*/b abc/b true", "a*/b a/c/b false", "a*b*c*d*e*/f axbxcxdxe/f true",
        "a*b*c*d*e*/f axbxcxdxexxx/f true", "a*b*c*d*e*/f axbxcxdxe/xxx/f false",
        "a*b*c*d*e*/f axbxcxdxexxx/fff false", "a*b?c*x abxbbxdbxebxczzx true",
        "a*b?c*x abxbbxdbxebxczzy false", "ab[c] abc true", "ab[b-d] abc true", "ab[e-g] abc false",
        "ab[^c] abc false", "ab[^b-d] abc false", "ab[^e-g] abc true", "a\\*b a*b true", "a\\*b ab false",
        "a?b a☺b true", "a[^a]b a☺b true", "a???b a☺b false", "a[^a][^a][^a]b a☺b false",
        "[a-ζ]* α true", "*[a-ζ] A false", "a?b a/b false", "a*b a/b false",
        "[\\]a] ] true", "[\\-] - true", "[x\\-] x true", "[x\\-] - true", "[x\\-] z false",
        "[\\-x] x true", "[\\-x] - true", "[\\-x] a false",
        "[]a] ] BAD", "[-] - BAD", "[x-] x BAD", "[x-] - BAD", "[x-] z BAD", "[-x] x BAD", "[-x] - BAD",
        "[-x] a BAD", "\\ a BAD", "[a-b-c] a BAD", "[ a BAD", "[^ a BAD", "[^bc a BAD", "a[ a BAD", "a[ ab BAD",
        "a[ x BAD", "a/b[ x BAD", "*x xxx true",
        // a class is Go's syntax, never a Java regex's
        "[\\p{L}] é false", "[\\p{L}] p true", "[\\d] 1 false", "[a&&b] & true", "[[:alpha:]] a false"})
    void matchesAsGoDoes(String pattern, String name, String expected) throws Exception {
        if (expected.equals("BAD")) {
            assertThrows(GoPathMatch.BadPatternException.class, () -> GoPathMatch.matches(pattern, name));
        } else {
            assertEquals(Boolean.parseBoolean(expected), GoPathMatch.matches(pattern, name));
        }
    }
}
