package io.orderhub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * HTTP load on POST /api/orders from this (separate) JVM. Closed loop finds the maximum rate;
 * open loop at a fixed rate measures latency from each request's intended send time, so a stalled
 * hub is not hidden by the load generator waiting for it (no coordinated omission).
 */
final class IntakeLoad {

    /** What one phase measured. */
    record Phase(String name, double seconds, long accepted, long duplicates, long failed, double ordersPerSecond,
                 Histogram latencyMicros, double offeredRate) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI uri;
    private final OrderGenerator orders;
    private final AtomicLong sequence;
    /** Hub order ids of every accepted order, for the loss and duplicate checks afterwards. */
    final java.util.Set<String> acceptedIds = ConcurrentHashMap.newKeySet();
    /** Told of every accepted order: its hub id and the System.nanoTime() its 201 arrived at. */
    private volatile java.util.function.ObjLongConsumer<String> onAccepted;

    void onAccepted(java.util.function.ObjLongConsumer<String> listener) {
        this.onAccepted = listener;
    }

    IntakeLoad(String base, OrderGenerator orders, AtomicLong sequence) {
        this.uri = URI.create(base + "/api/orders");
        this.orders = orders;
        this.sequence = sequence;
    }

    Phase closedLoop(String name, int clients, Duration duration) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong dup = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + duration.toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        long t0 = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                try {
                    while (System.nanoTime() < end) {
                        String body = orders.next(sequence.incrementAndGet());
                        long start = System.nanoTime();
                        send(body, start, recorder, ok, dup, failed);
                    }
                } finally {
                    done.countDown();
                }
            }, "load-" + i);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Phase(name, secs, ok.get(), dup.get(), failed.get(), ok.get() / secs,
                recorder.getIntervalHistogram(), Double.NaN);
    }

    Phase openLoop(String name, double rate, Duration duration, int maxInFlight) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong dup = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Semaphore inFlight = new Semaphore(maxInFlight);
        long total = (long) (rate * duration.toSeconds());
        long interval = (long) (1e9 / rate);
        long t0 = System.nanoTime();
        for (long i = 0; i < total; i++) {
            long intended = t0 + i * interval;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            String body = orders.next(sequence.incrementAndGet());
            inFlight.acquire();
            http.sendAsync(request(body), HttpResponse.BodyHandlers.ofString()).whenComplete((res, err) -> {
                try {
                    count(res, err, ok, dup, failed);
                    recorder.recordValue(Math.max(1, (System.nanoTime() - intended) / 1000));
                } finally {
                    inFlight.release();
                }
            });
        }
        inFlight.acquire(maxInFlight);
        double secs = (System.nanoTime() - t0) / 1e9;
        return new Phase(name, secs, ok.get(), dup.get(), failed.get(), ok.get() / secs,
                recorder.getIntervalHistogram(), rate);
    }

    private void send(String body, long start, Recorder recorder, AtomicLong ok, AtomicLong dup, AtomicLong failed) {
        HttpResponse<String> res = null;
        Throwable err = null;
        try {
            res = http.send(request(body), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            err = e;
        }
        count(res, err, ok, dup, failed);
        recorder.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
    }

    private void count(HttpResponse<String> res, Throwable err, AtomicLong ok, AtomicLong dup, AtomicLong failed) {
        if (err != null || res == null) {
            failed.incrementAndGet();
        } else if (res.statusCode() == 201) {
            ok.incrementAndGet();
            String id = idOf(res.body());
            acceptedIds.add(id);
            java.util.function.ObjLongConsumer<String> listener = onAccepted;
            if (listener != null) {
                listener.accept(id, System.nanoTime());
            }
        } else if (res.statusCode() == 200) {
            dup.incrementAndGet();
        } else {
            failed.incrementAndGet();
        }
    }

    private static String idOf(String body) {
        int i = body.indexOf("\"id\":\"");
        return body.substring(i + 6, i + 42);
    }

    private HttpRequest request(String body) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Api-Key", HubProcess.KEY)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }
}
