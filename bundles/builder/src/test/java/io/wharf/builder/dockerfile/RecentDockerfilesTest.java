package io.wharf.builder.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RecentDockerfilesTest {
    private static final String TEXT = "FROM busybox\nCOPY --chown=1:1 [\"a\", \"/b\"]\nRUN <<EOF\necho hi\nEOF\n";

    @Test
    void aRepeatedTextGivesTheSameParseAsParsingAnew() throws Exception {
        RecentDockerfiles recent = new RecentDockerfiles();
        ParsedDockerfile first = recent.parse("Dockerfile", TEXT);
        assertEquals(DockerfileParser.parse("Dockerfile", TEXT), first);
        assertSame(first, recent.parse("Dockerfile", new String(TEXT.toCharArray())));
    }

    @Test
    void theNameAndEveryCharacterOfTheTextAreInTheKey() throws Exception {
        RecentDockerfiles recent = new RecentDockerfiles();
        ParsedDockerfile plain = recent.parse("Dockerfile", TEXT);
        ParsedDockerfile other = recent.parse("Dockerfile", TEXT.replace("hi", "ho"));
        assertEquals(DockerfileParser.parse("Dockerfile", TEXT.replace("hi", "ho")), other);
        assertNotSame(plain, other);
        DockerfileSyntaxException e = assertThrows(DockerfileSyntaxException.class,
                () -> recent.parse("Custom.df", "FROM busybox\nRUNN x\n"));
        assertEquals(assertThrows(DockerfileSyntaxException.class,
                () -> DockerfileParser.parse("Custom.df", "FROM busybox\nRUNN x\n")).getMessage(), e.getMessage());
        assertThrows(DockerfileSyntaxException.class, () -> recent.parse("Custom.df", "FROM busybox\nRUNN x\n"));
    }

    @Test
    void theParseIsReadOnly() throws Exception {
        Instruction copy = new RecentDockerfiles().parse("Dockerfile", TEXT).instructions().get(1);
        assertThrows(UnsupportedOperationException.class, () -> copy.flags().put("from", "x"));
        assertThrows(UnsupportedOperationException.class, () -> copy.args().add("x"));
        assertThrows(UnsupportedOperationException.class,
                () -> new RecentDockerfiles().parse("Dockerfile", TEXT).instructions().get(2).heredocs().clear());
    }

    @Test
    void manyOrLargeTextsStillParseCorrectly() throws Exception {
        RecentDockerfiles recent = new RecentDockerfiles();
        for (int i = 0; i < RecentDockerfiles.REMEMBERED + 5; i++) {
            String text = "FROM busybox\nENV N=" + i + "\n";
            assertEquals(DockerfileParser.parse("Dockerfile", text), recent.parse("Dockerfile", text));
        }
        String large = "FROM busybox\n" + ("# " + "x".repeat(78) + "\n").repeat(RecentDockerfiles.MAX_TEXT / 80 + 1)
                + "CMD [\"sh\"]\n";
        ParsedDockerfile once = recent.parse("Dockerfile", large);
        assertEquals(once, recent.parse("Dockerfile", large));
        assertNotSame(once, recent.parse("Dockerfile", large)); // too large to keep
    }
}
