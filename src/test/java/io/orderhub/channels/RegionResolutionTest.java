package io.orderhub.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.core.io.FileSystemResource;

/**
 * The full GB/T 2260 table as shipped in mappings/master, and every address layout the platforms
 * write resolved against it. Expected codes are GB/T 2260 codes as published by the Ministry of
 * Civil Affairs (民政部 县级以上行政区划代码), written here by hand, not read from the table.
 */
class RegionResolutionTest {

    static MasterData master;

    @BeforeAll
    static void read() {
        master = MasterData.read(List.of(new FileSystemResource("mappings/master/gbt2260.csv"),
                new FileSystemResource("mappings/master/regions.csv")));
    }

    /**
     * 34 provincial-level divisions (31 on the mainland + 台湾, 香港, 澳门); 333 prefecture-level
     * divisions (the official count) plus 9 statistical groupings that GB/T 2260 codes at that
     * level (4 municipalities' 市辖区, Chongqing's 县, 4 provinces' 省/自治区直辖县级行政区划);
     * 2,850 county-level divisions: the dataset's 2,978 minus 124 development zones (county digits
     * 71-80, statistical codes only) and minus 4 rows that repeat a prefecture without counties.
     */
    @Test
    void theTableHoldsEveryLevel() {
        int[] n = master.regionCounts();
        assertThat(n[0]).as("provinces").isEqualTo(34);
        assertThat(n[1]).as("prefecture level incl. 9 groupings").isEqualTo(333 + 9);
        assertThat(n[2]).as("county level").isEqualTo(2850);
        assertThat(master.regionName("710000")).isEqualTo("台湾省");
        assertThat(master.regionName("810000")).isEqualTo("香港特别行政区");
        assertThat(master.regionName("820000")).isEqualTo("澳门特别行政区");
        assertThat(master.regionName("441900")).as("a prefecture without counties").isEqualTo("东莞市");
        assertThat(master.regionName("130171")).as("a development zone is not GB/T 2260").isNull();
    }

    static Stream<Arguments> layouts() {
        return Stream.of(
                // province, city, district slots -> provinceCode, cityCode, districtCode, text below the county
                Arguments.of("浙江省", "杭州市", "西湖区", "330000", "330100", "330106", null),
                Arguments.of("浙江", "杭州", "西湖", "330000", "330100", "330106", null),
                // short province forms
                Arguments.of("黑龙江", "哈尔滨市", "南岗区", "230000", "230100", "230103", null),
                Arguments.of("宁夏", "银川市", "兴庆区", "640000", "640100", "640104", null),
                Arguments.of("新疆", "乌鲁木齐市", "天山区", "650000", "650100", "650102", null),
                Arguments.of("内蒙古", "呼和浩特市", "赛罕区", "150000", "150100", "150105", null),
                Arguments.of("广西", "南宁市", "青秀区", "450000", "450100", "450103", null),
                Arguments.of("西藏", "拉萨市", "城关区", "540000", "540100", "540102", null),
                // an autonomous prefecture by its short form
                Arguments.of("湖北省", "恩施", "恩施市", "420000", "422800", "422801", null),
                // county-level cities directly under a province: the city slot, no district
                Arguments.of("湖北省", "天门市", "竟陵街道", "420000", "429006", null, "竟陵街道"),
                Arguments.of("湖北", "仙桃市", null, "420000", "429004", null, null),
                Arguments.of("湖北省", "省直辖县级行政区划", "潜江市", "420000", "429005", null, null),
                Arguments.of("新疆维吾尔自治区", "石河子市", "向阳街道", "650000", "659001", null, "向阳街道"),
                Arguments.of("新疆", "自治区直辖县级行政区划", "石河子市", "650000", "659001", null, null),
                Arguments.of("河南省", "济源市", "沁园街道", "410000", "419001", null, "沁园街道"),
                Arguments.of("海南省", "琼海市", "嘉积镇", "460000", "469002", null, "嘉积镇"),
                // prefectures without a county level: the district slot holds a town or street
                Arguments.of("广东省", "东莞市", "东城街道", "440000", "441900", null, "东城街道"),
                Arguments.of("广东", "中山市", "石岐街道", "440000", "442000", null, "石岐街道"),
                Arguments.of("海南省", "儋州市", "那大镇", "460000", "460400", null, "那大镇"),
                Arguments.of("甘肃省", "嘉峪关市", "雄关街道", "620000", "620200", null, "雄关街道"),
                Arguments.of("甘肃省", "嘉峪关市", "嘉峪关市", "620000", "620200", null, null),
                // municipalities as Taobao writes them (city = the municipality) ...
                Arguments.of("上海", "上海市", "浦东新区", "310000", "310100", "310115", null),
                Arguments.of("北京市", "北京市", "朝阳区", "110000", "110100", "110105", null),
                Arguments.of("重庆", "重庆市", "城口县", "500000", "500200", "500229", null),
                // ... and as JD writes them: the district in the city slot, a sub-area in the county slot
                Arguments.of("北京", "朝阳区", "三环到四环之间", "110000", "110100", "110105", "三环到四环之间"),
                Arguments.of("重庆", "城口县", "葛城街道", "500000", "500200", "500229", "葛城街道"),
                Arguments.of("天津", "滨海新区", null, "120000", "120100", "120116", null),
                // WooCommerce state codes (i18n/states.php): CN18 Hubei, CN1 Yunnan, CN30 Macao
                Arguments.of("CN18", "天门市", null, "420000", "429006", null, null),
                Arguments.of("CN1", "昆明市", "五华区", "530000", "530100", "530102", null),
                Arguments.of("CN30", null, null, "820000", null, null, null),
                // a missing or unknown district resolves to the city; a town never becomes a district
                Arguments.of("浙江省", "杭州市", null, "330000", "330100", null, null),
                Arguments.of("江苏省", "苏州市", "周庄镇", "320000", "320500", null, "周庄镇"),
                Arguments.of("江苏省", "苏州市", "昆山市", "320000", "320500", "320583", null));
    }

    @ParameterizedTest(name = "{0} / {1} / {2}")
    @MethodSource("layouts")
    void everyLayoutResolves(String province, String city, String district, String provinceCode, String cityCode,
                             String districtCode, String subCounty) {
        MasterData.Place p = master.place(province, city, district).orElseThrow();
        assertThat(p.unknownCity()).isNull();
        assertThat(p.provinceCode()).isEqualTo(provinceCode);
        assertThat(p.cityCode()).isEqualTo(cityCode);
        assertThat(p.districtCode()).isEqualTo(districtCode);
        assertThat(p.subCounty()).isEqualTo(subCounty);
        assertThat(p.regionCode()).isEqualTo(districtCode != null ? districtCode : cityCode != null ? cityCode : provinceCode);
    }

    @Test
    void aMunicipalityShowsItsOwnNameAtTheCityLevel() {
        assertThat(master.addressName("110100")).isEqualTo("北京市");
        assertThat(master.addressName("500200")).isEqualTo("重庆市");
        assertThat(master.addressName("429006")).isEqualTo("天门市");
    }

    @Test
    void anUnknownProvinceOrCityIsNotGuessed() {
        assertThat(master.place("火星省", "杭州市", null)).isEmpty();
        MasterData.Place p = master.place("浙江省", "广州市", "天河区").orElseThrow();
        assertThat(p.unknownCity()).isEqualTo("广州市");
        assertThat(p.cityCode()).isNull();
    }
}
