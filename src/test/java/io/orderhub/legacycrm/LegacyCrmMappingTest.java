package io.orderhub.legacycrm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.orderhub.canonical.CanonicalOrder;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import io.orderhub.channels.ChannelMappings;
import io.orderhub.channels.UnmappableOrderException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * mappings/legacy-crm/ over a QueryOrdersSince {@code <Order>} written out by hand as the WSDL
 * (connectors/legacy-crm/LegacyCrmPos.wsdl, OrderInfo) defines it; the expected figures are worked
 * by hand (fen / 100, two places).
 */
class LegacyCrmMappingTest {

    static final ChannelMappings MAPPINGS = new ChannelMappings(List.of("classpath*:mappings/"));

    static String order(String sourceCode, String sku2) {
        return """
                <Order xmlns="http://ws.crm.legacy/pos/2012">
                  <OrderNo>SO2026112200000042</OrderNo>
                  <SourceCode>%s</SourceCode>
                  <ShopCode>SH-STORES</ShopCode>
                  <ExtOrderNo>POS01-T77</ExtOrderNo>
                  <StoreCode>SH0001</StoreCode>
                  <RegionCode>310000</RegionCode>
                  <CardNo>88001234567</CardNo>
                  <OrderStatus>30</OrderStatus>
                  <GoodsAmt>18090</GoodsAmt>
                  <FreightAmt>7</FreightAmt>
                  <DiscAmt>2000</DiscAmt>
                  <PayAmt>16097</PayAmt>
                  <PayType>WECHAT</PayType>
                  <PayNo>4200001234202611221234567890</PayNo>
                  <OrderTime>20261122101530</OrderTime>
                  <PayTime>20261122101602</PayTime>
                  <UpdateTime>20261122140000</UpdateTime>
                  <Lines>
                    <Line><LineNo>1</LineNo><SkuCode>SKU-100234</SkuCode><GoodsName>保温杯 500ml</GoodsName><Qty>2</Qty>
                      <Price>8900</Price><DiscAmt>1000</DiscAmt><LineAmt>16800</LineAmt><AfterSaleStatus>3</AfterSaleStatus></Line>
                    <Line><LineNo>2</LineNo><SkuCode>%s</SkuCode><GoodsName>杯刷 两支装</GoodsName><Qty>1</Qty>
                      <Price>1290</Price><DiscAmt>0</DiscAmt><LineAmt>1290</LineAmt></Line>
                  </Lines>
                </Order>
                """.formatted(sourceCode, sku2);
    }

    @Test
    void aLegacyOrderBecomesACanonicalOrderWithExactYuanAndHeadOfficeTime() {
        CanonicalOrder o = MAPPINGS.toCanonical("legacy-crm", null, order("POS", "SKU-200871"));

        assertThat(o.channel()).isEqualTo("pos");
        assertThat(o.sourceSystem()).isEqualTo("legacy-crm");
        assertThat(o.shopId()).isEqualTo("SH-STORES");
        assertThat(o.channelOrderId()).isEqualTo("POS01-T77");
        assertThat(o.status()).hasToString("PREPARING");
        assertThat(o.member().cardNo()).isEqualTo("88001234567");
        assertThat(o.storeCode()).isEqualTo("SH0001");
        assertThat(o.regionCode()).isEqualTo("310000");
        var a = o.amounts();
        assertThat(List.of(a.goods(), a.shipping(), a.discount(), a.paid())).extracting(BigDecimal::toPlainString)
                .containsExactly("180.90", "0.07", "20.00", "160.97");
        var l1 = o.items().get(0);
        assertThat(l1.hubSku()).isEqualTo("SKU-100234");
        assertThat(l1.quantity()).isEqualTo(2);
        assertThat(List.of(l1.unitPrice(), l1.discount(), l1.lineTotal())).extracting(BigDecimal::toPlainString)
                .containsExactly("89.00", "10.00", "168.00");
        assertThat(l1.afterSaleStatus()).hasToString("REFUNDED");
        assertThat(o.items().get(1).afterSaleStatus()).hasToString("NONE");
        assertThat(o.items().get(1).unitPrice().toPlainString()).isEqualTo("12.90");
        assertThat(o.createdAt()).isEqualTo(OffsetDateTime.parse("2026-11-22T10:15:30+08:00").toInstant());
        assertThat(o.paidAt()).isEqualTo(OffsetDateTime.parse("2026-11-22T10:16:02+08:00").toInstant());
        assertThat(o.platformModifiedAt()).isEqualTo(OffsetDateTime.parse("2026-11-22T14:00:00+08:00").toInstant());
        assertThat(o.payment().method()).isEqualTo("WECHAT");
    }

    @Test
    void anOldArticleCodeIsLookedUpInSkusCsvAndWithoutARowTheOrderNeedsAttention() {
        assertThatThrownBy(() -> MAPPINGS.toCanonical("legacy-crm", null, order("POS", "ART-0815")))
                .isInstanceOf(UnmappableOrderException.class)
                .satisfies(e -> assertThat(((UnmappableOrderException) e).reasons()).anyMatch(r -> r.contains("ART-0815")));
    }

    @Test
    void aSourceCodeWithoutAChannelIsRefusedNeverDefaulted() {
        assertThatThrownBy(() -> MAPPINGS.toCanonical("legacy-crm", null, order("ZZ", "SKU-200871")))
                .isInstanceOf(UnmappableOrderException.class)
                .satisfies(e -> assertThat(((UnmappableOrderException) e).reasons()).anyMatch(r -> r.contains("'ZZ' has no channel")));
    }
}
