package io.orderhub.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.canonical.CanonicalJson;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;

/**
 * Deterministic canonical orders: the same seed gives the same orders (ids, SKUs, amounts,
 * addresses); only the creation times follow the run's clock, so they land in current partitions.
 */
final class OrderGenerator {

    private static final String[][] PLACES = {
            {"上海市", "310000", "上海市", "310100", "浦东新区", "310115", "世纪大道100号"},
            {"北京市", "110000", "北京市", "110100", "朝阳区", "110105", "建国路88号"},
            {"广东省", "440000", "广州市", "440100", "天河区", "440106", "天河路385号"},
            {"浙江省", "330000", "杭州市", "330100", "西湖区", "330106", "文三路478号"},
            {"四川省", "510000", "成都市", "510100", "武侯区", "510107", "人民南路四段11号"}};
    private static final String[] CHANNELS = {"tmall", "jd", "pinduoduo", "shopify"};
    private static final String[] NAMES = {"保温杯 500ml", "无线耳机 Pro", "纯棉T恤 L码", "咖啡豆 454g", "护手霜 三支装",
            "瑜伽垫 6mm", "蓝牙音箱", "儿童绘本套装"};

    private final SplittableRandom random;
    private final String shop;
    private final Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    OrderGenerator(long seed, String shop) {
        this.random = new SplittableRandom(seed);
        this.shop = shop;
    }

    /** The n-th order of this generator's sequence, as canonical JSON. */
    synchronized String next(long n) {
        ObjectNode o = CanonicalJson.mapper().createObjectNode();
        String channel = CHANNELS[random.nextInt(CHANNELS.length)];
        o.put("channel", channel);
        o.put("shopId", shop);
        o.put("channelOrderId", String.format("B%012d", n));
        o.put("sourceSystem", "bench");
        o.put("status", random.nextInt(10) < 8 ? "PAID" : "PENDING_PAYMENT");
        o.putObject("member").put("unionId", "bench" + (100000 + random.nextInt(900000))).put("cardNo",
                String.valueOf(88000000000L + random.nextInt(1_000_000)));
        o.putObject("buyer").put("name", "测试买家" + random.nextInt(1000)).put("mobile", "138" + (10000000 + random.nextInt(89999999)));
        String[] p = PLACES[random.nextInt(PLACES.length)];
        o.putObject("shippingAddress").put("receiverName", "收货人" + random.nextInt(1000))
                .put("receiverMobile", "139" + (10000000 + random.nextInt(89999999)))
                .put("province", p[0]).put("provinceCode", p[1]).put("city", p[2]).put("cityCode", p[3])
                .put("district", p[4]).put("districtCode", p[5]).put("detail", p[6] + " " + random.nextInt(30) + "楼");
        o.put("storeCode", "ST" + (1000 + random.nextInt(200)));
        o.put("regionCode", p[1]);
        ArrayNode items = o.putArray("items");
        long goods = 0;
        int lines = 1 + random.nextInt(4);
        for (int i = 0; i < lines; i++) {
            long price = 100 + random.nextInt(50_000);
            int qty = 1 + random.nextInt(3);
            long discount = random.nextInt(4) == 0 ? Math.min(price * qty, 100L * random.nextInt(20)) : 0;
            long total = price * qty - discount;
            goods += total;
            items.addObject().put("hubSku", "SKU-" + (100000 + random.nextInt(5000)))
                    .put("channelSku", channel + "-" + random.nextInt(1_000_000))
                    .put("name", NAMES[random.nextInt(NAMES.length)]).put("quantity", qty)
                    .put("unitPrice", fen(price)).put("discount", fen(discount)).put("lineTotal", fen(total));
        }
        long shipping = random.nextBoolean() ? 0 : 800;
        long orderDiscount = random.nextInt(3) == 0 ? Math.min(goods, 500) : 0;
        o.putObject("amounts").put("currency", "CNY").put("goods", fen(goods)).put("shipping", fen(shipping))
                .put("discount", fen(orderDiscount)).put("paid", fen(goods - orderDiscount + shipping));
        o.putObject("payment").put("method", "ALIPAY").put("transactionId", "2026" + Math.abs(random.nextLong()));
        Instant created = base.minusSeconds(random.nextInt(3600));
        o.put("createdAt", created.toString());
        o.put("paidAt", created.plusSeconds(30).toString());
        o.put("platformModifiedAt", created.plusSeconds(30).toString());
        o.put("buyerRemark", "请尽快发货 🙏");
        return o.toString();
    }

    private static String fen(long fen) {
        return BigDecimal.valueOf(fen, 2).toPlainString();
    }
}
