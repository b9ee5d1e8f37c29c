package io.orderhub.observability;

import io.orderhub.support.HubHttp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.orderhub.channels.ChannelIntake;
import io.orderhub.channels.sim.PlatformSimulator;
import io.orderhub.channels.sim.SimOrder;
import io.orderhub.soap.CrmFaults;
import io.orderhub.soap.contract.CrmFault_Exception;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.QueryOrderRequest;
import io.orderhub.support.HubTest;
import io.orderhub.support.SimulatedPlatforms;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jms.core.JmsTemplate;

/**
 * Quiet logs (issue 10 item 13): a re-polled record that is parked already is not parked again, and
 * a refused SOAP call is one line with its fault code. What is logged is the behaviour under test
 * here, so the tests listen to the loggers, beside the queue itself.
 */
@HubTest
class QuietLogsTest {

    final PlatformSimulator sim = SimulatedPlatforms.SIM;

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    ConnectionFactory connectionFactory;
    @Value("${orderhub.needs-attention.queue}")
    String queue;

    /** Listens to a logger (and its children) while the block runs. */
    static ListAppender<ILoggingEvent> listen(String... loggers) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        for (String name : loggers) {
            ((Logger) LoggerFactory.getLogger(name)).addAppender(appender);
        }
        return appender;
    }

    static void stop(ListAppender<ILoggingEvent> appender, String... loggers) {
        for (String name : loggers) {
            ((Logger) LoggerFactory.getLogger(name)).detachAppender(appender);
        }
        appender.stop();
    }

    void poll(String channel) throws Exception {
        io.orderhub.support.PollRuns.run(producer, channel);
    }

    /** The parked messages on the needs-attention queue whose record carries the text. */
    int parked(String text) {
        Integer n = new JmsTemplate(connectionFactory).browse(queue, (session, browser) -> {
            int count = 0;
            Enumeration<?> e = browser.getEnumeration();
            while (e.hasMoreElements()) {
                Message m = (Message) e.nextElement();
                if (m instanceof TextMessage t && t.getText() != null && t.getText().contains(text)) {
                    count++;
                }
            }
            return count;
        });
        return n == null ? 0 : n;
    }

    @Test
    void aRePolledUnmappableRecordIsParkedOnceWithOneWarning() throws Exception {
        String[] loggers = {ChannelIntake.class.getName(), "org.apache.activemq.artemis"};
        ListAppender<ILoggingEvent> log = listen(loggers);
        try {
            SimOrder o = sim.newOrder("taobao", SimulatedPlatforms.TAOBAO_KEY, SimOrder.Stage.PAID, true, false);
            sim.backdate(o, Duration.ofSeconds(30));
            sim.modifiedAt(o, Instant.now().minusSeconds(30));
            // windows overlap: each run reads the record again
            poll("taobao");
            poll("taobao");
            poll("taobao");

            assertThat(parked(o.id)).as("parked exactly once").isEqualTo(1);
            List<ILoggingEvent> warnings = log.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
            assertThat(warnings.stream().filter(e -> e.getLoggerName().equals(ChannelIntake.class.getName())
                    && e.getFormattedMessage().contains("needs attention")
                    && e.getFormattedMessage().contains("taobao")).count())
                    .as("one WARN, at the first parking: %s", warnings).isEqualTo(1);
            assertThat(warnings).as("no broker duplicate-detection warning per poll")
                    .noneMatch(e -> e.getLoggerName().startsWith("org.apache.activemq.artemis"));
        } finally {
            stop(log, loggers);
        }
    }

    @Test
    void aRefusedSoapCallIsOneLineWithItsFaultCodeAndNoStack() {
        String[] loggers = {"org.apache.cxf", "io.orderhub.soap"};
        ListAppender<ILoggingEvent> log = listen(loggers);
        try {
            JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
            f.setServiceClass(PosCrm.class);
            f.setAddress("http://localhost:" + port + "/services/crm");
            PosCrm hub = HubHttp.authorizeSoap((PosCrm) f.create());
            QueryOrderRequest missing = new QueryOrderRequest();
            missing.setOrderNo("SO2611229999999998");
            CrmFault_Exception fault = catchThrowableOfType(CrmFault_Exception.class, () -> hub.queryOrder(missing));
            assertThat(fault.getFaultInfo().getFaultCode()).isEqualTo(CrmFaults.ORDER_NOT_FOUND);

            // the server side: only the client proxy's own loggers are left out
            List<ILoggingEvent> server = log.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO)).toList();
            assertThat(server).as("no stack trace for a refused call: %s", server)
                    .allMatch(e -> e.getThrowableProxy() == null);
            assertThat(server).as("no 'unwinding now' warning").noneMatch(e -> e.getFormattedMessage().contains("unwinding"));
            assertThat(server.stream().filter(e -> e.getFormattedMessage().contains(CrmFaults.ORDER_NOT_FOUND)).count())
                    .as("one line with the fault code: %s", server).isEqualTo(1);
        } finally {
            stop(log, loggers);
        }
    }
}
