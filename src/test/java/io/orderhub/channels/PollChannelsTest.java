package io.orderhub.channels;

import static io.orderhub.channels.ChannelSupport.newStoreRows;
import static io.orderhub.channels.ChannelSupport.oldStoreRows;
import static io.orderhub.channels.ChannelSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.channels.sim.PlatformSimulator;
import io.orderhub.channels.sim.SimOrder;
import io.orderhub.messaging.MessagingConfiguration.KafkaBootstrap;
import io.orderhub.stores.NewStore;
import io.orderhub.support.HubTest;
import io.orderhub.support.KafkaEvents;
import io.orderhub.support.SimulatedPlatforms;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Taobao/Tmall, JD and Pinduoduo pulled from the simulator: every order once, later changes move
 * it forward, nothing is missed across windows, pages, throttling, failures and late changes.
 */
@HubTest
class PollChannelsTest {

    static final Duration SECONDS_30 = Duration.ofSeconds(30);
    final PlatformSimulator sim = SimulatedPlatforms.SIM;

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    NewStore newStore;
    @Autowired
    CamelContext camel;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;
    @Autowired
    KafkaBootstrap kafka;
    @Value("${orderhub.kafka.topic}")
    String topic;

    /**
     * One poll run through the poll route (as the scheduled route runs it), started in a new second: a run reads up to the platform clock minus the lag at
     * its start (whole seconds), so a run in the same second as the last one has nothing to read.
     */
    Map<String, Integer> poll(String channel) throws Exception {
        return io.orderhub.support.PollRuns.run(producer, channel);
    }

