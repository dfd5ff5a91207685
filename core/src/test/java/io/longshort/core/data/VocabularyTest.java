package io.longshort.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.longshort.core.LongshortException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vocabulary: its order, its file, and what encoding does with unknown words. */
class VocabularyTest {

    @TempDir
    Path tmp;

    private static List<String> words(String text) {
        return List.of(text.split(" "));
    }

    @Test
    void sortedByDescendingCountThenByWord() {
        // counts: the 3, <eos> 2, cat 2, a 1, zebra 1, Big 1
        Vocabulary v = Vocabulary.build(words("zebra the cat <eos> the a cat Big the <eos>"));
        assertEquals(List.of("the", "<eos>", "cat", "Big", "a", "zebra"), v.words());
        assertEquals(0, v.id("the"));
        assertEquals(1, v.id(Vocabulary.EOS));
        assertEquals(5, v.id("zebra"));
        assertEquals(-1, v.id("dog"));
        assertEquals("cat", v.word(2));
    }

    @Test
    void tiesAreBrokenByWordAsTheTutorialsSortDoes() {
        // the tutorial sorts (-count, word): equal counts are in string order, upper case first
        Vocabulary v = Vocabulary.build(words("b a c B a b c B"));
        assertEquals(List.of("B", "a", "b", "c"), v.words());
    }

    @Test
    void saveWritesOneWordALineAndLoadRestoresTheSameIds() throws Exception {
        Vocabulary v = Vocabulary.build(words("x y y z z z <unk> <eos> <eos>"));
        Path file = tmp.resolve("vocab.txt");
        v.save(file);
        assertEquals(List.of("z", "<eos>", "y", "<unk>", "x"), Files.readAllLines(file, StandardCharsets.UTF_8));
        Vocabulary loaded = Vocabulary.load(file);
        assertEquals(v, loaded);
        assertEquals(v.words(), loaded.words());
        for (String w : v.words()) {
            assertEquals(v.id(w), loaded.id(w), w);
        }
    }

    @Test
    void loadOfAMissingFileNamesThePath() {
        Path missing = tmp.resolve("nothing-here.txt");
        LongshortException e = assertThrows(LongshortException.class, () -> Vocabulary.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void encodeWithDropLeavesUnknownWordsOut() {
        Vocabulary v = Vocabulary.of(List.of("the", "cat", Vocabulary.EOS));
        int[] ids = v.encode(words("the dog cat sat <eos>"), UnknownWords.DROP);
        assertArrayEquals(new int[] {0, 1, 2}, ids);
        assertEquals(List.of("the", "cat", "<eos>"), v.decode(ids));
    }

    @Test
    void encodeWithMapToUnkReplacesUnknownWordsByUnk() {
        Vocabulary v = Vocabulary.of(List.of("the", "cat", Vocabulary.UNK, Vocabulary.EOS));
        int[] ids = v.encode(words("the dog cat sat <eos>"), UnknownWords.MAP_TO_UNK);
        assertArrayEquals(new int[] {0, 2, 1, 2, 3}, ids);
        assertEquals(List.of("the", "<unk>", "cat", "<unk>", "<eos>"), v.decode(ids));
    }

    @Test
    void mapToUnkWithoutUnkInTheVocabularyFailsNamingUnk() {
        Vocabulary v = Vocabulary.of(List.of("the", "cat"));
        assertFalse(v.contains(Vocabulary.UNK));
        LongshortException e =
                assertThrows(LongshortException.class, () -> v.encode(words("the cat"), UnknownWords.MAP_TO_UNK));
        assertTrue(e.getMessage().contains("<unk>"), e.getMessage());
        assertTrue(e.getMessage().contains("DROP"), "the message names the fix: " + e.getMessage());
    }

    @Test
    void aWordListedTwiceIsRefused() {
        LongshortException e = assertThrows(LongshortException.class, () -> Vocabulary.of(List.of("a", "b", "a")));
        assertEquals("The vocabulary lists 'a' twice: each word must appear once.", e.getMessage());
    }

    @Test
    void emptyTrainingDataIsRefused() {
        assertThrows(LongshortException.class, () -> Vocabulary.build(List.of()));
        assertThrows(LongshortException.class, () -> Vocabulary.of(List.of()));
    }
}
