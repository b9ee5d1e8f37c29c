package io.orderhub.e2e;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/**
 * The order-events topic read from the beginning by a real consumer, counting events per key (order id),
 * for checks over many orders at once.
 */
public final class EventLog implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final Map<String, Integer> byKey = new ConcurrentHashMap<>();

    public EventLog(String bootstrap, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "e2e-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
    }

    private void poll() {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> byKey.merge(String.valueOf(r.key()), 1, Integer::sum));
    }

    /** Order ids among {@code ids} without any event once the topic was read for up to {@code atMost}. */
    public Set<String> withoutEvents(Collection<String> ids, Duration atMost) {
        try {
            Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        poll();
                        return ids.stream().allMatch(byKey::containsKey);
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // answered below: which are missing
        }
        return ids.stream().filter(id -> !byKey.containsKey(id)).collect(java.util.stream.Collectors.toSet());
    }

    /** Events seen so far for an order id (after {@link #withoutEvents}). */
    public int count(String id) {
        return byKey.getOrDefault(id, 0);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
