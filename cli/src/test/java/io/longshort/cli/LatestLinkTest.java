package io.longshort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code runs/demo} leads to the newest demo model, and no earlier model or foreign folder is touched. */
class LatestLinkTest {

    @Test
    void theLinkMovesToTheNewestModelAndTheOlderOneStays(@TempDir Path tmp) throws Exception {
        Path runs = tmp.resolve("runs");
        Path first = model(runs.resolve("demo-pytorch-1"));
        Path second = model(runs.resolve("demo-mxnet-2"));
        Path link = runs.resolve("demo");

        assertEquals(" (also at " + link + ")", LatestLink.point(link, first));
        assertEquals(first.toRealPath(), link.toRealPath());
        assertEquals(" (also at " + link + ")", LatestLink.point(link, second));
        assertEquals(second.toRealPath(), link.toRealPath());
        // side by side, the link is relative, so the runs folder can move as a whole
        assertEquals(Path.of("demo-mxnet-2"), Files.readSymbolicLink(link));
        assertTrue(Files.isRegularFile(first.resolve("model.json")), "the earlier model is kept");
        try (var list = Files.list(runs)) {
            assertEquals(3, list.count(), "no temporary link left behind");
        }
    }

    @Test
    void aFolderOfThatNameIsLeftAsItIs(@TempDir Path tmp) throws Exception {
        Path runs = tmp.resolve("runs");
        Path mine = model(runs.resolve("demo"));
        Path model = model(runs.resolve("demo-pytorch-1"));

        String note = LatestLink.point(mine, model);

        assertEquals(" (" + mine + " is not a link made by longshort, so it was left as it is)", note);
        assertTrue(Files.isDirectory(mine) && !Files.isSymbolicLink(mine));
        assertEquals("{}", Files.readString(mine.resolve("model.json"), StandardCharsets.UTF_8));
    }

    @Test
    void aLinkElsewhereIsAbsolute(@TempDir Path tmp) throws Exception {
        Path model = model(tmp.resolve("models/demo-pytorch-1"));
        Path link = Files.createDirectories(tmp.resolve("runs")).resolve("demo");

        LatestLink.point(link, model);

        assertEquals(model.toAbsolutePath().normalize(), Files.readSymbolicLink(link));
    }

    private static Path model(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("model.json"), "{}", StandardCharsets.UTF_8);
        return dir;
    }
}
