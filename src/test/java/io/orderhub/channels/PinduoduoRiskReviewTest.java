package io.orderhub.channels;

import static io.orderhub.channels.ChannelSupport.order;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.channels.sim.PlatformSimulator;
import io.orderhub.channels.sim.SimOrder;
import io.orderhub.stores.NewStore;
import io.orderhub.support.HubTest;
import io.orderhub.support.SimulatedPlatforms;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Pinduoduo's risk review (risk_control_status 1, 审核中订单) through the platform poll door: the
 * order is stored on hold, and a later copy of the same order with the review cleared
 * (risk_control_status 0) releases the hold in the stored order.
 */
@HubTest
class PinduoduoRiskReviewTest {

    final PlatformSimulator sim = SimulatedPlatforms.SIM;

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    NewStore newStore;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;

    static final String CURSOR = PlatformPoller.cursorKey("pinduoduo", "pdd-shop-01");

    /** One run of the poll route, started in a new second (a run reads whole seconds behind its start). */
    Map<String, Integer> poll() throws Exception {
        return io.orderhub.support.PollRuns.run(producer, "pinduoduo");
    }

    @Test
    void aClearedRiskReviewReleasesTheHold() throws Exception {
        // other tests poll the same simulated shop: this one reads from its own cursor and puts the
        // shop's cursor back afterwards, whatever order the test classes run in
        Optional<String> before = newStore.cursor(CURSOR);
        try {
            newStore.saveCursor(CURSOR, Instant.now().minus(Duration.ofMinutes(15)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
            holdThenRelease();
        } finally {
            if (before.isPresent()) {
                newStore.saveCursor(CURSOR, before.get());
            } else {
                try (var c = pg.getConnection(); var ps = c.prepareStatement("DELETE FROM poll_cursors WHERE source = ?")) {
                    ps.setString(1, CURSOR);
                    ps.executeUpdate();
                }
            }
        }
    }

    private void holdThenRelease() throws Exception {
        // paid, under risk review, last changed 10 minutes ago (Pinduoduo is read 3 minutes behind)
        SimOrder o = sim.newOrder("pinduoduo", SimulatedPlatforms.PDD_KEY, SimOrder.Stage.PAID);
        sim.hold(o, true);
        sim.backdate(o, Duration.ofMinutes(10));
        sim.modifiedAt(o, Instant.now().minus(Duration.ofMinutes(10)));
        poll();
        JsonNode held = order(port, "pinduoduo", "pdd-shop-01", o.id);
        assertThat(held).as("order %s stored", o.id).isNotNull();
        assertThat(held.path("status").asText()).isEqualTo("PAID");
        assertThat(held.path("onHold").asBoolean()).as("under risk review: held").isTrue();
        long version = held.path("version").asLong();

        // the review is cleared: a later copy, stamped inside the next run's overlap
        sim.hold(o, false);
        String cursor = newStore.cursor(CURSOR).orElseThrow();
        sim.modifiedAt(o, Instant.parse(cursor).minusSeconds(60));
        poll();
        JsonNode released = order(port, "pinduoduo", "pdd-shop-01", o.id);
        assertThat(released.path("version").asLong()).as("the cleared copy is applied").isGreaterThan(version);
        assertThat(released.path("status").asText()).isEqualTo("PAID");
        assertThat(released.path("onHold").asBoolean()).as("risk_control_status 0: the hold is released").isFalse();
    }
}
