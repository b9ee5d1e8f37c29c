package io.orderhub.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.orderhub.canonical.CanonicalJson;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background compare of SHADOW and LIVE (issue 11 item 8): after a read has been answered from
 * {@code phase.reads()}, the other store ({@code phase.shadowReads()}) is read on a small bounded
 * executor and the two answers are compared on the canonical form. It never adds latency to the
 * caller and never fails the caller's read: a full queue drops the shadow read, a failing shadow read
 * is only counted. Every outcome is counted in {@value #METER} (Prometheus
 * {@code orderhub_cutover_shadow_reads_total}) with tags cohort, entity and
 * outcome = match | mismatch | dropped | failed; a mismatch (a present vs an absent answer included)
 * is kept with both versions in {@link CutoverMismatches} before it is counted.
 */
public class ShadowReads implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ShadowReads.class);

    public static final String METER = "orderhub.cutover.shadow.reads";

    public enum Outcome {
        MATCH, MISMATCH, DROPPED, FAILED;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The non-authoritative store's read, run in the background. */
    @FunctionalInterface
    public interface Read<T> {
        Optional<T> read() throws Exception;
    }

    private final CutoverMismatches mismatches;
    private final MeterRegistry meters;
    private final ThreadPoolExecutor executor;

    public ShadowReads(CutoverMismatches mismatches, MeterRegistry meters, int threads, int queueCapacity) {
        if (threads < 1 || queueCapacity < 1) {
            throw new IllegalArgumentException("shadow reads need at least 1 thread and a queue of at least 1, not "
                    + threads + " and " + queueCapacity);
        }
        this.mismatches = mismatches;
        this.meters = meters;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queueCapacity), r -> {
                    Thread t = new Thread(r, "cutover-shadow-read-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        Gauge.builder("orderhub.cutover.shadow.reads.queued", executor, e -> e.getQueue().size())
                .description("Shadow reads waiting for a thread (at the capacity, new ones are dropped)")
                .register(meters);
    }

    /**
     * The comparison on the canonical form: equal answers (both absent included) match; a present vs an
     * absent answer, or any differing field, is a mismatch.
     */
    public static Outcome compare(Optional<?> answer, Optional<?> shadow) {
        return Objects.equals(answer, shadow) ? Outcome.MATCH : Outcome.MISMATCH;
    }

    /**
     * When the phase of {@code entity} in {@code decision} has a shadow store, runs {@code shadow}
     * (the read of that store) in the background and compares its answer with {@code answer} (the one
     * the caller got). Returns at once; never throws.
     */
    public <T> void submit(Decision decision, Entity entity, String keyName, String keyValue, Optional<T> answer,
                           Read<T> shadow) {
        try {
            Phase phase = decision.phase(entity);
            if (phase == null || phase.shadowReads().isEmpty()) {
                return;
            }
            Store authoritative = phase.reads();
            try {
                executor.execute(() -> run(decision, entity, authoritative, keyName, keyValue, answer, shadow));
            } catch (RejectedExecutionException e) {
                count(decision.cohort(), entity, Outcome.DROPPED);
            }
        } catch (RuntimeException e) {
            LOG.warn("shadow read not started: {}", e.toString());
        }
    }

    private <T> void run(Decision d, Entity entity, Store authoritative, String keyName, String keyValue,
                         Optional<T> answer, Read<T> shadow) {
        Optional<T> other;
        try {
            other = Objects.requireNonNull(shadow.read(), "a shadow read answered null");
        } catch (Exception | LinkageError e) {
            LOG.debug("shadow read of {} {}={} failed: {}", entity, keyName, keyValue, e.toString());
            count(d.cohort(), entity, Outcome.FAILED);
            return;
        }
        Outcome outcome = compare(answer, other);
        if (outcome == Outcome.MISMATCH) {
            Optional<T> old = authoritative == Store.OLD ? answer : other;
            Optional<T> neu = authoritative == Store.OLD ? other : answer;
            try {
                mismatches.record(new CutoverMismatches.Mismatch(entity, d.cohort(), d.rulesVersion(), keyName,
                        keyValue, authoritative, canonical(old), canonical(neu)));
            } catch (Exception e) {
                LOG.warn("shadow read mismatch of {} {}={} (cohort {}) could not be kept: {}", entity, keyName,
                        keyValue, d.cohort(), e.toString());
            }
        }
        count(d.cohort(), entity, outcome);
    }

    private static JsonNode canonical(Optional<?> version) {
        return version.<JsonNode>map(v -> CanonicalJson.mapper().valueToTree(v)).orElse(null);
    }

    private void count(String cohort, Entity entity, Outcome outcome) {
        Counter.builder(METER)
                .description("Shadow reads of the non-authoritative store in SHADOW and LIVE, per cohort and outcome")
                .tag("cohort", cohort)
                .tag("entity", entity.name())
                .tag("outcome", outcome.tag())
                .register(meters)
                .increment();
    }

    /** Stops taking shadow reads and waits briefly for those under way. */
    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(5, TimeUnit.SECONDS);
    }
}
