package io.orderhub.bench;

import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.CanonicalOrderReader;
import io.orderhub.channels.ChannelDefinition;
import io.orderhub.channels.ChannelMappings;
import io.orderhub.channels.FileRecords;
import io.orderhub.channels.UnmappableOrderException;
import io.orderhub.canonical.InvalidOrderException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Each channel's declarative mapping on one core: a platform record (the channel's golden examples
 * that map, cycled; JSON records as the bytes a webhook or poll gets) to a validated canonical order,
 * master data resolved. Baseline: the choke point alone (strict canonical read and validation) on the
 * canonical JSON those records map to.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ChannelMappingBenchmark {

    @Param({"shopify", "woocommerce", "taobao", "jd", "pinduoduo", "store-csv", "erp-xml", "wechat-shop"})
    public String channel;

    private ChannelMappings mappings;
    private final ChannelMappings.Shop shop = new ChannelMappings.Shop("bench-shop", null);
    private Object[] records;
    private byte[][] canonical;
    private int next;

    @Setup
    public void prepare() throws IOException {
        mappings = new ChannelMappings(List.of("classpath*:mappings/"));
        ChannelDefinition d = mappings.channel(channel).definition();
        List<Object> good = new ArrayList<>();
        List<byte[]> out = new ArrayList<>();
        Path examples = Path.of("mappings", channel, "examples");
        try (Stream<Path> files = Files.list(examples)) {
            for (Path f : files.filter(p -> p.getFileName().toString().contains(".input.")).sorted().toList()) {
                List<Object> payloads = new ArrayList<>();
                if (d.format() == ChannelDefinition.Format.json) {
                    payloads.add(Files.readAllBytes(f));
                } else {
                    try (FileRecords.CloseableIterator it = FileRecords.open(f, d)) {
                        it.forEachRemaining(r -> {
                            if (r.error() == null) {
                                payloads.add(r.payload());
                            }
                        });
                    }
                }
                for (Object p : payloads) {
                    try {
                        CanonicalOrder order = CanonicalOrderReader.read(mappings.toCanonical(channel, shop, p));
                        byte[] json = CanonicalJson.mapper().writeValueAsBytes(order);
                        good.add(p);
                        out.add(json);
                    } catch (UnmappableOrderException | InvalidOrderException e) {
                        // an example of a refusal: not part of the throughput
                    }
                }
            }
        }
        records = good.toArray();
        canonical = out.toArray(byte[][]::new);
    }

    @Benchmark
    public CanonicalOrder mapAndValidate() {
        next = (next + 1) % records.length;
        return CanonicalOrderReader.read(mappings.toCanonical(channel, shop, records[next]));
    }

    @Benchmark
    public CanonicalOrder chokePointOnly() {
        next = (next + 1) % canonical.length;
        return CanonicalOrderReader.read(canonical[next]);
    }
}
