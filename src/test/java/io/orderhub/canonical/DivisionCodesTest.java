package io.orderhub.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderhub.support.Samples;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The address codes as GB/T 2260 structures them, beyond province / prefecture / district: a
 * county-level city directly under its province (PP90DD) stands in the city slot, and a prefecture
 * without counties has no district. Codes from the published GB/T 2260 list, written by hand.
 */
class DivisionCodesTest {

    static ObjectNode address(String province, String provinceCode, String city, String cityCode,
                              String district, String districtCode) {
        ObjectNode o = Samples.sample();
        Samples.set(o, "shippingAddress.province", province);
        Samples.set(o, "shippingAddress.provinceCode", provinceCode);
        Samples.set(o, "shippingAddress.city", city);
        Samples.set(o, "shippingAddress.cityCode", cityCode);
        Samples.set(o, "shippingAddress.district", district);
        Samples.set(o, "shippingAddress.districtCode", districtCode);
        Samples.set(o, "regionCode", districtCode != null ? districtCode : cityCode);
        return o;
    }

    @ParameterizedTest(name = "{1} {3} {5}")
    @CsvSource(nullValues = "-", value = {
            "湖北省, 420000, 天门市, 429006, -, -",
            "新疆维吾尔自治区, 650000, 石河子市, 659001, -, -",
            "河南省, 410000, 济源市, 419001, -, -",
            "海南省, 460000, 琼海市, 469002, -, -",
            "广东省, 440000, 东莞市, 441900, -, -",
            "海南省, 460000, 儋州市, 460400, -, -",
            "重庆市, 500000, 重庆市, 500200, 城口县, 500229"})
    void everyGbT2260LayoutIsAccepted(String province, String provinceCode, String city, String cityCode,
                                      String district, String districtCode) {
        ObjectNode o = address(province, provinceCode, city, cityCode, district, districtCode);
        CanonicalOrder read = CanonicalOrderReader.read(o.toString());
        assertThat(read.shippingAddress().cityCode()).isEqualTo(cityCode);
        assertThat(read.regionCode()).isEqualTo(districtCode != null ? districtCode : cityCode);
    }

    @ParameterizedTest(name = "{3} {5} -> {6}")
    @CsvSource(nullValues = "-", value = {
            "湖北省, 420000, 省直辖县级行政区划, 429000, -, -, shippingAddress.cityCode, county-level city",
            "湖北省, 420000, 天门市, 429006, 天门市, 429006, shippingAddress.districtCode, has no district",
            "湖北省, 420000, 天门市, 659001, -, -, shippingAddress.cityCode, not inside provinceCode",
            "湖北省, 420000, 武汉市, 420101, -, -, shippingAddress.cityCode, prefecture",
            "重庆市, 500000, 重庆市, 500100, 城口县, 500229, shippingAddress.districtCode, not inside cityCode"})
    void codesOutsideTheStructureAreRefused(String province, String provinceCode, String city, String cityCode,
                                            String district, String districtCode, String field, String reason) {
        ObjectNode o = address(province, provinceCode, city, cityCode, district, districtCode);
        InvalidOrderException e = catchThrowableOfType(InvalidOrderException.class,
                () -> CanonicalOrderReader.read(o.toString()));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.errors()).anySatisfy(fe -> {
            assertThat(fe.field()).isEqualTo(field);
            assertThat(fe.reason()).contains(reason);
        });
    }
}
