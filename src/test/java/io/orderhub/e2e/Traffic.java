package io.orderhub.e2e;

import io.orderhub.cutover.Phase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.awaitility.Awaitility;

/**
 * Orders flowing into the hub from several doors at once, each door at its own pace on a scheduler of
 * its own, until paused or stopped. Every order a door acknowledged is kept with the interval it was
 * sent in (the test advances the interval at each step); every refusal is kept too.
 */
public final class Traffic implements AutoCloseable {

    /** An acknowledged order and the interval (step of the test) it was sent in. */
    public record Sent(CutoverDriver.Ack ack, int interval) {
    }

    /** A door's call that was not acknowledged. */
    public record Failure(CutoverDriver.Door door, int interval, Throwable error) {
        public boolean unavailable() {
            return error instanceof CutoverDriver.Refused r && r.status == 503 && r.retryAfter != null;
        }
    }

    /** One door: how it sends an order (given the phase the test last set). */
    public interface Send {
        CutoverDriver.Ack send(Phase phase) throws Exception;
    }

    private final ScheduledExecutorService scheduler;
    private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Supplier<Phase> phase;
    private volatile boolean paused = true;
    private volatile int interval;

    public Traffic(Supplier<Phase> phase, Map<CutoverDriver.Door, Send> doors, Map<CutoverDriver.Door, Duration> every) {
        this.phase = phase;
        this.scheduler = Executors.newScheduledThreadPool(doors.size(), r -> {
            Thread t = new Thread(r, "e2e-traffic");
            t.setDaemon(true);
            return t;
        });
        doors.forEach((door, send) -> scheduler.scheduleWithFixedDelay(() -> once(door, send), 0,
                every.get(door).toMillis(), TimeUnit.MILLISECONDS));
    }

    private void once(CutoverDriver.Door door, Send send) {
        inFlight.incrementAndGet();
        try {
            if (paused) {
                return;
            }
            int at = interval;
            try {
                sent.add(new Sent(send.send(phase.get()), at));
            } catch (Throwable e) {
                failures.add(new Failure(door, at, e));
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Starts (or resumes) sending, as interval {@code interval}. */
    public void resume(int interval) {
        this.interval = interval;
        paused = false;
    }

    /** Stops sending and waits for the calls under way to be answered. */
    public void pause() {
        paused = true;
        Awaitility.await("calls under way answered").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(20)).until(() -> inFlight.get() == 0);
    }

    public List<Sent> sent() {
        return new ArrayList<>(sent);
    }

    public List<Failure> failures() {
        return new ArrayList<>(failures);
    }

    /** Doors that acknowledged at least one order in this interval. */
    public Map<CutoverDriver.Door, Integer> countsIn(int interval) {
        Map<CutoverDriver.Door, Integer> counts = new EnumMap<>(CutoverDriver.Door.class);
        for (Sent s : sent) {
            if (s.interval() == interval) {
                counts.merge(s.ack().door(), 1, Integer::sum);
            }
        }
        return counts;
    }

    @Override
    public void close() throws InterruptedException {
        paused = true;
        scheduler.shutdownNow();
        scheduler.awaitTermination(30, TimeUnit.SECONDS);
    }
}
