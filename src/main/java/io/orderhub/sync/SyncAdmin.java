package io.orderhub.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.FieldError;
import io.orderhub.config.HubProperties;
import io.orderhub.cutover.InvalidRulesException;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.jms.core.JmsTemplate;

/** Behind GET /api/admin/cutover/backlog and /dead-letters (routes/platform/sync-admin.camel.yaml). */
public class SyncAdmin {

    private final StoreSyncBacklog backlog;
    private final JmsTemplate jms;
    private final HubProperties.Sync settings;

    public SyncAdmin(StoreSyncBacklog backlog, ConnectionFactory cf, HubProperties.Sync settings) {
        this.backlog = backlog;
        this.jms = new JmsTemplate(cf);
        this.settings = settings;
    }

    /** The backlog: total, and per cohort and entity (pending, dead-lettered, oldest age in seconds). */
    public String backlog(Exchange exchange) {
        StoreSyncBacklog.Report r = backlog.report();
        ObjectNode out = CanonicalJson.mapper().createObjectNode();
        out.set("total", json(r.total()));
        out.put("unattributed", r.unattributed());
        ObjectNode unreadable = out.putObject("unreadable");
        r.unreadable().forEach((store, reason) -> unreadable.put(store.name(), reason));
        ArrayNode cohorts = out.putArray("cohorts");
        r.byCohort().forEach((k, b) -> {
            ObjectNode n = json(b);
            n.put("cohort", k.cohort());
            n.put("entity", k.entity());
            cohorts.add(n);
        });
        return ok(exchange, out);
    }

    private static ObjectNode json(SyncBacklog.Backlog b) {
        ObjectNode n = CanonicalJson.mapper().createObjectNode();
        n.put("pending", b.pending());
        n.put("deadLettered", b.deadLettered());
        if (b.oldest().isPresent()) {
            n.put("oldestSeconds", b.oldest().get().toMillis() / 1000.0);
        } else {
            n.putNull("oldestSeconds");
        }
        return n;
    }

    /** The newest dead letters (limit 1 to 500, default 50), newest first, each with its reason; no payloads. */
    public String deadLetters(Exchange exchange) {
        int limit = 50;
        Object l = exchange.getProperty("limit");
        if (l != null && !String.valueOf(l).isBlank()) {
            try {
                limit = Integer.parseInt(String.valueOf(l));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 500) {
                throw new InvalidRulesException(true, List.of(new FieldError("limit", "must be a number from 1 to 500")));
            }
        }
        int keep = limit;
        long[] count = {0};
        Deque<ObjectNode> newest = jms.browse(settings.getDeadLetterQueue(), (session, browser) -> {
            Deque<ObjectNode> d = new ArrayDeque<>();
            for (Enumeration<?> e = browser.getEnumeration(); e.hasMoreElements(); ) {
                Message m = (Message) e.nextElement();
                count[0]++;
                d.addLast(item(m));
                if (d.size() > keep) {
                    d.removeFirst();
                }
            }
            return d;
        });
        ObjectNode out = CanonicalJson.mapper().createObjectNode();
        out.put("count", count[0]);
        ArrayNode items = out.putArray("items");
        if (newest != null) {
            for (Iterator<ObjectNode> it = newest.descendingIterator(); it.hasNext(); ) {
                items.add(it.next());
            }
        }
        return ok(exchange, out);
    }

    private static ObjectNode item(Message m) throws jakarta.jms.JMSException {
        ObjectNode n = CanonicalJson.mapper().createObjectNode();
        n.put("entity", m.getStringProperty(SyncMessages.ENTITY));
        n.put("aggregateId", m.getStringProperty(SyncMessages.AGGREGATE_ID));
        n.put("cohort", m.getStringProperty(SyncMessages.COHORT));
        n.put("target", m.getStringProperty(SyncMessages.TARGET));
        if (m.propertyExists(SyncMessages.VERSION)) {
            n.put("version", m.getLongProperty(SyncMessages.VERSION));
        }
        if (m.propertyExists(SyncMessages.COMMITTED_AT)) {
            n.put("committedAt", Instant.ofEpochMilli(m.getLongProperty(SyncMessages.COMMITTED_AT)).toString());
        }
        n.put("deadLetteredAt", Instant.ofEpochMilli(m.getJMSTimestamp()).toString());
        n.put("attempts", m.propertyExists(SyncMessages.ATTEMPTS) ? m.getIntProperty(SyncMessages.ATTEMPTS) : 0);
        String reason = m.getStringProperty(SyncMessages.REASON);
        // the broker's safety net dead-letters without a reason of ours
        n.put("reason", reason != null ? reason : "redelivered too often (dead-lettered by the broker)");
        return n;
    }

    private static String ok(Exchange exchange, ObjectNode body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return body.toString();
    }
}
