package io.longshort.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.LongshortException;
import io.longshort.core.serving.ServingProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DJL Serving's batching and worker keys and defaults, read from {@code serving.properties} under the flags. */
class BatchSettingsTest {

    @TempDir
    Path dir;

    @Test
    void aFolderWithoutTheKeysGetsDjlServingsDefaults() throws Exception {
        Files.writeString(dir.resolve(ServingProperties.FILE), ServingProperties.text());
        assertEquals(new BatchSettings(1, 100, 3), BatchSettings.read(dir, 3, null, null, null));
        assertEquals(
                new BatchSettings(1, 100, 2), BatchSettings.read(dir.resolve("no-such-folder"), 2, null, null, null));
    }

    @Test
    void theFileSetsTheKeysAndTheFlagsOverrideThem() throws Exception {
        Files.writeString(
                dir.resolve(ServingProperties.FILE),
                ServingProperties.text() + "batch_size=16\nmax_batch_delay=7\nmaxWorkers=4\n");
        assertEquals(new BatchSettings(16, 7, 4), BatchSettings.read(dir, 2, null, null, null));
        assertEquals(new BatchSettings(4, 7, 4), BatchSettings.read(dir, 2, 4, null, null));
        assertEquals(new BatchSettings(16, 0, 4), BatchSettings.read(dir, 2, null, 0L, null));
        assertEquals(new BatchSettings(16, 7, 1), BatchSettings.read(dir, 2, null, null, 1));
    }

    @Test
    void aValueThatIsNotANumberIsNamedWithItsFileAndKey() throws Exception {
        Files.writeString(dir.resolve(ServingProperties.FILE), "batch_size=lots\n");
        LongshortException e =
                assertThrows(LongshortException.class, () -> BatchSettings.read(dir, 1, null, null, null));
        assertTrue(e.getMessage().contains("serving.properties: batch_size is 'lots'"), e.getMessage());
        Files.writeString(dir.resolve(ServingProperties.FILE), "batch_size=0\n");
        e = assertThrows(LongshortException.class, () -> BatchSettings.read(dir, 1, null, null, null));
        assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
        Files.writeString(dir.resolve(ServingProperties.FILE), "maxWorkers=0\n");
        e = assertThrows(LongshortException.class, () -> BatchSettings.read(dir, 1, null, null, null));
        assertTrue(e.getMessage().contains("number of workers is 0"), e.getMessage());
    }
}
