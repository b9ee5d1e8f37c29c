package io.orderhub.bench;

import io.orderhub.soap.SoapEndpoints;
import io.orderhub.soap.contract.MemberInfo;
import io.orderhub.soap.contract.OrderLine;
import io.orderhub.soap.contract.OrderLines;
import io.orderhub.soap.contract.PosCrm;
import io.orderhub.soap.contract.QueryMemberRequest;
import io.orderhub.soap.contract.QueryMemberResponse;
import io.orderhub.soap.contract.QueryOrderRequest;
import io.orderhub.soap.contract.QueryOrderResponse;
import io.orderhub.soap.contract.QueryOrdersSinceRequest;
import io.orderhub.soap.contract.QueryOrdersSinceResponse;
import io.orderhub.soap.contract.SubmitOrderRequest;
import io.orderhub.soap.contract.SubmitOrderResponse;
import io.orderhub.soap.contract.UpdateOrderStatusRequest;
import io.orderhub.soap.contract.UpdateOrderStatusResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxws.JaxWsProxyFactoryBean;

/** SOAP POS load with the generated contract client, one proxy per client thread. */
final class SoapLoad {

    record Result(String op, int clients, double callsPerSecond, double p50Ms, double p99Ms, long failed) {
    }

    interface Op {
        void call(PosCrm crm, long n) throws Exception;
    }

    private final String url;

    SoapLoad(String url) {
        this.url = url;
    }

    static PosCrm client(String url) {
        JaxWsProxyFactoryBean f = new JaxWsProxyFactoryBean();
        f.setServiceClass(PosCrm.class);
        f.setAddress(url);
        PosCrm pos = (PosCrm) f.create();
        // the POS path needs a credential with role pos or admin (WS-Security off): the bench key
        org.apache.cxf.frontend.ClientProxy.getClient(pos).getRequestContext().put(
                org.apache.cxf.message.Message.PROTOCOL_HEADERS, Map.of("X-Api-Key", List.of(HubProcess.KEY)));
        return pos;
    }

    Result run(String name, Op op, int clients, Duration d, AtomicLong seq) throws InterruptedException {
        Recorder rec = new Recorder(3);
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long end = System.nanoTime() + d.toNanos();
        CountDownLatch done = new CountDownLatch(clients);
        long t0 = System.nanoTime();
        for (int i = 0; i < clients; i++) {
            Thread t = new Thread(() -> {
                PosCrm crm = client(url);
                try {
                    while (System.nanoTime() < end) {
                        long s = System.nanoTime();
                        try {
                            op.call(crm, seq.incrementAndGet());
                            ok.incrementAndGet();
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                        rec.recordValue(Math.max(1, (System.nanoTime() - s) / 1000));
                    }
                } finally {
                    done.countDown();
                }
            });
            t.setDaemon(true);
            t.start();
        }
        done.await();
        double secs = (System.nanoTime() - t0) / 1e9;
        var h = rec.getIntervalHistogram();
        return new Result(name, clients, ok.get() / secs, h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, failed.get());
    }

    static void queryMember(PosCrm crm, String card) throws Exception {
        QueryMemberRequest r = new QueryMemberRequest();
        r.setCardNo(card);
        crm.queryMember(r);
    }

    static void submit(PosCrm crm, long n) throws Exception {
        SubmitOrderRequest r = new SubmitOrderRequest();
        r.setStoreCode("SH0001");
        r.setRegionCode("310000");
        r.setPosNo("BENCH");
        r.setPosTxnNo("T" + System.nanoTime() + "-" + n);
        r.setOrderTime("20261122101530");
        OrderLines lines = new OrderLines();
        OrderLine l = new OrderLine();
        l.setLineNo(1);
        l.setSkuCode("SKU-100234");
        l.setGoodsName("保温杯 500ml");
        l.setQty(2);
        l.setPrice(8900);
        l.setDiscAmt(1000);
        l.setLineAmt(16800);
        lines.getLine().add(l);
        r.setLines(lines);
        r.setGoodsAmt(16800);
        r.setDiscAmt(0);
        r.setPayAmt(16800);
        r.setPayType("WECHAT");
        crm.submitOrder(r);
    }

    /**
     * The baseline's server and the CXF bus it runs on. Closing destroys the endpoint and shuts the
     * bus down, which stops its Undertow engine and the engine's XNIO worker: those threads are not
     * daemons, and left running they keep the benchmark JVM alive after its report.
     */
    record Echo(Server server, Bus bus) implements AutoCloseable {
        @Override
        public void close() {
            try {
                server.destroy();
            } finally {
                bus.shutdown(true);
            }
        }
    }

    /** The baseline: a bare CXF endpoint of the same contract that answers QueryMember at once, on a bus of its own. */
    static Echo echo(int port) {
        Bus bus = BusFactory.newInstance().createBus();
        Bus previous = BusFactory.getAndSetThreadDefaultBus(bus);
        try {
            return new Echo(publishEcho(port), bus);
        } catch (RuntimeException e) {
            bus.shutdown(true);
            throw e;
        } finally {
            BusFactory.setThreadDefaultBus(previous);
        }
    }

    private static Server publishEcho(int port) {
        return SoapEndpoints.publish("http://127.0.0.1:" + port + "/crm", new PosCrm() {
            @Override
            public QueryMemberResponse queryMember(QueryMemberRequest r) {
                MemberInfo m = new MemberInfo();
                m.setCardNo(r.getCardNo());
                m.setLevelCode("01");
                m.setPoints(0);
                QueryMemberResponse res = new QueryMemberResponse();
                res.setResultCode("0000");
                res.setResultMsg("OK");
                res.setMember(m);
                return res;
            }

            @Override
            public SubmitOrderResponse submitOrder(SubmitOrderRequest r) {
                SubmitOrderResponse res = new SubmitOrderResponse();
                res.setResultCode("0000");
                res.setResultMsg("OK");
                res.setOrderNo("SO2611220000000001");
                return res;
            }

            @Override
            public QueryOrderResponse queryOrder(QueryOrderRequest r) {
                throw new UnsupportedOperationException("not part of the echo baseline");
            }

            @Override
            public UpdateOrderStatusResponse updateOrderStatus(UpdateOrderStatusRequest r) {
                throw new UnsupportedOperationException("not part of the echo baseline");
            }

            @Override
            public QueryOrdersSinceResponse queryOrdersSince(QueryOrdersSinceRequest r) {
                throw new UnsupportedOperationException("not part of the echo baseline");
            }

            @Override
            public io.orderhub.soap.contract.RegisterMemberResponse registerMember(io.orderhub.soap.contract.RegisterMemberRequest r) {
                throw new UnsupportedOperationException("not part of the echo baseline");
            }

            @Override
            public io.orderhub.soap.contract.UpdateMemberResponse updateMember(io.orderhub.soap.contract.UpdateMemberRequest r) {
                throw new UnsupportedOperationException("not part of the echo baseline");
            }
        });
    }
}
