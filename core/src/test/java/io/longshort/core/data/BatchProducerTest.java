package io.longshort.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.longshort.core.LongshortException;
import io.longshort.core.spec.Layout;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The reader of the recipe: windows, shifted targets, window count and the two layouts. */
class BatchProducerTest {

    /** The raw data of the tutorial's own reader test ({@code reader_test.py}). */
    private static final int[] RAW = {4, 3, 2, 1, 0, 5, 6, 1, 1, 1, 1, 0, 3, 4, 1};

    @Test
    void tutorialReaderTestGivesTwoWindowsWithTheTutorialsValues() {
        BatchProducer p = new BatchProducer(RAW, 3, 2, Layout.BATCH_MAJOR);
        assertEquals(2, p.numWindows());
        assertArrayEquals(new int[] {4, 3, 5, 6, 1, 0}, p.inputs(0));
        assertArrayEquals(new int[] {3, 2, 6, 1, 0, 3}, p.targets(0));
        assertArrayEquals(new int[] {2, 1, 1, 1, 3, 4}, p.inputs(1));
        assertArrayEquals(new int[] {1, 0, 1, 1, 4, 1}, p.targets(1));
    }

    @Test
    void timeMajorWindowIsTheTransposeOfTheBatchMajorWindow() {
        BatchProducer batchMajor = new BatchProducer(RAW, 3, 2, Layout.BATCH_MAJOR);
        BatchProducer timeMajor = new BatchProducer(RAW, 3, 2, Layout.TIME_MAJOR);
        assertEquals(Layout.TIME_MAJOR, timeMajor.layout());
        // the tutorial's window 0, transposed by hand: x0^T = [[4,5,1],[3,6,0]]
        assertArrayEquals(new int[] {4, 5, 1, 3, 6, 0}, timeMajor.inputs(0));
        assertArrayEquals(new int[] {3, 6, 0, 2, 1, 3}, timeMajor.targets(0));
        for (int i = 0; i < batchMajor.numWindows(); i++) {
            assertArrayEquals(transpose(batchMajor.inputs(i), 3, 2), timeMajor.inputs(i));
            assertArrayEquals(transpose(batchMajor.targets(i), 3, 2), timeMajor.targets(i));
        }
    }

    @Test
    void timeMajorIsTheTransposeOnRandomData() {
        Random random = new Random(7);
        int[] data = random.ints(1000, 0, 50).toArray();
        BatchProducer batchMajor = new BatchProducer(data, 7, 9, Layout.BATCH_MAJOR);
        BatchProducer timeMajor = new BatchProducer(data, 7, 9, Layout.TIME_MAJOR);
        for (int i = 0; i < batchMajor.numWindows(); i++) {
            assertArrayEquals(transpose(batchMajor.inputs(i), 7, 9), timeMajor.inputs(i));
            assertArrayEquals(transpose(batchMajor.targets(i), 7, 9), timeMajor.targets(i));
        }
    }

    @Test
    void numWindowsIsRowLengthMinusOneOverSteps() {
        // (len / B - 1) / T
        assertEquals(2, windows(15, 3, 2)); // (5 - 1) / 2
        assertEquals(1, windows(15, 3, 4)); // (5 - 1) / 4
        assertEquals(0, windows(15, 3, 5)); // (5 - 1) / 5
        assertEquals(4, windows(100, 4, 6)); // (25 - 1) / 6
        assertEquals(3, windows(103, 4, 8)); // (25 - 1) / 8, 3 ids cut off
        assertEquals(1327, windows(929_589, 20, 35)); // PTB train, medium: 46479 - 1 over 35
    }

    @Test
    void streamTooShortForOneWindowHasZeroWindows() {
        assertEquals(0, windows(0, 3, 2)); // empty stream
        assertEquals(0, windows(2, 3, 2)); // shorter than the batch: rows of length 0
        assertEquals(0, windows(3, 3, 2)); // rows of length 1: no target for the first input
        assertEquals(0, windows(8, 3, 2)); // rows of length 2: one step of input, T is 2
        assertEquals(1, windows(9, 3, 2)); // rows of length 3: exactly one window
    }

    @Test
    void windowOutsideTheEpochIsRefused() {
        BatchProducer p = new BatchProducer(RAW, 3, 2, Layout.BATCH_MAJOR);
        assertThrows(IndexOutOfBoundsException.class, () -> p.inputs(2));
        assertThrows(IndexOutOfBoundsException.class, () -> p.targets(-1));
        BatchProducer empty = new BatchProducer(new int[2], 3, 2, Layout.BATCH_MAJOR);
        assertThrows(IndexOutOfBoundsException.class, () -> empty.inputs(0));
    }

    @Test
    void zeroBatchOrStepsIsRefusedWithBothValues() {
        LongshortException e =
                assertThrows(LongshortException.class, () -> new BatchProducer(RAW, 0, 2, Layout.BATCH_MAJOR));
        assertEquals("batch size and steps must be at least 1, got batch 0 and steps 2.", e.getMessage());
        assertThrows(LongshortException.class, () -> new BatchProducer(RAW, 3, 0, Layout.TIME_MAJOR));
    }

    @Test
    void windowsMatchTheSlicingFormulaOnRandomData() {
        Random random = new Random(20140917);
        for (int trial = 0; trial < 200; trial++) {
            int len = random.nextInt(400);
            int batch = 1 + random.nextInt(9);
            int steps = 1 + random.nextInt(12);
            int[] data = random.ints(len, 0, 1000).toArray();
            BatchProducer p = new BatchProducer(data, batch, steps, Layout.BATCH_MAJOR);
            int rowLength = len / batch;
            int expectedWindows = rowLength == 0 ? 0 : (rowLength - 1) / steps;
            String where = "len " + len + ", batch " + batch + ", steps " + steps;
            assertEquals(expectedWindows, p.numWindows(), where);
            // data = raw[:B * (len / B)].reshape(B, len / B)
            int[][] matrix = new int[batch][rowLength];
            for (int b = 0; b < batch; b++) {
                System.arraycopy(data, b * rowLength, matrix[b], 0, rowLength);
            }
            for (int i = 0; i < expectedWindows; i++) {
                assertArrayEquals(slice(matrix, i * steps, steps), p.inputs(i), where + ", window " + i);
                assertArrayEquals(slice(matrix, i * steps + 1, steps), p.targets(i), where + ", window " + i);
            }
        }
    }

    /** Returns {@code matrix[:, from:from+width]}, flat row by row. */
    private static int[] slice(int[][] matrix, int from, int width) {
        int[] out = new int[matrix.length * width];
        for (int b = 0; b < matrix.length; b++) {
            System.arraycopy(matrix[b], from, out, b * width, width);
        }
        return out;
    }

    /** Transposes a flat {@code [rows, cols]} matrix into a flat {@code [cols, rows]} one. */
    private static int[] transpose(int[] flat, int rows, int cols) {
        int[] out = new int[flat.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = flat[r * cols + c];
            }
        }
        return out;
    }

    private static int windows(int len, int batch, int steps) {
        return new BatchProducer(new int[len], batch, steps, Layout.BATCH_MAJOR).numWindows();
    }
}
