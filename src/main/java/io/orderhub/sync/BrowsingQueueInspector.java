package io.orderhub.sync;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import java.util.Enumeration;
import java.util.function.Consumer;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An external broker's queues, read from outside: a JMS browser visits the waiting messages, and the
 * broker's management address ({@code activemq.management}, queue attribute {@code messageCount}, which
 * includes scheduled and delivering messages) says how many more there are. Those are answered as
 * unattributed, so a drain counts them for every cohort. The hub's broker user needs the {@code manage}
 * and {@code browse} permissions on these addresses; without {@code manage} only browsable messages count.
 */
public class BrowsingQueueInspector implements QueueInspector {

    private static final Logger LOG = LoggerFactory.getLogger(BrowsingQueueInspector.class);
    private static final String MANAGEMENT = "activemq.management";

    private final ConnectionFactory cf;
    private volatile boolean warned;

    public BrowsingQueueInspector(ConnectionFactory cf) {
        this.cf = cf;
    }

    @Override
    public long scan(String queue, Consumer<Seen> visitor) throws Exception {
        try (Connection c = cf.createConnection()) {
            c.start();
            try (Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
                long total = messageCount(s, queue);
                long visited = 0;
                try (QueueBrowser b = s.createBrowser(s.createQueue(queue))) {
                    Enumeration<?> e = b.getEnumeration();
                    while (e.hasMoreElements()) {
                        Message m = (Message) e.nextElement();
                        visited++;
                        visitor.accept(new Seen(m.getStringProperty(SyncMessages.COHORT),
                                m.getStringProperty(SyncMessages.ENTITY), m.getStringProperty(SyncMessages.TARGET),
                                m.propertyExists(SyncMessages.COMMITTED_AT) ? m.getLongProperty(SyncMessages.COMMITTED_AT) : null));
                    }
                }
                return total < 0 ? 0 : Math.max(0, total - visited);
            }
        }
    }

    private long messageCount(Session s, String queue) throws JMSException {
        TemporaryQueue reply = s.createTemporaryQueue();
        try (MessageConsumer answers = s.createConsumer(reply)) {
            Message request = s.createMessage();
            JMSManagementHelper.putAttribute(request, ResourceNames.QUEUE + queue, "messageCount");
            request.setJMSReplyTo(reply);
            s.createProducer(s.createQueue(MANAGEMENT)).send(request);
            Message answer = answers.receive(5000);
            if (answer != null && JMSManagementHelper.hasOperationSucceeded(answer)) {
                Object result = JMSManagementHelper.getResult(answer);
                if (result instanceof Number n) {
                    return n.longValue();
                }
            }
        } catch (Exception e) {
            LOG.debug("management count of {} failed: {}", queue, e.toString());
        } finally {
            reply.delete();
        }
        if (!warned) {
            warned = true;
            LOG.warn("the broker does not answer the message count of {} on {} (no manage permission?): the sync"
                    + " backlog sees only browsable messages, not those in delivery", queue, MANAGEMENT);
        }
        return -1;
    }
}
