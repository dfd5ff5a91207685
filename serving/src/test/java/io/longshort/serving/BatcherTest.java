package io.longshort.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The batching queue on its own: who waits for whom, and how many batches run at once. */
class BatcherTest {

    private static final Function<List<Integer>, List<Integer>> DOUBLE =
            items -> items.stream().map(i -> 2 * i).toList();

    @Test
    void aLoneItemIsAnsweredAtOnceNotAfterTheDelay() throws Exception {
        try (Batcher<Integer, Integer> b = new Batcher<>("t", new BatchSettings(8, 5_000, 1), DOUBLE, n -> {})) {
            long start = System.nanoTime();
            assertEquals(42, b.submit(21).get(10, TimeUnit.SECONDS));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(millis < 2_500, "a lone item waited " + millis + " ms for a 5,000 ms delay");
        }
    }

    @Test
    void afterABatchOfSeveralTheFirstItemWaitsForMore() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        Function<List<Integer>, List<Integer>> blockFirst = heldUntil(release);
        try (Batcher<Integer, Integer> b = new Batcher<>("t", new BatchSettings(8, 300, 1), blockFirst, sizes::add)) {
            CompletableFuture<Integer> first = b.submit(1); // runs alone, held by the latch
            awaitSize(sizes, 1);
            List<CompletableFuture<Integer>> queued = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                queued.add(b.submit(10 + i)); // queue while the first batch runs
            }
            release.countDown();
            assertEquals(2, first.get(10, TimeUnit.SECONDS));
            for (int i = 0; i < 3; i++) {
                assertEquals(2 * (10 + i), queued.get(i).get(10, TimeUnit.SECONDS));
            }
            CompletableFuture<Integer> a = b.submit(7); // the previous batch held 3: waits up to 300 ms
            Thread.sleep(50);
            CompletableFuture<Integer> c = b.submit(8);
            assertEquals(14, a.get(10, TimeUnit.SECONDS));
            assertEquals(16, c.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(1, 3, 2), sizes);
        }
    }

    @Test
    void aWorkerStopsWaitingOnceAsManyAsLastTimeAreIn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        Function<List<Integer>, List<Integer>> blockFirst = heldUntil(release);
        BatchSettings settings = new BatchSettings(8, 60_000, 1);
        try (Batcher<Integer, Integer> b = new Batcher<>("t", settings, blockFirst, sizes::add)) {
            CompletableFuture<Integer> first = b.submit(1);
            awaitSize(sizes, 1);
            CompletableFuture<Integer> x = b.submit(2); // queued while the first batch runs
            CompletableFuture<Integer> y = b.submit(3);
            release.countDown();
            assertEquals(2, first.get(10, TimeUnit.SECONDS));
            assertEquals(4, x.get(10, TimeUnit.SECONDS));
            assertEquals(6, y.get(10, TimeUnit.SECONDS));
            // the previous batch held 2: once two are in, the batch runs without waiting the minute
            CompletableFuture<Integer> p = b.submit(4);
            CompletableFuture<Integer> q = b.submit(5);
            assertEquals(8, p.get(10, TimeUnit.SECONDS));
            assertEquals(10, q.get(10, TimeUnit.SECONDS));
            assertEquals(List.of(1, 2, 2), sizes);
        }
    }

    @Test
    void severalWorkersRunTheirBatchesSideBySide() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        Function<List<Integer>, List<Integer>> meet = items -> {
            bothRunning.countDown();
            try {
                // answers only once the other worker's batch runs too
                assertTrue(bothRunning.await(10, TimeUnit.SECONDS), "the second worker never ran");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DOUBLE.apply(items);
        };
        try (Batcher<Integer, Integer> b = new Batcher<>("t", new BatchSettings(1, 0, 2), meet, n -> {})) {
            CompletableFuture<Integer> x = b.submit(3);
            CompletableFuture<Integer> y = b.submit(4);
            assertEquals(6, x.get(15, TimeUnit.SECONDS));
            assertEquals(8, y.get(15, TimeUnit.SECONDS));
        }
    }

    /** Doubles each item, once the latch is released. */
    private static Function<List<Integer>, List<Integer>> heldUntil(CountDownLatch release) {
        return items -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return DOUBLE.apply(items);
        };
    }

    private static void awaitSize(List<Integer> sizes, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sizes.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(n, sizes.size());
    }
}
