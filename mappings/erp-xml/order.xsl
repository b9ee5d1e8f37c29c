<?xml version="1.0" encoding="UTF-8"?>
<!-- One ERP <Order> -> canonical order, written in the XPath 3.1 XML representation of JSON
     (map/array/string/number elements with key attributes). An empty string element is left out.
     Codes (_status, _afterSale, hub SKU from Material, region codes) are resolved by the hub. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns="http://www.w3.org/2005/xpath-functions">
  <xsl:output method="xml" encoding="UTF-8"/>
  <xsl:param name="channel" select="'erp'"/>

  <xsl:template match="/Order">
    <map>
      <string key="channel"><xsl:value-of select="$channel"/></string>
      <string key="shopId"><xsl:value-of select="SalesOrg"/></string>
      <string key="channelOrderId"><xsl:value-of select="OrderNo"/></string>
      <string key="storeCode"><xsl:value-of select="Plant"/></string>
      <string key="_status"><xsl:value-of select="Status"/></string>
      <xsl:if test="normalize-space(Customer/CardNo) != ''">
        <map key="member"><string key="cardNo"><xsl:value-of select="Customer/CardNo"/></string></map>
      </xsl:if>
      <map key="buyer">
        <string key="name"><xsl:value-of select="Customer/Name"/></string>
        <string key="mobile"><xsl:value-of select="Customer/Mobile"/></string>
      </map>
      <xsl:if test="ShipTo/Province">
        <map key="shippingAddress">
          <string key="receiverName"><xsl:value-of select="ShipTo/Name"/></string>
          <string key="receiverMobile"><xsl:value-of select="ShipTo/Mobile"/></string>
          <string key="province"><xsl:value-of select="ShipTo/Province"/></string>
          <string key="city"><xsl:value-of select="ShipTo/City"/></string>
          <string key="district"><xsl:value-of select="ShipTo/District"/></string>
          <string key="detail"><xsl:value-of select="ShipTo/Street"/></string>
          <string key="postalCode"><xsl:value-of select="ShipTo/PostalCode"/></string>
        </map>
      </xsl:if>
      <array key="items">
        <xsl:for-each select="Items/Item">
          <map>
            <string key="channelSku"><xsl:value-of select="Material"/></string>
            <string key="name"><xsl:value-of select="Description"/></string>
            <number key="quantity"><xsl:value-of select="Quantity"/></number>
            <string key="unitPrice"><xsl:value-of select="NetPrice"/></string>
            <string key="discount"><xsl:value-of select="Discount"/></string>
            <string key="lineTotal"><xsl:value-of select="NetAmount"/></string>
            <string key="_afterSale">
              <xsl:choose>
                <xsl:when test="normalize-space(ReturnStatus) != ''"><xsl:value-of select="ReturnStatus"/></xsl:when>
                <xsl:otherwise>NONE</xsl:otherwise>
              </xsl:choose>
            </string>
          </map>
        </xsl:for-each>
      </array>
      <map key="amounts">
        <string key="currency"><xsl:value-of select="Currency"/></string>
        <string key="goods"><xsl:value-of select="NetValue"/></string>
        <string key="shipping"><xsl:value-of select="Freight"/></string>
        <string key="discount"><xsl:value-of select="HeaderDiscount"/></string>
        <string key="paid"><xsl:value-of select="Payable"/></string>
      </map>
      <string key="createdAt"><xsl:value-of select="Created"/></string>
      <string key="platformModifiedAt">
        <xsl:choose>
          <xsl:when test="normalize-space(Changed) != ''"><xsl:value-of select="Changed"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="Created"/></xsl:otherwise>
        </xsl:choose>
      </string>
      <string key="buyerRemark"><xsl:value-of select="Remark"/></string>
    </map>
  </xsl:template>
</xsl:stylesheet>
