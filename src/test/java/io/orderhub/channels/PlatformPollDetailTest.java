package io.orderhub.channels;

import static io.orderhub.channels.ChannelSupport.get;
import static io.orderhub.channels.ChannelSupport.json;
import static io.orderhub.channels.ChannelSupport.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.channels.sim.PlatformSimulator;
import io.orderhub.channels.sim.SimOrder;
import io.orderhub.stores.NewStore;
import io.orderhub.support.HubTest;
import io.orderhub.support.SimulatedPlatforms;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Taobao's incremental list (taobao.trades.sold.increment.get) returns part of each trade only; the
 * simulator lists trades without receiver, buyer message and lines, as TOP does, and serves them whole
 * through taobao.trade.fullinfo.get. The poll reads every listed trade whole (connectors/taobao-top,
 * detail) and stores complete orders; a trade the platform will not give whole is parked with the
 * reason while the rest is stored, and the re-drive reads it whole; a platform that keeps failing
 * the detail call stops the run.
 */
@HubTest
class PlatformPollDetailTest {

    static final String DETAIL = "taobao.trade.fullinfo.get";
    static final String CURSOR = PlatformPoller.cursorKey("taobao", "taobao-shop-01");
    final PlatformSimulator sim = SimulatedPlatforms.SIM;

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    NewStore newStore;

    Map<String, Integer> poll() throws Exception {
        return io.orderhub.support.PollRuns.run(producer, "taobao");
    }

    /** A paid Taobao order of the test shop, last modified 30 s ago (the tests' lag is 10 s). */
    SimOrder paidOrder() {
        SimOrder o = sim.newOrder("taobao", SimulatedPlatforms.TAOBAO_KEY, SimOrder.Stage.PAID);
        sim.backdate(o, Duration.ofSeconds(30));
        sim.modifiedAt(o, Instant.now().minusSeconds(30));
        return o;
    }

    @Test
    void listedTradesAreReadWholeAndStoredComplete() throws Exception {
        SimOrder a = paidOrder();
        SimOrder b = paidOrder();
        int detailsBefore = sim.calls(DETAIL);
        Map<String, Integer> counts = poll();
        assertThat(counts.get("CREATED")).as(counts.toString()).isGreaterThanOrEqualTo(2);
        assertThat(sim.calls(DETAIL) - detailsBefore).as("one signed detail call per listed trade").isGreaterThanOrEqualTo(2);
        for (SimOrder o : new SimOrder[] {a, b}) {
            JsonNode stored = order(port, "taobao", "taobao-shop-01", o.id);
            assertThat(stored).as("order " + o.id + " stored (the list alone has no lines or receiver)").isNotNull();
            // what only the detail has: the lines, the receiver, the address
            assertThat(stored.path("items").size()).isEqualTo(o.lines.size());
            for (int i = 0; i < o.lines.size(); i++) {
                assertThat(stored.path("items").get(i).path("quantity").asInt()).isEqualTo(o.lines.get(i).quantity);
            }
            assertThat(stored.path("shippingAddress").path("receiverName").asText()).isEqualTo(o.buyerName);
            assertThat(stored.path("shippingAddress").path("province").asText()).isEqualTo(o.place.province());
            assertThat(stored.path("shippingAddress").path("detail").asText()).contains(o.street);
            assertThat(stored.path("amounts").path("paid").asText()).isEqualTo(o.paidAmount().toPlainString());
        }
    }

    @Test
    void aTradeThePlatformWillNotGiveWholeIsParkedWithTheReasonAndTheOthersAreStored() throws Exception {
        SimOrder refused = paidOrder();
        SimOrder fine = paidOrder();
        sim.refuseDetail(refused.id);
        Map<String, Integer> counts = poll();
        assertThat(counts.get("NEEDS_ATTENTION")).as(counts.toString()).isGreaterThanOrEqualTo(1);
        assertThat(order(port, "taobao", "taobao-shop-01", fine.id)).as("the other trade is stored").isNotNull();
        assertThat(order(port, "taobao", "taobao-shop-01", refused.id)).as("no incomplete order is stored").isNull();
        JsonNode parked = json(get(port, "/api/needs-attention"));
        boolean found = false;
        for (JsonNode item : parked.path("items")) {
            String reason = item.path("reason").asText();
            if (reason.contains(refused.id)) {
                found = true;
                assertThat(reason).contains(DETAIL).contains("error 15");
            }
        }
        assertThat(found).as("parked with the detail call's failure as reason: " + parked).isTrue();
        // the window went through: its cursor moved past the refused trade's modified time
        assertThat(Instant.parse(newStore.cursor(CURSOR).orElseThrow())).isAfter(refused.modified);

        // the platform gives the trade again: the re-drive reads it whole before mapping it (the
        // parked listed row alone has no lines or receiver and would only be parked again)
        sim.allowDetail(refused.id);
        int detailsBefore = sim.calls(DETAIL);
        JsonNode redrive = json(ChannelSupport.post(port, "/api/needs-attention/redrive", new byte[0], Map.of()));
        assertThat(sim.calls(DETAIL)).as("read whole again: " + redrive).isGreaterThan(detailsBefore);
        JsonNode stored = order(port, "taobao", "taobao-shop-01", refused.id);
        assertThat(stored).as("stored after the re-drive: " + redrive).isNotNull();
        assertThat(stored.path("items").size()).isEqualTo(refused.lines.size());
        assertThat(stored.path("shippingAddress").path("receiverName").asText()).isEqualTo(refused.buyerName);
    }

    @Test
    void aPlatformThatKeepsFailingTheDetailCallStopsTheRunAndTheCursorStays() throws Exception {
        poll(); // the cursor is recent: the next run reads one window, whose list page is one request
        SimOrder o = paidOrder();
        String cursorBefore = newStore.cursor(CURSOR).orElseThrow();
        sim.failAfter(1, 1000); // the list page answers, every detail call gets HTTP 503 (retried, then given up)
        try {
            assertThatThrownBy(this::poll).isInstanceOf(PlatformPoller.PlatformException.class)
                    .hasMessageContaining("503");
        } finally {
            sim.failNext(0);
        }
        assertThat(newStore.cursor(CURSOR)).hasValue(cursorBefore);
        assertThat(order(port, "taobao", "taobao-shop-01", o.id)).isNull();
        // the platform is back: the next run reads the window again and the order is stored whole
        poll();
        JsonNode stored = order(port, "taobao", "taobao-shop-01", o.id);
        assertThat(stored).isNotNull();
        assertThat(stored.path("items").size()).isEqualTo(o.lines.size());
    }
}
