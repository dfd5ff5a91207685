package io.longshort.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dynamic batching, as DJL Serving does it: requests wait in one queue, and each of the workers
 * takes the first one, then waits at most {@code maxBatchDelay} for more, up to {@code batchSize},
 * and runs them all in one call; the workers' calls run side by side. The call must answer each
 * item as if it were alone, so batching never changes an answer; it only shares the work.
 *
 * <p>A worker waits for more only until it holds as many items as its previous batch did (and
 * never past the delay), then takes just those already queued. Clients that each wait for their
 * answer come back about as many as the last batch answered: a lone client is answered at once
 * instead of after the delay, and a batch of concurrent clients starts as soon as they are all back
 * instead of when the delay runs out, while the delay still gathers the latecomers.
 *
 * @param <I> a request
 * @param <O> its answer
 */
final class Batcher<I, O> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Batcher.class);

    private record Pending<I, O>(I item, CompletableFuture<O> answer) {}

    private final BlockingQueue<Pending<I, O>> queue = new LinkedBlockingQueue<>();
    private final int batchSize;
    private final long maxDelayNanos;
    private final Function<List<I>, List<O>> work;
    private final IntConsumer onBatch;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closing;

    /**
     * Starts the workers.
     *
     * @param name the worker threads' name, numbered from 1
     * @param settings the batch size, the delay and the number of workers
     * @param work answers a list of items, one answer each in the same order; called by several
     *     workers at once when there are several
     * @param onBatch told the size of every batch run
     */
    Batcher(String name, BatchSettings settings, Function<List<I>, List<O>> work, IntConsumer onBatch) {
        this.batchSize = settings.batchSize();
        this.maxDelayNanos = TimeUnit.MILLISECONDS.toNanos(settings.maxBatchDelayMillis());
        this.work = work;
        this.onBatch = onBatch;
        for (int i = 1; i <= settings.workers(); i++) {
            Thread worker = new Thread(this::loop, name + "-" + i);
            worker.setDaemon(true);
            worker.start();
            workers.add(worker);
        }
    }

    /**
     * Queues an item.
     *
     * @param item the item
     * @return its answer, when its batch has run; cancel it to drop the item if it has not
     */
    CompletableFuture<O> submit(I item) {
        CompletableFuture<O> answer = new CompletableFuture<>();
        if (closing) {
            answer.completeExceptionally(new ApiException(503, "The server is shutting down: retry on another."));
            return answer;
        }
        queue.add(new Pending<>(item, answer));
        return answer;
    }

    /** The items waiting. */
    int depth() {
        return queue.size();
    }

    private void loop() {
        List<Pending<I, O>> batch = new ArrayList<>(batchSize);
        int previous = 0;
        while (!closing || !queue.isEmpty()) {
            try {
                Pending<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + maxDelayNanos;
                while (batch.size() < batchSize) {
                    // once as many as last time are in, take only those already waiting
                    long left = batch.size() < previous ? deadline - System.nanoTime() : 0;
                    Pending<I, O> next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                previous = batch.size();
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void run(List<Pending<I, O>> batch) {
        batch.removeIf(p -> p.answer().isDone()); // timed out or cancelled while waiting
        if (batch.isEmpty()) {
            return;
        }
        List<I> items = new ArrayList<>(batch.size());
        for (Pending<I, O> p : batch) {
            items.add(p.item());
        }
        onBatch.accept(items.size());
        try {
            List<O> answers = work.apply(items);
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).answer().complete(answers.get(i));
            }
        } catch (RuntimeException | Error e) {
            LOG.warn("A batch of {} failed: {}", batch.size(), e.toString());
            for (Pending<I, O> p : batch) {
                p.answer().completeExceptionally(e);
            }
        }
    }

    /** Stops taking items, answers those queued, and stops the workers (waiting up to 10 s). */
    @Override
    public void close() {
        closing = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            for (Thread worker : workers) {
                TimeUnit.NANOSECONDS.timedJoin(worker, Math.max(1, deadline - System.nanoTime()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
