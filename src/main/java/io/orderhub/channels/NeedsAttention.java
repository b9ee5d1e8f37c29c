package io.orderhub.channels;

import jakarta.jms.Message;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ConsumerTemplate;
import org.apache.camel.ProducerTemplate;
import org.springframework.jms.core.JmsTemplate;

/** The needs-attention queue for people: what is parked and why, and the re-drive after a fix. */
public class NeedsAttention {

    private static final int LIST_LIMIT = 200;

    private final ChannelIntake intake;
    private final ConsumerTemplate consumer;
    private final ProducerTemplate producer;
    private final JmsTemplate jms;
    private final String queue;

    public NeedsAttention(ChannelIntake intake, ConsumerTemplate consumer, ProducerTemplate producer, JmsTemplate jms,
                          String queue) {
        this.intake = intake;
        this.consumer = consumer;
        this.producer = producer;
        this.jms = jms;
        this.queue = queue;
    }

    /** The parked records (the first 200), without their payloads: where from, and why. */
    public Map<String, Object> list() {
        List<Map<String, Object>> items = jms.browse(queue, (session, browser) -> {
            List<Map<String, Object>> out = new ArrayList<>();
            java.util.Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements() && out.size() < LIST_LIMIT) {
                Message m = (Message) messages.nextElement();
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("source", m.getStringProperty("orderhubSource"));
                item.put("mapping", m.getStringProperty("orderhubMapping"));
                item.put("reason", m.getStringProperty("orderhubReason"));
                item.put("attempt", m.propertyExists("orderhubAttempt") ? m.getIntProperty("orderhubAttempt") : 0);
                item.put("parkedAt", java.time.Instant.ofEpochMilli(m.getJMSTimestamp()).toString());
                out.add(item);
            }
            return out;
        });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("count", items == null ? 0 : items.size());
        answer.put("items", items == null ? List.of() : items);
        return answer;
    }

    /** Re-reads the tables and sends every parked channel record through its channel again. */
    public Map<String, Object> redrive() {
        return intake.redrive(consumer, producer, queue);
    }
}
