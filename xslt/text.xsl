<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI document → plain reading text (one document a transform; see common/tei-text.xsl). The build
  renders batches through document.xsl, which produces the same text; this stylesheet is the
  fallback for a document whose HTML cannot be rendered.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:ed="urn:tei-edition:render"
  exclude-result-prefixes="#all">

  <xsl:include href="common/tei-text.xsl"/>
  <xsl:include href="common/labels.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <xsl:template match="/">
    <xsl:call-template name="ed:plain-text"/>
  </xsl:template>
</xsl:stylesheet>
