package io.orderhub.intake;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: callers queue their work and wait; committer threads take what has queued (up to
 * {@code maxBatch}) and hand it over as one batch, one transaction. A batch closes when it is full or
 * {@code lingerMicros} after its first item, whichever comes first; an item arriving alone at an idle
 * committer waits at most the linger. Under load batches form by themselves: while one commits, the
 * next fills. The work completes each item's future itself, after its commit.
 */
final class GroupCommit<T> implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private final BlockingQueue<T> queue;
    private final int maxBatch;
    private final long lingerNanos;
    private final Consumer<List<T>> work;
    private final List<Thread> committers = new ArrayList<>();
    private volatile boolean running = true;

    GroupCommit(String name, int committers, int maxBatch, long lingerMicros, int capacity, Consumer<List<T>> work) {
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.maxBatch = maxBatch;
        this.lingerNanos = TimeUnit.MICROSECONDS.toNanos(lingerMicros);
        this.work = work;
        for (int i = 0; i < committers; i++) {
            Thread t = new Thread(this::run, name + "-" + i);
            t.setDaemon(true);
            this.committers.add(t);
            t.start();
        }
    }

    /** Queues an item; false when the queue is full (the caller is refused and retries). */
    boolean offer(T item) {
        return running && queue.offer(item);
    }

    int queued() {
        return queue.size();
    }

    private void run() {
        while (running) {
            List<T> batch = new ArrayList<>(maxBatch);
            try {
                T first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                long deadline = System.nanoTime() + lingerNanos;
                while (batch.size() < maxBatch) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    T next = queue.poll(left, TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    queue.drainTo(batch, maxBatch - batch.size());
                }
            } catch (InterruptedException e) {
                if (batch.isEmpty()) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            try {
                work.accept(batch);
            } catch (RuntimeException e) {
                // the work answers its items itself; this is a defect, logged so it is seen
                LOG.error("a write batch failed outside its own handling", e);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : committers) {
            t.join(5000);
        }
    }
}
