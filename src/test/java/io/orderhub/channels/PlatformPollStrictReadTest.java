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
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Platform answers are read from their raw bytes as strictly as the webhook door reads a body: a
 * list page with bytes that are not UTF-8, a key given twice or nesting past the limit stops the run
 * with a PlatformException naming the problem (the cursor stays, the health shows why) and nothing
 * of it is stored; such a detail answer parks its one trade with the reason. Before, the page was
 * decoded to a String (U+FFFD in place of the bad bytes), the last of two keys won, and any nesting
 * was read.
 */
@HubTest
class PlatformPollStrictReadTest {

    static final String LIST = "taobao.trades.sold.increment.get";
    static final String DETAIL = "taobao.trade.fullinfo.get";
    static final String CURSOR = PlatformPoller.cursorKey("taobao", "taobao-shop-01");
    final PlatformSimulator sim = SimulatedPlatforms.SIM;

    @LocalServerPort
    int port;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    NewStore newStore;
    @Autowired
    PlatformPoller poller;

    Map<String, Integer> poll() throws Exception {
        return io.orderhub.support.PollRuns.run(producer, "taobao");
    }

    SimOrder paidOrder() {
        SimOrder o = sim.newOrder("taobao", SimulatedPlatforms.TAOBAO_KEY, SimOrder.Stage.PAID);
        sim.backdate(o, Duration.ofSeconds(30));
        sim.modifiedAt(o, Instant.now().minusSeconds(30));
        return o;
    }

    /** Replaces the first {@code find} (UTF-8) in an answer by the given bytes; null (left alone) without it. */
    static UnaryOperator<byte[]> replace(String find, byte[] with) {
        return bytes -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            int at = text.indexOf(find);
            if (at < 0) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(with);
            out.writeBytes(text.substring(at + find.length()).getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        };
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The next list page, changed by {@code rewrite}, stops the run: the reason, the cursor, nothing stored. */
    void listPageStopsTheRun(UnaryOperator<byte[]> rewrite, String reason) throws Exception {
        poll(); // the cursor is recent: the next run's first list page is the window with the new order
        SimOrder o = paidOrder();
        String cursorBefore = newStore.cursor(CURSOR).orElseThrow();
        sim.rewriteNextAnswer(LIST, rewrite);
        assertThatThrownBy(this::poll).isInstanceOf(PlatformPoller.PlatformException.class)
                .hasMessageContaining(LIST).hasMessageContaining(reason);
        assertThat(newStore.cursor(CURSOR)).as("the cursor stays").hasValue(cursorBefore);
        assertThat(poller.runs().get("taobao").lastError()).as("the health shows why").contains(reason);
        assertThat(order(port, "taobao", "taobao-shop-01", o.id)).as("nothing of the page is stored").isNull();
        // the platform answers properly again: the window is read again and the order stored
        poll();
        assertThat(order(port, "taobao", "taobao-shop-01", o.id)).isNotNull();
        assertThat(poller.runs().get("taobao").lastError()).isNull();
    }

    @Test
    void aListPageThatIsNotUtf8StopsTheRun() throws Exception {
        // "fixed" with a lead byte followed by no continuation byte: C3 28 is not UTF-8
        listPageStopsTheRun(replace("\"type\":\"fixed\"", new byte[] {'"', 't', 'y', 'p', 'e', '"', ':', '"', 'f', (byte) 0xC3, 0x28, 'd', '"'}),
                "not UTF-8");
    }

    @Test
    void aListPageWithAKeyGivenTwiceStopsTheRun() throws Exception {
        // two total_results: read leniently, the second (the real count) would silently win
        listPageStopsTheRun(replace("{\"trades_sold_increment_get_response\":{",
                utf8("{\"trades_sold_increment_get_response\":{\"total_results\":0,")), "is given twice");
    }

    @Test
    void aListPageNestedPastTheLimitStopsTheRun() throws Exception {
        String deep = "[".repeat(100) + "]".repeat(100);
        listPageStopsTheRun(replace("{\"trades_sold_increment_get_response\":{",
                utf8("{\"trades_sold_increment_get_response\":{\"extra\":" + deep + ",")), "nests deeper than");
    }

    @Test
    void aDetailAnswerThatIsNotUtf8ParksItsTradeWithTheReasonAndNothingAltered() throws Exception {
        SimOrder o = paidOrder();
        byte[] name = utf8(o.buyerName);
        byte[] broken = new byte[name.length + 1];
        System.arraycopy(name, 0, broken, 0, name.length);
        broken[name.length] = (byte) 0xE5; // a three-byte lead byte cut off before the closing quote
        sim.rewriteNextAnswer(DETAIL, replace("\"receiver_name\":\"" + o.buyerName + "\"",
                concat(utf8("\"receiver_name\":\""), broken, utf8("\""))));
        Map<String, Integer> counts = poll();
        assertThat(counts.get("NEEDS_ATTENTION")).as(counts.toString()).isGreaterThanOrEqualTo(1);
        assertThat(order(port, "taobao", "taobao-shop-01", o.id)).as("no order with a replaced name is stored").isNull();
        boolean found = false;
        for (JsonNode item : json(get(port, "/api/needs-attention")).path("items")) {
            if (item.path("reason").asText().contains(o.id)) {
                found = true;
                assertThat(item.path("reason").asText()).contains(DETAIL).contains("not UTF-8");
            }
        }
        assertThat(found).as("parked with the reason").isTrue();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
