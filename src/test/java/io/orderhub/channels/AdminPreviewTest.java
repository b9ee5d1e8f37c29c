package io.orderhub.channels;

import static io.orderhub.channels.ChannelSupport.json;
import static io.orderhub.channels.ChannelSupport.newStoreRows;
import static io.orderhub.channels.ChannelSupport.oldStoreRows;
import static io.orderhub.channels.ChannelSupport.order;
import static io.orderhub.channels.ChannelSupport.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderhub.canonical.CanonicalJson;
import io.orderhub.channels.sim.WebhookSignatures;
import io.orderhub.support.HubTest;
import io.orderhub.support.SimulatedPlatforms;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The integration engineer's loop: the admin preview shows what a sample record would become
 * (compared with the golden example's hand-checked expected file) and stores or parks nothing; a
 * master-data row added in a mapping location is used by the next record, with no re-drive and no
 * restart.
 */
@HubTest
class AdminPreviewTest {

    static final Path EXAMPLES = Path.of("mappings/shopify/examples");

    @LocalServerPort
    int port;
    @Autowired
    @Qualifier("newStoreDataSource")
    DataSource pg;
    @Autowired
    @Qualifier("oldStoreDataSource")
    DataSource maria;
    @Value("${orderhub.data-dir}")
    Path dataDir;

    HttpResponse<String> preview(String mapping, byte[] body) throws Exception {
        return post(port, "/api/admin/preview/" + mapping + "?shop=example-shop", body, Map.of("Content-Type", "application/json"));
    }

    long parkedCount() throws Exception {
        return json(ChannelSupport.get(port, "/api/needs-attention")).path("count").asLong();
    }

    @Test
    void aGoldenExampleIsPreviewedAsItsExpectedOrderAndNothingIsStored() throws Exception {
        byte[] input = Files.readAllBytes(EXAMPLES.resolve("01-paid-multi-line.input.json"));
        JsonNode expected = CanonicalJson.mapper().readTree(EXAMPLES.resolve("01-paid-multi-line.expected.json").toFile());

        HttpResponse<String> r = preview("shopify", input);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(CanonicalJson.mapper().readTree(r.body())).isEqualTo(expected);
        String id = expected.path("channelOrderId").asText();
        assertThat(newStoreRows(pg, id)).isZero();
        assertThat(oldStoreRows(maria, id)).isZero();
    }

    @Test
    void anUnmappableExampleShowsWhyItWouldBeParkedAndIsNotParked() throws Exception {
        byte[] input = Files.readAllBytes(EXAMPLES.resolve("07-unknown-sku.input.json"));
        JsonNode expected = CanonicalJson.mapper().readTree(EXAMPLES.resolve("07-unknown-sku.expected.json").toFile());
        long parkedBefore = parkedCount();

        HttpResponse<String> r = preview("shopify", input);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(CanonicalJson.mapper().readTree(r.body())).isEqualTo(expected);
        assertThat(parkedCount()).isEqualTo(parkedBefore);
        assertThat(newStoreRows(pg, "5800000000035")).isZero();
        assertThat(oldStoreRows(maria, "5800000000035")).isZero();
    }

    @Test
    void anUnreadableSampleIs400AndAnUnknownMappingIs404() throws Exception {
        HttpResponse<String> bad = preview("shopify", "{\"id\": 1,".getBytes(StandardCharsets.UTF_8));
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(json(bad).path("type").asText()).isEqualTo("urn:orderhub:problem:malformed-request");

        HttpResponse<String> unknown = preview("no-such-channel", "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        assertThat(json(unknown).path("type").asText()).isEqualTo("urn:orderhub:problem:mapping-not-found");
    }

    @Test
    void aCsvSampleOfOneOrderIsSplitAsTheFileDropReadsItAndPreviewed() throws Exception {
        // one order over several rows, UTF-8 with BOM: the rows are grouped as a dropped file's are
        Path examples = Path.of("mappings/store-csv/examples");
        byte[] input = Files.readAllBytes(examples.resolve("02-utf8-bom-delivery-multi-line.input.csv"));
        JsonNode expected = CanonicalJson.mapper().readTree(examples.resolve("02-utf8-bom-delivery-multi-line.expected.json").toFile());

        HttpResponse<String> r = post(port, "/api/admin/preview/store-csv", input, Map.of());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(GoldenExamples.differences(expected, CanonicalJson.mapper().readTree(r.body()))).isEmpty();
    }

    @Test
    void aSampleWithSeveralRecordsIsRefusedNamingTheOneRecordLimit() throws Exception {
        byte[] csv = Files.readAllBytes(Path.of("mappings/store-csv/examples/03-gbk-two-orders.input.csv"));
        byte[] xml = Files.readAllBytes(Path.of("mappings/erp-xml/examples/02-two-orders-one-file.input.xml"));
        byte[] array = ("[" + Files.readString(EXAMPLES.resolve("01-paid-multi-line.input.json")) + ","
                + Files.readString(EXAMPLES.resolve("07-unknown-sku.input.json")) + "]").getBytes(StandardCharsets.UTF_8);
        long parkedBefore = parkedCount();

        for (var sample : Map.of("store-csv", csv, "erp-xml", xml, "shopify", array).entrySet()) {
            HttpResponse<String> r = post(port, "/api/admin/preview/" + sample.getKey(), sample.getValue(), Map.of());
            assertThat(r.statusCode()).as(sample.getKey() + ": " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
            JsonNode problem = json(r);
            assertThat(problem.path("type").asText()).isEqualTo("urn:orderhub:problem:one-record-per-preview");
            assertThat(problem.path("detail").asText()).as(sample.getKey())
                    .contains("holds 2 records; the preview takes one record per call");
        }
        assertThat(parkedCount()).isEqualTo(parkedBefore);
        assertThat(newStoreRows(pg, "5800000000028")).isZero();
    }

    @Test
    void aJsonArrayOfOneRecordIsPreviewedAsThatRecord() throws Exception {
        byte[] one = ("[" + Files.readString(EXAMPLES.resolve("01-paid-multi-line.input.json")) + "]").getBytes(StandardCharsets.UTF_8);
        JsonNode expected = CanonicalJson.mapper().readTree(EXAMPLES.resolve("01-paid-multi-line.expected.json").toFile());

        HttpResponse<String> r = preview("shopify", one);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(GoldenExamples.differences(expected, CanonicalJson.mapper().readTree(r.body()))).isEmpty();
    }

    @Test
    void aSkuRowAddedInTheMappingLocationIsUsedByTheNextWebhookWithoutReDrive() throws Exception {
        // a SKU and order of this run only, so no other test's tables or orders interfere
        String sku = "PREVIEW-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String orderId = String.valueOf(5_900_000_000_000L + (System.nanoTime() & 0xFFFFFFFL));
        String text = Files.readString(EXAMPLES.resolve("07-unknown-sku.input.json"))
                .replace("NEW-ITEM-2027", sku)
                .replace("5800000000035", orderId);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);

        assertThat(json(preview("shopify", body)).path("needsAttention").toString()).contains(sku);

        Path fixes = dataDir.resolve("mapping-fixes/preview-test");
        Files.createDirectories(fixes);
        Files.writeString(fixes.resolve("skus.csv"), "channel,channelSku,hubSku\nshopify," + sku + ",SKU-900002\n");

        // straight to the webhook (no preview, no re-drive): the hub tests look at the mapping files
        // before every record (orderhub.mappings.reload-check-ms=0 in HubTest)
        HttpResponse<String> r = post(port, "/api/webhooks/shopify", body, Map.of(
                "X-Shopify-Topic", "orders/create",
                "X-Shopify-Shop-Domain", WebhookChannelsTest.SHOPIFY_DOMAIN,
                "X-Shopify-Webhook-Id", "preview-" + orderId,
                "X-Shopify-Hmac-Sha256", WebhookSignatures.hmacSha256Base64(SimulatedPlatforms.SHOPIFY_SECRET, body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(json(r).path("outcome").asText()).isEqualTo("CREATED");
        JsonNode stored = order(port, "shopify", WebhookChannelsTest.SHOPIFY_SHOP, orderId);
        assertThat(stored.path("items").findValuesAsText("hubSku")).contains("SKU-900002");
        assertThat(oldStoreRows(maria, orderId)).isEqualTo(1);
    }
}
