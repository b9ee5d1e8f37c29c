package io.orderhub.channels.sim;

import java.math.BigDecimal;
import java.util.List;

/**
 * What the simulated platforms sell and where their buyers live. Merchant codes match
 * {@code mappings/master/skus.csv} and places match {@code mappings/master/regions.csv}, except the
 * entries marked unknown, which exist to exercise the needs-attention path.
 */
public final class SimCatalog {

    /** A product: merchant code (outer id), title and price. */
    public record Product(String merchantCode, String title, BigDecimal price) {
    }

    /**
     * A place: Chinese province, city and district names, their pinyin (Shopify addresses), the
     * WooCommerce state code and a postal code.
     */
    public record Place(String province, String city, String district, String provincePinyin, String cityPinyin,
                        String wooState, String provinceCode, String zip) {
    }

    public static final List<Product> PRODUCTS = List.of(
            new Product("BTL500-BLU", "保温杯 500ml 雾霾蓝", new BigDecimal("89.00")),
            new Product("BTL500-PNK", "保温杯 500ml 樱花粉", new BigDecimal("89.00")),
            new Product("BRUSH-2P", "杯刷 两支装", new BigDecimal("12.90")),
            new Product("TEA-LJ-250", "明前龙井 250g 礼盒", new BigDecimal("268.00")),
            new Product("MUG-CER-350", "陶瓷马克杯 350ml", new BigDecimal("45.50")),
            new Product("LUNCH-BOX-3", "不锈钢饭盒 三层", new BigDecimal("129.00")),
            new Product("UMB-AUTO-BLK", "全自动折叠伞 黑色", new BigDecimal("79.90")),
            new Product("SOCK-5P-M", "纯棉袜子 5双装 M码", new BigDecimal("39.90")));

    /** A product no SKU table knows: its orders go to the needs-attention queue. */
    public static final Product UNKNOWN_PRODUCT = new Product("NEW-ITEM-2027", "新品 预售款", new BigDecimal("59.00"));

    public static final List<Place> PLACES = List.of(
            new Place("上海市", "上海市", "浦东新区", "Shanghai", "Shanghai", "CN10", "310000", "200120"),
            new Place("上海市", "上海市", "徐汇区", "Shanghai", "Shanghai", "CN10", "310000", "200030"),
            new Place("北京市", "北京市", "朝阳区", "Beijing", "Beijing", "CN2", "110000", "100020"),
            new Place("北京市", "北京市", "海淀区", "Beijing", "Beijing", "CN2", "110000", "100080"),
            new Place("浙江省", "杭州市", "西湖区", "Zhejiang", "Hangzhou", "CN12", "330000", "310013"),
            new Place("浙江省", "宁波市", "鄞州区", "Zhejiang", "Ningbo", "CN12", "330000", "315100"),
            new Place("广东省", "深圳市", "南山区", "Guangdong", "Shenzhen", "CN20", "440000", "518052"),
            new Place("广东省", "广州市", "天河区", "Guangdong", "Guangzhou", "CN20", "440000", "510620"),
            new Place("江苏省", "苏州市", "姑苏区", "Jiangsu", "Suzhou", "CN11", "320000", "215000"),
            new Place("四川省", "成都市", "武侯区", "Sichuan", "Chengdu", "CN24", "510000", "610041"),
            new Place("湖北省", "武汉市", "洪山区", "Hubei", "Wuhan", "CN18", "420000", "430070"),
            new Place("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "Xinjiang", "Urumqi", "CN32", "650000", "830000"));

    /** A place no region table knows. */
    public static final Place UNKNOWN_PLACE =
            new Place("火星省", "奥林匹斯市", "山麓区", "Mars", "Olympus", "CN99", "990000", "999999");

    static final List<String> SURNAMES = List.of("张", "王", "李", "赵", "陈", "刘", "杨", "黄", "周", "吴", "欧阳", "司马");
    static final List<String> GIVEN = List.of("伟", "芳", "娜", "秀英", "敏", "静", "晓明", "子涵", "浩然", "雨桐", "嘉怡", "一诺");
    static final List<String> STREETS = List.of("世纪大道100号 20楼 2001室", "文三路 478 号华星时代广场 A 座 1203",
            "科技园南区 深南大道 9988 号", "中关村大街 27 号 中关村大厦 8 层", "解放北路 118 号 3 栋 2 单元 501",
            "人民南路四段 1 号", "珞喻路 1037 号 东区 12 舍");
    static final List<String> REMARKS = List.of("", "请尽快发货 🙏", "周末送货，谢谢！😊", "不要放快递柜📦",
            "送人的礼物🎁 请不要放发票", "颜色发错了可以换吗？", "");

    private SimCatalog() {
    }
}
