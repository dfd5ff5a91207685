package io.longshort.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.longshort.core.LongshortException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The job jar's options: a mistyped value or a missing engine is a one-line error, not a stack trace. */
class BatchScoreJobTest {

    private static String error(String... extra) {
        List<String> args = new ArrayList<>(List.of("--model", "m", "--input", "a.txt", "b.txt", "--output", "out"));
        args.addAll(List.of(extra));
        return assertThrows(LongshortException.class, () -> BatchScoreJob.parse(args.toArray(String[]::new)))
                .getMessage();
    }

    @Test
    void aValueThatIsNotANumberIsNamedWithItsOption() {
        assertEquals("--partitions is 'x': give a whole number.", error("--engine", "pytorch", "--partitions", "x"));
        assertEquals(
                "--max-perplexity is '1e': give a number.", error("--engine", "pytorch", "--max-perplexity", "1e"));
        assertEquals("--buckets is '6O': give a number.", error("--engine", "pytorch", "--buckets", "30,6O"));
    }

    @Test
    void withBothEnginesInTheJarTheMessageAsksForEngine() {
        assumeTrue(
                System.getenv("LONGSHORT_ENGINE") == null && System.getProperty("longshort.engine") == null,
                "an engine is configured in this environment (LONGSHORT_ENGINE or -Dlongshort.engine)");
        assertEquals(
                "Several engines are available [mxnet, pytorch]: choose one with --engine NAME,"
                        + " LONGSHORT_ENGINE=NAME or engine=NAME in longshort.properties.",
                error());
    }
}
