package io.longshort.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonParseException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

/** Library failures become short one-line reasons without Java class names. */
class ReasonsTest {

    @Test
    void classNamesInFrontOfTheMessageAreDropped() {
        JsonParseException e = new JsonParseException(new EOFException("End of input at line 1 column 32"));
        assertEquals("End of input at line 1 column 32", Reasons.of(e));
    }

    @Test
    void onlyTheFirstLineIsKept() {
        assertEquals("Expected size [1, 32]", Reasons.of(new IllegalStateException("Expected size [1, 32]\n  at x\n")));
    }

    @Test
    void anEndOfFileWithoutMessageIsDescribed() {
        assertEquals("the file ends too early", Reasons.of(new EOFException()));
        assertEquals("the file ends too early", Reasons.of(new IOException(new EOFException())));
    }

    @Test
    void fileSystemFailuresNameTheFileAndTheReason() {
        assertEquals("/a/b: Not a directory", Reasons.of(new FileSystemException("/a/b", null, "Not a directory")));
        assertEquals("no such file: /a/c", Reasons.of(new NoSuchFileException("/a/c")));
    }
}
