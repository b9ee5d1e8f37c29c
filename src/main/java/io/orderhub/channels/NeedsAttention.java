package io.orderhub.channels;

import io.orderhub.intake.IntakeResult;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.core.JmsTemplate;

/** The needs-attention queue for people: what is parked and why, and the re-drive after a fix. */
public class NeedsAttention {

    private static final Logger LOG = LoggerFactory.getLogger(NeedsAttention.class);
    private static final int LIST_LIMIT = 200;

    private final ChannelIntake intake;
    private final ChannelMappings mappings;
    private final ProducerTemplate producer;
    private final JmsTemplate jms;
    private final String queue;

    public NeedsAttention(ChannelIntake intake, ChannelMappings mappings, ProducerTemplate producer,
                          ConnectionFactory connectionFactory, String queue) {
        this.intake = intake;
        this.mappings = mappings;
        this.producer = producer;
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
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

    /**
     * Re-drives every parked channel record: the tables are read again, and each record goes back
     * through its channel's mapping and the intake. One that still cannot be mapped, or that the
     * intake refuses, is parked again with a higher attempt number; this run does not take it again.
     */
    public Map<String, Object> redrive() {
        mappings.reload();
        String run = UUID.randomUUID().toString();
        String selector = "orderhubMapping IS NOT NULL AND (orderhubRedriveRun IS NULL OR orderhubRedriveRun <> '" + run + "')";
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        // a transacted session: a record leaves the queue only once it is stored or parked again, so
        // a crash mid-way redelivers it (the intake and Artemis duplicate detection absorb the repeat)
        Integer taken = jms.execute(session -> {
            int n = 0;
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector)) {
                Message m;
                while ((m = consumer.receive(1000)) != null) {
                    n++;
                    outcomes.merge(redrive(m, run), 1, Integer::sum);
                    session.commit();
                }
            }
            return n;
        }, true);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("redriven", taken == null ? 0 : taken);
        answer.put("outcomes", outcomes);
        return answer;
    }

    private String redrive(Message m, String run) throws JMSException {
        String body = m instanceof TextMessage t ? t.getText() : null;
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("mapping", m.getStringProperty("orderhubMapping"));
        props.put("shopId", m.getStringProperty("orderhubShop"));
        props.put(PlatformPoller.READ_WHOLE, m.getStringProperty("orderhubReadWhole"));
        props.put("channel", m.getStringProperty("orderhubChannel"));
        props.put("source", m.getStringProperty("orderhubSource"));
        props.put("redriveAttempt", (m.propertyExists("orderhubAttempt") ? m.getIntProperty("orderhubAttempt") : 0) + 1);
        props.put("redriveRun", run);
        props.values().removeIf(java.util.Objects::isNull);
        Exchange again = producer.send("direct:channel-order-intake", ex -> {
            ex.getIn().setBody(body);
            props.forEach(ex::setProperty);
        });
        if (again.getException() == null) {
            Object result = again.getMessage().getBody();
            return result instanceof IntakeResult r ? r.outcome().name() : "NEEDS_ATTENTION";
        }
        // refused by the intake, or a store failed: parked again, never dropped
        Exception failure = again.getException();
        Exchange back = producer.send("direct:needs-attention", ex -> {
            ex.getIn().setBody(body);
            props.forEach(ex::setProperty);
            ex.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
            intake.refused(ex);
        });
        if (back.getException() != null) {
            throw new IllegalStateException("a re-driven record could not be parked again", back.getException());
        }
        LOG.warn("re-drive of {} failed: {}", props.get("source"), failure.getMessage());
        return "NEEDS_ATTENTION";
    }
}
