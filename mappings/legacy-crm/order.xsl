<?xml version="1.0" encoding="UTF-8"?>
<!-- One legacy CRM <Order> (QueryOrdersSince) -> canonical order, in the XPath 3.1 XML representation
     of JSON. Money: the legacy CRM counts fen (integers); yuan are written by moving the decimal
     point in the text, never through a number, so every amount is exact. Times: yyyyMMddHHmmss in
     the legacy CRM's head-office time (Asia/Shanghai, no daylight saving: +08:00).
     Codes: OrderStatus and AfterSaleStatus are looked up by the hub in channel.yaml; SkuCode in the
     hub's scheme (SKU-...) is the hub SKU, an older article code is looked up in skus.csv (channel
     legacy-crm); SourceCode -> channel is the table below (mappings/legacy/legacy-crm.yaml's codes):
     an order with a source code missing here is parked with that reason, never given a default channel. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:crm="http://ws.crm.legacy/pos/2012"
                xmlns="http://www.w3.org/2005/xpath-functions"
                exclude-result-prefixes="crm">
  <xsl:output method="xml" encoding="UTF-8"/>

  <xsl:template match="/crm:Order">
    <xsl:variable name="channel">
      <xsl:choose>
        <xsl:when test="crm:SourceCode = 'SHP'">shopify</xsl:when>
        <xsl:when test="crm:SourceCode = 'WOO'">woocommerce</xsl:when>
        <xsl:when test="crm:SourceCode = 'TB'">taobao</xsl:when>
        <xsl:when test="crm:SourceCode = 'TM'">tmall</xsl:when>
        <xsl:when test="crm:SourceCode = 'JD'">jd</xsl:when>
        <xsl:when test="crm:SourceCode = 'PDD'">pinduoduo</xsl:when>
        <xsl:when test="crm:SourceCode = 'POS'">pos</xsl:when>
        <xsl:when test="crm:SourceCode = 'CRM'">legacy-crm</xsl:when>
        <xsl:when test="crm:SourceCode = 'API'">api</xsl:when>
        <xsl:when test="crm:SourceCode = 'ERP'">erp</xsl:when>
        <xsl:when test="crm:SourceCode = 'WX'">wechat-shop</xsl:when>
      </xsl:choose>
    </xsl:variable>
    <map>
      <string key="channel"><xsl:value-of select="$channel"/></string>
      <string key="shopId"><xsl:value-of select="crm:ShopCode"/></string>
      <string key="channelOrderId"><xsl:value-of select="crm:ExtOrderNo"/></string>
      <string key="storeCode"><xsl:value-of select="crm:StoreCode"/></string>
      <string key="regionCode"><xsl:value-of select="crm:RegionCode"/></string>
      <string key="_status">
        <xsl:choose>
          <xsl:when test="$channel != ''"><xsl:value-of select="crm:OrderStatus"/></xsl:when>
          <!-- no channel: a status no table has, so the hub parks the order with this text as its
               reason (an XSLT 1.0 processor drops xsl:message text from the error it raises) -->
          <xsl:otherwise>legacy source code '<xsl:value-of select="crm:SourceCode"/>' has no channel in mappings/legacy-crm/order.xsl</xsl:otherwise>
        </xsl:choose>
      </string>
      <xsl:if test="normalize-space(crm:CardNo) != ''">
        <map key="member"><string key="cardNo"><xsl:value-of select="crm:CardNo"/></string></map>
      </xsl:if>
      <array key="items">
        <xsl:for-each select="crm:Lines/crm:Line">
          <map>
            <xsl:choose>
              <xsl:when test="starts-with(crm:SkuCode, 'SKU-')">
                <string key="hubSku"><xsl:value-of select="crm:SkuCode"/></string>
              </xsl:when>
              <xsl:otherwise>
                <string key="channelSku"><xsl:value-of select="crm:SkuCode"/></string>
              </xsl:otherwise>
            </xsl:choose>
            <string key="name"><xsl:value-of select="crm:GoodsName"/></string>
            <number key="quantity"><xsl:value-of select="crm:Qty"/></number>
            <string key="unitPrice"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="crm:Price"/></xsl:call-template></string>
            <string key="discount"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="crm:DiscAmt"/></xsl:call-template></string>
            <string key="lineTotal"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="crm:LineAmt"/></xsl:call-template></string>
            <string key="_afterSale">
              <xsl:choose>
                <xsl:when test="normalize-space(crm:AfterSaleStatus) != ''"><xsl:value-of select="crm:AfterSaleStatus"/></xsl:when>
                <xsl:otherwise>0</xsl:otherwise>
              </xsl:choose>
            </string>
          </map>
        </xsl:for-each>
      </array>
      <map key="amounts">
        <string key="currency">CNY</string>
        <string key="goods"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="crm:GoodsAmt"/></xsl:call-template></string>
        <string key="shipping"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="crm:FreightAmt"/></xsl:call-template></string>
        <string key="discount"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="crm:DiscAmt"/></xsl:call-template></string>
        <string key="paid"><xsl:call-template name="yuan"><xsl:with-param name="fen" select="crm:PayAmt"/></xsl:call-template></string>
      </map>
      <xsl:if test="normalize-space(crm:PayType) != '' or normalize-space(crm:PayNo) != ''">
        <map key="payment">
          <string key="method"><xsl:value-of select="crm:PayType"/></string>
          <string key="transactionId"><xsl:value-of select="crm:PayNo"/></string>
        </map>
      </xsl:if>
      <string key="createdAt"><xsl:call-template name="time"><xsl:with-param name="ts" select="crm:OrderTime"/></xsl:call-template></string>
      <string key="paidAt"><xsl:call-template name="time"><xsl:with-param name="ts" select="crm:PayTime"/></xsl:call-template></string>
      <string key="platformModifiedAt"><xsl:call-template name="time"><xsl:with-param name="ts" select="crm:UpdateTime"/></xsl:call-template></string>
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
