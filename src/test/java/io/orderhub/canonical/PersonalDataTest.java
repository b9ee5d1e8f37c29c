package io.orderhub.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which fields are personal, and masks that keep no more than the platforms' own masks do. */
class PersonalDataTest {

    @Test
    void namesPhonesAddressesAndCardsArePersonalGoodsAndRegionsAreNot() {
        for (String f : new String[] {"buyer.name", "buyer.mobile", "shippingAddress.receiverName", "shippingAddress.detail",
                "member.cardNo", "收货人", "手机号", "详细地址", "会员卡号", "CardNo", "Mobile", "receiver_address", "ShipTo/Street"}) {
            assertThat(PersonalData.isPersonal(f)).as(f).isTrue();
        }
        for (String f : new String[] {"items[0].name", "商品名称", "GoodsName", "shippingAddress.province", "shippingAddress.city",
                "数量", "实付金额", "下单时间", "amounts.paid", "省", "channelOrderId", null}) {
            assertThat(PersonalData.isPersonal(f)).as(f).isFalse();
        }
    }

    @Test
    void masksKeepWhatPlatformMasksKeep() {
        assertThat(PersonalData.mask("13800138000")).isEqualTo("138****8000");
        assertThat(PersonalData.mask("880192837465")).isEqualTo("880*****7465");
        assertThat(PersonalData.mask("张晓明")).isEqualTo("张**");
        assertThat(PersonalData.mask("世纪大道100号 20楼 2001室")).isEqualTo("世********");
        assertThat(PersonalData.mask("12345")).isEqualTo("****5");
        assertThat(PersonalData.mask(null)).isNull();
        assertThat(PersonalData.maskIfPersonal("手机号", "13800138000x")).doesNotContain("13800138000");
        assertThat(PersonalData.maskIfPersonal("数量", "two")).isEqualTo("two");
    }
}
