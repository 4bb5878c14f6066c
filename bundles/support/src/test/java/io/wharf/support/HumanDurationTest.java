package io.wharf.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {
    @ParameterizedTest(name = "{0} is \"{1}\"")
    @CsvSource({
        "PT0S,      Less than a second",
        "PT0.5S,    Less than a second",
        "PT1S,      1 second",
        "PT3S,      3 seconds",
        "PT90S,     About a minute",
        "PT2M,      2 minutes",
        "PT61M,     About an hour",
        "PT65M,     About an hour",
        "PT90M,     2 hours",
        "PT47H,     47 hours",
        "P3D,       3 days",
        "P14D,      2 weeks",
        "P60D,      2 months",
        "P730D,     2 years",
    })
    void asGoUnitsRoundsIt(Duration d, String text) {
        assertEquals(text, HumanDuration.of(d));
    }
}
