<?xml version="1.0" encoding="UTF-8"?>
<!-- Labels shared by the HTML page (common/tei-html.xsl) and the plain text (common/tei-text.xsl). Included once. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:ed="urn:tei-edition:render"
  exclude-result-prefixes="#all">

  <!-- The kind of a certificate (TEI div/@subtype, custEvent/@type) as readers name it. -->
  <xsl:function name="ed:cert-label" as="xs:string">
    <xsl:param name="type" as="xs:string?"/>
    <xsl:sequence select="(map{
      'copy':'Certificate of copy', 'translation':'Certificate of translation',
      'source':'Certificate of source and authenticity', 'oath':'Oath', 'authentication':'Authentication',
      'other':'Certificate'}(string($type)), 'Certificate')[1]"/>
  </xsl:function>
</xsl:stylesheet>
