package io.orderhub.bench;

import io.orderhub.canonical.CanonicalJson;
import io.orderhub.canonical.CanonicalOrder;
import io.orderhub.canonical.CanonicalOrderReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The choke point's cost per order on one core: strict canonical read, defaults and validation,
 * against the baseline of a plain Jackson read of the same JSON into the same record. Channel
 * mappings (JSONata/XSLT) join here when the channels issue lands.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MappingBenchmark {

    private byte[][] orders;
    private int next;

    @Setup
    public void prepare() {
        OrderGenerator gen = new OrderGenerator(42, "jmh");
        orders = new byte[256][];
        for (int i = 0; i < orders.length; i++) {
            orders[i] = gen.next(i).getBytes(StandardCharsets.UTF_8);
        }
    }

    private byte[] order() {
        next = (next + 1) & 255;
        return orders[next];
    }

    @Benchmark
    public CanonicalOrder canonicalReadAndValidate() {
        return CanonicalOrderReader.read(order());
    }

    @Benchmark
    public CanonicalOrder baselinePlainJackson() throws Exception {
        return CanonicalJson.mapper().readValue(order(), CanonicalOrder.class);
    }
}
