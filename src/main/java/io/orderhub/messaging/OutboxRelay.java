package io.orderhub.messaging;

import io.orderhub.config.HubProperties;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed outbox rows to Kafka, keyed by order id. Rows are locked (SKIP LOCKED, so several
 * hub instances can relay side by side), sent, acknowledged by the broker, and only then deleted in
 * the same transaction: an event is delivered at least once and never lost. Consumers de-duplicate
 * on the event id.
 */
public class OutboxRelay {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private final DataSource ds;
    private final ProducerTemplate producer;
    private final String endpoint;
    private final int batchSize;

    public OutboxRelay(DataSource ds, ProducerTemplate producer, HubProperties props) {
        this.ds = ds;
        this.producer = producer;
        this.endpoint = "kafka:" + props.getKafka().getTopic();
        this.batchSize = props.getOutbox().getBatchSize();
    }

    private record Row(long id, UUID orderId, String type, String payload) {
    }

    /** Relays until the outbox is empty or a batch fails; returns the number of events published. */
    public int relay() throws SQLException {
        int total = 0;
        for (int round = 0; round < 100; round++) {
            int n = relayBatch();
            total += n;
            if (n < batchSize) {
                break;
            }
        }
        return total;
    }

    int relayBatch() throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<Row> rows = lock(c);
                if (rows.isEmpty()) {
                    c.commit();
                    return 0;
                }
                publish(rows);
                delete(c, rows);
                c.commit();
                return rows.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private List<Row> lock(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, aggregate_id, event_type, payload::text"
                + " FROM outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED")) {
            ps.setInt(1, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4)));
                }
                return rows;
            }
        }
    }

    // One exchange whose body is the batch: camel-kafka sends the records in list order from one
    // thread (per-order event order is kept on the partition) and waits for every acknowledgement.
    // Separate async sends would go through a thread pool and could overtake one another.
    private void publish(List<Row> rows) {
        List<Message> batch = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Message m = new DefaultMessage(producer.getCamelContext());
            m.setHeader(KafkaConstants.KEY, r.orderId().toString());
            m.setHeader("orderhub-event-type", r.type());
            m.setBody(r.payload());
            batch.add(m);
        }
        Exchange ex = producer.send(endpoint, e -> e.getIn().setBody(batch));
        if (ex.getException() != null) {
            throw new IllegalStateException("Kafka did not take the outbox events: " + ex.getException().getMessage(),
                    ex.getException());
        }
        LOG.debug("published {} order events", rows.size());
    }

    private static void delete(Connection c, List<Row> rows) throws SQLException {
        Long[] ids = rows.stream().map(Row::id).toArray(Long[]::new);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM outbox WHERE id = ANY (?)")) {
            Array array = c.createArrayOf("bigint", ids);
            ps.setArray(1, array);
            ps.executeUpdate();
        }
    }

    /** Events waiting to be relayed (a health and metrics figure). */
    public long backlog() throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM outbox");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