    /**
     * New orders, last modified {@code ago} (a poll only reads windows that end its lag behind the
     * platform clock: 10 s for Taobao and JD in these tests, Pinduoduo's 3 minutes).
     */
    List<SimOrder> orders(String platform, String appKey, int n, SimOrder.Stage stage, Duration ago) {
        List<SimOrder> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SimOrder o = sim.newOrder(platform, appKey, stage);
            sim.backdate(o, ago);
            sim.modifiedAt(o, Instant.now().minus(ago).plusSeconds(i % 10));
            list.add(o);
        }
        return list;
    }

    @Test
    void taobaoAndTmallOrdersArriveOnceAndFollowLaterChanges() throws Exception {
        List<SimOrder> taobao = orders("taobao", SimulatedPlatforms.TAOBAO_KEY, 3, SimOrder.Stage.PAID, SECONDS_30);
        List<SimOrder> tmall = orders("taobao", SimulatedPlatforms.TMALL_KEY, 2, SimOrder.Stage.UNPAID, SECONDS_30);
        Map<String, Integer> first = poll("taobao");
        assertThat(first.get("CREATED")).as(first.toString()).isGreaterThanOrEqualTo(5);
        for (SimOrder o : taobao) {
            JsonNode stored = order(port, "taobao", "taobao-shop-01", o.id);
            assertThat(stored).as("taobao order " + o.id).isNotNull();
            assertThat(stored.path("status").asText()).isEqualTo("PAID");
            assertThat(stored.path("amounts").path("paid").asText()).isEqualTo(o.paidAmount().toPlainString());
            assertThat(oldStoreRows(maria, o.id)).isEqualTo(1);
        }
        for (SimOrder o : tmall) {
            JsonNode stored = order(port, "tmall", "tmall-flagship-01", o.id);
            assertThat(stored.path("channel").asText()).isEqualTo("tmall");
            assertThat(stored.path("status").asText()).isEqualTo("PENDING_PAYMENT");
        }

        // polled again (windows overlap): nothing new is created
        Map<String, Integer> again = poll("taobao");
        assertThat(again.getOrDefault("CREATED", 0)).isZero();

        // the buyer pays, the seller ships, one line is refunded: each change is pulled again
        SimOrder o = taobao.get(0);
        sim.advance(o, SimOrder.Stage.SHIPPED);
        sim.refund(o, 0, SimOrder.Refund.REFUNDED);
        sim.modifiedAt(o, Instant.now().minus(SECONDS_30));
        SimOrder t = tmall.get(0);
        sim.advance(t, SimOrder.Stage.PAID);
        sim.modifiedAt(t, Instant.now().minus(SECONDS_30));
        Map<String, Integer> later = poll("taobao");
        assertThat(later.get("UPDATED")).as(later.toString()).isEqualTo(2);
        JsonNode shipped = order(port, "taobao", "taobao-shop-01", o.id);
        assertThat(shipped.path("status").asText()).isEqualTo("SHIPPED");
        assertThat(shipped.path("items").get(0).path("afterSaleStatus").asText()).isEqualTo("REFUNDED");
        assertThat(order(port, "tmall", "tmall-flagship-01", t.id).path("status").asText()).isEqualTo("PAID");
        assertThat(newStoreRows(pg, o.id)).isEqualTo(1);
        try (KafkaEvents events = new KafkaEvents(kafka.servers(), topic)) {
            assertThat(events.eventsFor(shipped.path("id").asText(), 2, Duration.ofSeconds(20)))
                    .extracting(e -> e.path("eventType").asText()).containsExactly("OrderCreated", "OrderUpdated");
        }
    }

    @Test
    void pinduoduoPagesBackwardInWindowsOfAtMostThirtyMinutesAndCatchesLateChanges() throws Exception {
        int requestsBefore = sim.requests();
        List<SimOrder> many = orders("pinduoduo", SimulatedPlatforms.PDD_KEY, 25, SimOrder.Stage.PAID, Duration.ofMinutes(10));
        Map<String, Integer> first = poll("pinduoduo");
        assertThat(first.get("CREATED")).as(first.toString()).isEqualTo(25);
        // 2 hours back in 30-minute windows, 3 pages in the window with the orders (page 1 read twice)
        assertThat(sim.requests() - requestsBefore).isGreaterThanOrEqualTo(4 + 4);
        for (SimOrder o : many) {
            assertThat(newStoreRows(pg, o.id)).as(o.id).isEqualTo(1);
            assertThat(oldStoreRows(maria, o.id)).as(o.id).isEqualTo(1);
        }
        String cursor = newStore.cursor(PlatformPoller.cursorKey("pinduoduo", "pdd-shop-01")).orElseThrow();
        assertThat(Instant.parse(cursor)).as("the window end stays 3 minutes behind the platform clock")
                .isBefore(Instant.now().minus(Duration.ofMinutes(3)).plusSeconds(1));

        // a change that commits late, stamped before the cursor (inside the overlap), is still caught
        SimOrder late = many.get(3);
        sim.advance(late, SimOrder.Stage.SHIPPED);
        sim.modifiedAt(late, Instant.parse(cursor).minusSeconds(60));
        Map<String, Integer> next = poll("pinduoduo");
        assertThat(next.get("UPDATED")).as(next.toString()).isEqualTo(1);
        JsonNode stored = order(port, "pinduoduo", "pdd-shop-01", late.id);
        assertThat(stored.path("status").asText()).isEqualTo("SHIPPED");

        // the platform fails in the middle of a window (3 pages, read last page first): the run
        // stops with part of the window taken, the cursor stays, and the next run reads the whole
        // window again: the rest is created, what was taken is a duplicate
        String cursorBefore = newStore.cursor(PlatformPoller.cursorKey("pinduoduo", "pdd-shop-01")).orElseThrow();
        List<SimOrder> batch = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            SimOrder o = sim.newOrder("pinduoduo", SimulatedPlatforms.PDD_KEY, SimOrder.Stage.PAID);
            sim.backdate(o, Duration.ofMinutes(10));
            sim.modifiedAt(o, Instant.parse(cursorBefore).minusSeconds(90).plusSeconds(i));
            batch.add(o);
        }
        sim.failAfter(2, 100); // page 1 (the count) and the last page succeed, page 2 fails
        try {
            assertThatThrownBy(() -> poll("pinduoduo")).isInstanceOf(PlatformPoller.PlatformException.class);
        } finally {
            sim.failNext(0);
        }
        assertThat(newStore.cursor(PlatformPoller.cursorKey("pinduoduo", "pdd-shop-01"))).hasValue(cursorBefore);
        long taken = 0;
        for (SimOrder o : batch) {
            taken += newStoreRows(pg, o.id);
        }
        assertThat(taken).as("part of the window was taken before the failure").isBetween(1L, 24L);
        Map<String, Integer> resumed = poll("pinduoduo");
        assertThat(resumed.get("CREATED")).as(resumed.toString()).isEqualTo(25 - (int) taken);
        for (SimOrder o : batch) {
            assertThat(newStoreRows(pg, o.id)).as(o.id).isEqualTo(1);
            assertThat(oldStoreRows(maria, o.id)).as(o.id).isEqualTo(1);
        }

        // the first order of a 3-page window changes right after the first page was read: it leaves
        // the window and every later order moves up one place; read last page first, none is skipped
        String cursorNow = newStore.cursor(PlatformPoller.cursorKey("pinduoduo", "pdd-shop-01")).orElseThrow();
        List<SimOrder> moving = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            SimOrder o = sim.newOrder("pinduoduo", SimulatedPlatforms.PDD_KEY, SimOrder.Stage.PAID);
            sim.backdate(o, Duration.ofMinutes(10));
            sim.modifiedAt(o, Instant.parse(cursorNow).minusSeconds(100).plusSeconds(i));
            moving.add(o);
        }
        sim.afterRequests(1, () -> sim.advance(moving.get(0), SimOrder.Stage.SHIPPED));
        poll("pinduoduo");
        for (SimOrder o : moving.subList(1, moving.size())) {
            assertThat(newStoreRows(pg, o.id)).as("not skipped: " + o.id).isEqualTo(1);
        }
    }

    @Test
    void jdThrottlingAndServerErrorsAreRetriedAndAFailedWindowIsReadAgainFromTheCursor() throws Exception {
        List<SimOrder> jd = orders("jd", SimulatedPlatforms.JD_KEY, 5, SimOrder.Stage.PAID, SECONDS_30);
        String key = PlatformPoller.cursorKey("jd", "jd-pop-01");

        // the platform is down: after the retries the run stops and the cursor stays
        String before = newStore.cursor(key).orElse(null);
        sim.failNext(100);
        try {
            assertThatThrownBy(() -> poll("jd")).isInstanceOf(PlatformPoller.PlatformException.class)
                    .hasMessageContaining("HTTP 503");
        } finally {
            sim.failNext(0);
        }
        assertThat(newStore.cursor(key).orElse(null)).isEqualTo(before);
        for (SimOrder o : jd) {
            assertThat(newStoreRows(pg, o.id)).isZero();
        }
        JsonNode health = ChannelSupport.json(ChannelSupport.get(port, "/actuator/health"));
        assertThat(health.path("status").asText()).as("a platform outage does not take the hub out of service").isEqualTo("UP");
        assertThat(health.path("components").path("channels").path("details").path("jd").path("lastError").asText())
                .contains("HTTP 503");

        // a 503 and 429s on the way are retried with back-off (Retry-After), the run goes on
        int throttledBefore = sim.throttled();
        int requestsBefore = sim.requests();
        sim.failNext(1);
        sim.throttleNext(2);
        try {
            Map<String, Integer> counts = poll("jd");
            assertThat(counts.getOrDefault("CREATED", 0) + counts.getOrDefault("DUPLICATE", 0)).isGreaterThanOrEqualTo(5);
        } finally {
            sim.throttleNext(0);
        }
        assertThat(sim.throttled()).isGreaterThan(throttledBefore);
        assertThat(sim.requests() - requestsBefore).as("one 503, two 429, then the answer").isGreaterThanOrEqualTo(4);
        for (SimOrder o : jd) {
            assertThat(newStoreRows(pg, o.id)).as(o.id).isEqualTo(1);
            assertThat(oldStoreRows(maria, o.id)).as(o.id).isEqualTo(1);
        }

        // a JD order locked for an after-sale dispute is put on hold, then completed
        SimOrder o = jd.get(0);
        sim.hold(o, true);
        sim.modifiedAt(o, Instant.now().minus(SECONDS_30));
        poll("jd");
        assertThat(order(port, "jd", "jd-pop-01", o.id).path("onHold").asBoolean()).isTrue();
    }

    @Test
    void theScheduledRoutePollsOnItsOwn() throws Exception {
        List<SimOrder> jd = orders("jd", SimulatedPlatforms.JD_KEY, 2, SimOrder.Stage.SHIPPED, SECONDS_30);
        camel.getRouteController().startRoute("poll-jd");
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                for (SimOrder o : jd) {
                    assertThat(newStoreRows(pg, o.id)).isEqualTo(1);
                }
            });
        } finally {
            camel.getRouteController().stopRoute("poll-jd");
        }
        assertThat(order(port, "jd", "jd-pop-01", jd.get(1).id).path("status").asText()).isEqualTo("SHIPPED");
    }
}
