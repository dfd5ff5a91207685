package io.longshort.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.longshort.core.LongshortException;
import org.junit.jupiter.api.Test;

/** The trainer's option checks, which the command line makes with the same messages. */
class TrainerOptionsTest {

    @Test
    void checkpointEveryIsZeroOrMore() {
        assertEquals(0, TrainerOptions.checkCheckpointEvery(0, "optCheckpointEvery"));
        assertEquals(50, TrainerOptions.checkCheckpointEvery(50, "optCheckpointEvery"));
        assertEquals(
                "optCheckpointEvery is -1: it must be 0 (epoch ends only) or more.",
                assertThrows(
                                LongshortException.class,
                                () -> TrainerOptions.checkCheckpointEvery(-1, "optCheckpointEvery"))
                        .getMessage());
        assertEquals(
                "--checkpoint-every is -1: it must be 0 (epoch ends only) or more.",
                assertThrows(
                                LongshortException.class,
                                () -> TrainerOptions.checkCheckpointEvery(-1, "--checkpoint-every"))
                        .getMessage());
    }

    @Test
    void keepCheckpointsIsAtLeastOne() {
        assertEquals(1, TrainerOptions.checkKeepCheckpoints(1, "optKeepCheckpoints"));
        assertEquals(
                "optKeepCheckpoints is 0: it must be at least 1.",
                assertThrows(
                                LongshortException.class,
                                () -> TrainerOptions.checkKeepCheckpoints(0, "optKeepCheckpoints"))
                        .getMessage());
    }
}
