<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI document → plain reading text: corrections, regularisations and expansions applied, page
  furniture and editorial notes left out, one block a paragraph (blank line between), the
  certificates after the document, each introduced by its kind. No markup. Included by text.xsl
  (one document) and document.xsl (a batch: HTML and text in one transform); the includer supplies
  ed:cert-label (common/labels.xsl).

  Entry: the named template ed:plain-text, with a TEI document node as context item.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:ed="urn:tei-edition:render"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <xsl:param name="with-title" as="xs:boolean" select="true()"/>

  <!-- The plain text of the context document (a TEI document node). -->
  <xsl:template name="ed:plain-text">
    <xsl:variable name="title" select="normalize-space(/TEI/teiHeader/fileDesc/titleStmt/title[1])"/>
    <xsl:variable name="blocks" as="xs:string*">
      <xsl:if test="$with-title and $title ne ''">
        <xsl:sequence select="concat($title, '&#10;', replace($title, '.', '='))"/>
      </xsl:if>
      <xsl:apply-templates select="/TEI/text/(front, body)" mode="blocks"/>
      <xsl:for-each select="/TEI/text/back">
        <xsl:apply-templates mode="blocks"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:value-of select="string-join($blocks[. ne ''], '&#10;&#10;')"/>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <!-- Block level: each yields zero or more strings, one per block. -->
  <xsl:template match="front | body | back | div | lg | list | opener" mode="blocks">
    <xsl:apply-templates mode="blocks"/>
  </xsl:template>

  <xsl:template match="div[@type = 'certificate']" mode="blocks">
    <xsl:sequence select="concat('--- ', ed:cert-label(@subtype), ' ---')"/>
    <xsl:apply-templates mode="blocks"/>
  </xsl:template>

  <xsl:template match="closer" mode="blocks">
    <xsl:variable name="lines" as="xs:string*">
      <xsl:for-each-group select="node()" group-adjacent="boolean(self::signed | self::roleName | self::dateline | self::salute | self::stamp | self::p | self::seg | self::lb)">
        <xsl:choose>
          <xsl:when test="current-grouping-key()">
            <xsl:for-each select="current-group()[not(self::lb)]">
              <xsl:sequence select="ed:inline(.)"/>
            </xsl:for-each>
          </xsl:when>
          <xsl:otherwise><xsl:sequence select="ed:inline(current-group())"/></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each-group>
    </xsl:variable>
    <xsl:sequence select="string-join($lines[. ne ''], '&#10;')"/>
  </xsl:template>

  <xsl:template match="head | p | ab | dateline | stamp | l | item | note[not(@type = 'editorial')] | signed | salute | seg" mode="blocks">
    <xsl:sequence select="ed:inline(.)"/>
  </xsl:template>

  <xsl:template match="fw | pb | lb | note[@type = 'editorial'] | text()" mode="blocks"/>
  <xsl:template match="*" mode="blocks" priority="-1">
    <xsl:sequence select="ed:inline(.)"/>
  </xsl:template>

  <!-- Inline: the reading text of some nodes, white space normalised. -->
  <xsl:function name="ed:inline" as="xs:string">
    <xsl:param name="nodes" as="node()*"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates select="$nodes" mode="inline"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts, ''))"/>
  </xsl:function>

  <xsl:template match="text()" mode="inline"><xsl:sequence select="string(.)"/></xsl:template>
  <xsl:template match="fw | note[@type = 'editorial'] | choice/sic | choice/orig | choice/abbr" mode="inline"/>
  <xsl:template match="note[not(@type = 'editorial')]" mode="inline">
    <xsl:sequence select="concat(' [', if (@n) then concat(@n, ': ') else '', normalize-space(string-join(.//text()[not(ancestor::fw)], '')), '] ')"/>
  </xsl:template>
  <xsl:template match="pb | lb" mode="inline"><xsl:sequence select="' '"/></xsl:template>
  <xsl:template match="gap" mode="inline"><xsl:sequence select="if (desc) then string(desc) else '[…]'"/></xsl:template>
  <xsl:template match="g" mode="inline">
    <xsl:variable name="id" select="substring-after(@ref, '#')"/>
    <xsl:variable name="char" select="root(.)//charDecl/*[@xml:id = $id][1]"/>
    <xsl:variable name="hex" select="(for $s in ($char/mapping, $char/@n, $char/desc, $id)
        return replace(string($s), '^.*?(?:U\+|x|#x)?([0-9A-Fa-f]{2,6})\s*$', '$1')[matches(., '^[0-9A-Fa-f]{2,6}$')])[1]"/>
    <xsl:variable name="cp" select="if ($hex) then fold-left(string-to-codepoints(upper-case($hex)), 0, function($a, $c) { $a * 16 + (if ($c le 57) then $c - 48 else $c - 55) }) else -1"/>
    <xsl:sequence select="if (string(.) ne '') then string(.) else if ($cp ge 0 and $cp lt 32) then codepoints-to-string(9216 + $cp) else '&#xFFFD;'"/>
  </xsl:template>
  <xsl:template match="*" mode="inline">
    <xsl:apply-templates mode="inline"/>
  </xsl:template>
  <!-- A line of a closer ends with a space (one rule per element name: saxon-js finds rules by name). -->
  <xsl:template match="signed" mode="inline">
    <xsl:apply-templates mode="inline"/>
    <xsl:sequence select="' '"/>
  </xsl:template>
  <xsl:template match="roleName | dateline" mode="inline">
    <xsl:apply-templates mode="inline"/>
    <xsl:if test="parent::closer"><xsl:sequence select="' '"/></xsl:if>
  </xsl:template>
</xsl:stylesheet>
