package io.orderhub.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.canonical.CanonicalJson;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** A real Kafka consumer reading the order-events topic from the beginning. */
public final class KafkaEvents implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> seen = new ArrayList<>();

    public KafkaEvents(String bootstrap, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Polls until {@code count} events keyed by {@code orderId} arrived or the timeout passes. */
    public List<JsonNode> eventsFor(String orderId, int count, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end && matching(orderId).size() < count) {
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return matching(orderId);
    }

    private List<JsonNode> matching(String orderId) {
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, String> r : seen) {
            if (orderId.equals(r.key())) {
                try {
                    events.add(CanonicalJson.mapper().readTree(r.value()));
                } catch (IOException e) {
                    throw new IllegalStateException("event is not JSON: " + r.value(), e);
                }
            }
        }
        return events;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
