<?xml version="1.0" encoding="UTF-8"?>
<!-- The frame every site page shares: head, skip link, banner with navigation, footer. Included. -->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  exclude-result-prefixes="#all">

  <xsl:param name="edition-title" as="xs:string" select="'Edition'"/>
  <xsl:param name="assets" as="xs:string" select="'assets'"/>

  <xsl:template name="html-page">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="lang" as="xs:string" select="'en'"/>
    <xsl:param name="body-class" as="xs:string" select="''"/>
    <xsl:param name="current" as="xs:string" select="''"/>
    <xsl:param name="scripts" as="xs:string*" select="()"/>
    <xsl:param name="content"/>
    <html lang="{$lang}">
      <xsl:call-template name="page-head">
        <xsl:with-param name="title" select="$title"/>
        <xsl:with-param name="scripts" select="$scripts"/>
      </xsl:call-template>
      <body class="{$body-class}">
        <xsl:call-template name="page-banner">
          <xsl:with-param name="current" select="$current"/>
        </xsl:call-template>
        <main id="main" tabindex="-1">
          <xsl:sequence select="$content"/>
        </main>
        <xsl:call-template name="page-footer"/>
      </body>
    </html>
  </xsl:template>

  <!-- The parts of html-page, for a page that writes its own frame around its content (the document
       page: a content parameter would be built as a temporary tree and then copied). -->
  <xsl:template name="page-head">
    <xsl:param name="title" as="xs:string"/>
    <xsl:param name="scripts" as="xs:string*" select="()"/>
    <head>
      <meta charset="utf-8"/>
      <meta name="viewport" content="width=device-width, initial-scale=1"/>
      <meta name="generator" content="tei-edition"/>
      <title><xsl:value-of select="if ($title eq $edition-title) then $title else concat($title, ' · ', $edition-title)"/></title>
      <link rel="stylesheet" href="{$assets}/edition.css"/>
      <xsl:for-each select="($scripts, concat($assets, '/edition.js'))">
        <script src="{.}" defer="defer"></script>
      </xsl:for-each>
    </head>
  </xsl:template>

  <!-- Skip link and banner with the edition's navigation ($current: the page marked aria-current). -->
  <xsl:template name="page-banner">
    <xsl:param name="current" as="xs:string" select="''"/>
    <a class="skip" href="#main">Skip to main content</a>
    <header class="site-banner">
      <a class="site-title" href="index.html"><xsl:value-of select="$edition-title"/></a>
      <nav aria-label="Edition">
        <ul>
          <xsl:for-each select="(['index','Documents'], ['persons','Persons'], ['places','Places'], ['orgs','Organisations'], ['dates','Chronology'], ['search','Search'])">
            <li>
              <a href="{?1}.html">
                <xsl:if test="?1 eq $current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if>
                <xsl:value-of select="?2"/>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </nav>
    </header>
  </xsl:template>

  <xsl:template name="page-footer">
    <footer class="site-footer">
      <p><xsl:value-of select="$edition-title"/>. Built with tei-edition from TEI P5 sources.</p>
    </footer>
  </xsl:template>
</xsl:stylesheet>
