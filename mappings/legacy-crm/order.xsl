<?xml version="1.0" encoding="UTF-8"?>
<!-- One legacy CRM <Order> (QueryOrdersSince) -> canonical order, in the XPath 3.1 XML representation
     of JSON. Money: the legacy CRM counts fen (integers); yuan are written by moving the decimal
     point in the text, never through a number, so every amount is exact. Elements are matched by local name: the poll hands over the contract's namespaced <Order>, a
     file split by FileRecords the same without namespace. Times: yyyyMMddHHmmss in
     the legacy CRM's head-office time (Asia/Shanghai, no daylight saving: +08:00).
     Codes: OrderStatus and AfterSaleStatus are looked up by the hub in channel.yaml; SkuCode in the
     hub's scheme (SKU-...) is the hub SKU, an older article code is looked up in skus.csv (channel
     legacy-crm); SourceCode -> channel is the table below (mappings/legacy/legacy-crm.yaml's codes):
     an order with a source code missing here is parked with that reason, never given a default channel. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns="http://www.w3.org/2005/xpath-functions">
  <xsl:output method="xml" encoding="UTF-8"/>

  <xsl:template match="/*[local-name() = 'Order']">
    <xsl:variable name="channel">
      <xsl:choose>
        <xsl:when test="*[local-name() = 'SourceCode'] = 'SHP'">shopify</xsl:when>
        <xsl:when test="*[local-name() = 'SourceCode'] = 'WOO'">woocommerce</xsl:when>
        <xsl:when test="*[local-name() = 'SourceCode'] = 'TB'">taobao</xsl:when>
        <xsl:when test="*[local-name() = 'SourceCode'] = 'TM'">tmall</xsl:when>
        <xsl:when test="*[local-name() = 'SourceCode'] = 'JD'">jd</xsl:when>
        <xsl:when test="*[local-name() = 'SourceCode'] = 'PDD'">pinduoduo</xsl:when>
        <xsl:when test="*[local-name() = 'SourceCode'] = 'POS'">pos</xsl:when>
        <xsl:when test="*[local-name() = 'SourceCode'] = 'CRM'">legacy-crm</xsl:when>
        <xsl:when test="*[local-name() = 'SourceCode'] = 'API'">api</xsl:when>
        <xsl:when test="*[local-name() = 'SourceCode'] = 'ERP'">erp</xsl:when>
        <xsl:when test="*[local-name() = 'SourceCode'] = 'WX'">wechat-shop</xsl:when>
      </xsl:choose>
    </xsl:variable>
    <map>
      <string key="channel"><xsl:value-of select="$channel"/></string>
      <string key="shopId"><xsl:value-of select="*[local-name() = 'ShopCode']"/></string>
      <string key="channelOrderId"><xsl:value-of select="*[local-name() = 'ExtOrderNo']"/></string>
      <string key="storeCode"><xsl:value-of select="*[local-name() = 'StoreCode']"/></string>
      <string key="regionCode"><xsl:value-of select="*[local-name() = 'RegionCode']"/></string>
      <string key="_status">
        <xsl:choose>
          <xsl:when test="$channel != ''"><xsl:value-of select="*[local-name() = 'OrderStatus']"/></xsl:when>
          <!-- no channel: a status no table has, so the hub parks the order with this text as its
               reason (an XSLT 1.0 processor drops xsl:message text from the error it raises) -->
          <xsl:otherwise>legacy source code '<xsl:value-of select="*[local-name() = 'SourceCode']"/>' has no channel in mappings/legacy-crm/order.xsl</xsl:otherwise>
        </xsl:choose>
      </string>
      <xsl:if test="normalize-space(*[local-name() = 'CardNo']) != ''">
        <map key="member"><string key="cardNo"><xsl:value-of select="*[local-name() = 'CardNo']"/></string></map>
      </xsl:if>
      <array key="items">
        <xsl:for-each select="*[local-name() = 'Lines']/*[local-name() = 'Line']">
          <map>
            <xsl:choose>
              <xsl:when test="starts-with(*[local-name() = 'SkuCode'], 'SKU-')">
                <string key="hubSku"><xsl:value-of select="*[local-name() = 'SkuCode']"/></string>
              </xsl:when>
              <xsl:otherwise>
                <string key="channelSku"><xsl:value-of select="*[local-name() = 'SkuCode']"/></string>
              </xsl:otherwise>
            </xsl:choose>
            <string key="name"><xsl:value-of select="*[local-name() = 'GoodsName']"/></string>
            <number key="quantity"><xsl:value-of select="*[local-name() = 'Qty']"/></number>
            <string key="unitPrice"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="*[local-name() = 'Price']"/></xsl:call-template></string>
            <string key="discount"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="*[local-name() = 'DiscAmt']"/></xsl:call-template></string>
            <string key="lineTotal"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="*[local-name() = 'LineAmt']"/></xsl:call-template></string>
            <string key="_afterSale">
              <xsl:choose>
                <xsl:when test="normalize-space(*[local-name() = 'AfterSaleStatus']) != ''"><xsl:value-of select="*[local-name() = 'AfterSaleStatus']"/></xsl:when>
                <xsl:otherwise>0</xsl:otherwise>
              </xsl:choose>
            </string>
          </map>
        </xsl:for-each>
      </array>
      <map key="amounts">
        <string key="currency">CNY</string>
        <string key="goods"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="*[local-name() = 'GoodsAmt']"/></xsl:call-template></string>
        <string key="shipping"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="*[local-name() = 'FreightAmt']"/></xsl:call-template></string>
        <string key="discount"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="*[local-name() = 'DiscAmt']"/></xsl:call-template></string>
        <string key="paid"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="*[local-name() = 'PayAmt']"/></xsl:call-template></string>
      </map>
      <xsl:if test="normalize-space(*[local-name() = 'PayType']) != '' or normalize-space(*[local-name() = 'PayNo']) != ''">
        <map key="payment">
          <string key="method"><xsl:value-of select="*[local-name() = 'PayType']"/></string>
          <string key="transactionId"><xsl:value-of select="*[local-name() = 'PayNo']"/></string>
        </map>
      </xsl:if>
      <string key="createdAt"><xsl:call-template name="time"><xsl:with-param name="ts" select="*[local-name() = 'OrderTime']"/></xsl:call-template></string>
      <string key="paidAt"><xsl:call-template name="time"><xsl:with-param name="ts" select="*[local-name() = 'PayTime']"/></xsl:call-template></string>
      <string key="platformModifiedAt"><xsl:call-template name="time"><xsl:with-param name="ts" select="*[local-name() = 'UpdateTime']"/></xsl:call-template></string>
    </map>
  </xsl:template>

  <!-- fen (an integer, maybe negative) as yuan with two places, by moving the point in the text:
       7 -> 0.07, 1290 -> 12.90, -5 -> -0.05 -->
  <xsl:template name="yuan">
    <xsl:param name="fen"/>
    <xsl:variable name="digits" select="translate(normalize-space($fen), '-', '')"/>
    <xsl:variable name="padded" select="concat(substring('00', 1, 3 - string-length($digits)), $digits)"/>
    <xsl:if test="starts-with(normalize-space($fen), '-')">-</xsl:if>
    <xsl:value-of select="concat(substring($padded, 1, string-length($padded) - 2), '.', substring($padded, string-length($padded) - 1))"/>
  </xsl:template>

  <!-- yyyyMMddHHmmss legacy local time -> ISO-8601 with the head office's offset; empty stays empty -->
  <xsl:template name="time">
    <xsl:param name="ts"/>
    <xsl:variable name="t" select="normalize-space($ts)"/>
    <xsl:if test="string-length($t) = 14">
      <xsl:value-of select="concat(substring($t, 1, 4), '-', substring($t, 5, 2), '-', substring($t, 7, 2), 'T',
          substring($t, 9, 2), ':', substring($t, 11, 2), ':', substring($t, 13, 2), '+08:00')"/>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
