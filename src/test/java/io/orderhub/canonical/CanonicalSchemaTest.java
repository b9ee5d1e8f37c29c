package io.orderhub.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.orderhub.support.Samples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The published JSON Schema (mappings/canonical/) agrees with the Java model and the examples. */
class CanonicalSchemaTest {

    private static final Path SCHEMA = Path.of("mappings/canonical/canonical-order.schema.json");

    private static JsonNode schemaJson() throws Exception {
        return CanonicalJson.mapper().readTree(Files.readString(SCHEMA));
    }

    private static JsonSchema schema() throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaJson());
    }

    @Test
    void sampleOrderConformsAndIsValidForTheHub() throws Exception {
        JsonNode sample = Samples.sample();
        assertThat(schema().validate(sample)).isEmpty();
        CanonicalOrderReader.read(sample.toString());
    }

    @Test
    void schemaRejectsWhatTheHubRejectsStructurally() throws Exception {
        assertThat(schema().validate(Samples.set(Samples.sample(), "status", "SENT"))).isNotEmpty();
        assertThat(schema().validate(Samples.set(Samples.sample(), "channel", null))).isNotEmpty();
        assertThat(schema().validate(Samples.set(Samples.sample(), "colour", "red"))).isNotEmpty();
        assertThat(schema().validate(Samples.set(Samples.sample(), "items[0].quantity", 0))).isNotEmpty();
    }

    @Test
    void enumsAndFieldsMatchTheJavaModel() throws Exception {
        JsonNode s = schemaJson();
        assertThat(texts(s.at("/$defs/status/enum")))
                .containsExactlyElementsOf(Arrays.stream(OrderStatus.values()).map(Enum::name).toList());
        assertThat(texts(s.at("/$defs/afterSaleStatus/enum")))
                .containsExactlyElementsOf(Arrays.stream(AfterSaleStatus.values()).map(Enum::name).toList());
        assertThat(names(s.get("properties"))).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(CanonicalOrder.class.getRecordComponents()).map(c -> c.getName()).toList());
        assertThat(names(s.at("/properties/items/items/properties"))).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(OrderItem.class.getRecordComponents()).map(c -> c.getName()).toList());
        assertThat(names(s.at("/properties/amounts/properties"))).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(Amounts.class.getRecordComponents()).map(c -> c.getName()).toList());
        assertThat(names(s.at("/properties/shippingAddress/properties"))).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(CanonicalOrder.Address.class.getRecordComponents()).map(c -> c.getName()).toList());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
