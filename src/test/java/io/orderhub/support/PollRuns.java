package io.orderhub.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;

/**
 * One run of a channel's poll routes ({@code direct:poll-channel}), as the scheduled route starts it:
 * in a later clock second than the call (a run reads whole seconds behind its start, so a run in
 * the same second as the last one has its ceiling at the stored cursor and nothing to read).
 */
public final class PollRuns {

    private PollRuns() {
    }

    /** The run's counts ({CREATED=2, DUPLICATE=8}); a run that stops throws its cause (a PlatformException). */
    @SuppressWarnings("unchecked")
    public static Map<String, Integer> run(ProducerTemplate producer, String channel) throws Exception {
        long second = Instant.now().getEpochSecond();
        Awaitility.await().pollInterval(Duration.ofMillis(20)).until(() -> Instant.now().getEpochSecond() > second);
        try {
            return producer.requestBody("direct:poll-channel", channel, Map.class);
        } catch (CamelExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
