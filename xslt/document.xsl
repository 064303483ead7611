<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI document → HTML document page (target "site"), or → one <section> of the print edition
  (target "print"). TEI P5 as written by the converter (shared ENCODING.md).

  Two ways in:
  - the source document, one page a transform (match="/"; the print edition and single pages);
  - a batch (initial template ed:batch): $batch holds the TEI documents as text, $batch-names their
    file stems, $batch-prev … $batch-next-title their neighbours (one item per document, '' for
    none); each document's page goes to the result document "N.html" and its plain text
    (common/tei-text.xsl) to "N.txt", N its position in the batch, as $outputs asks. SaxonJS prepares
    a stylesheet on every transform call, so a batch pays that once for all its documents.

  Parameters besides those of common/tei-html.xsl:
    name            file stem (NAME.xml / NAME.txt downloads)
    edition-title   the edition's title (banner, <title>)
    prev, next      file stems of the previous and next document ('' for none)
    prev-title, next-title
    assets          path of the assets folder relative to the page ('assets')
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:ed="urn:tei-edition:render"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <xsl:include href="common/tei-html.xsl"/>
  <xsl:include href="common/tei-text.xsl"/>
  <xsl:include href="common/labels.xsl"/>
  <xsl:include href="common/site-chrome.xsl"/>

  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"/>
  <!-- The document page (batch output, also for one page alone: src/render/index.ts). No URI
       escaping of href/src: every URI the page writes is ASCII already (file stems through
       encode-for-uri, anchors through ed:anchor, fixed asset paths), and saxon-js's escaping pass
       costs a large share of the page's serialisation. The principal output (print edition, whose
       anchors carry the file stem) keeps it. -->
  <xsl:output name="page" method="html" html-version="5" encoding="UTF-8" indent="no" escape-uri-attributes="no"/>
  <xsl:output name="text" method="text" encoding="UTF-8"/>

  <xsl:param name="name" as="xs:string" select="string(/TEI/@xml:id)"/>
  <xsl:param name="prev" as="xs:string" select="''"/>
  <xsl:param name="next" as="xs:string" select="''"/>
  <xsl:param name="prev-title" as="xs:string" select="''"/>
  <xsl:param name="next-title" as="xs:string" select="''"/>

  <xsl:param name="batch-names" as="xs:string*" select="()"/>
  <xsl:param name="batch-prev" as="xs:string*" select="()"/>
  <xsl:param name="batch-next" as="xs:string*" select="()"/>
  <xsl:param name="batch-prev-title" as="xs:string*" select="()"/>
  <xsl:param name="batch-next-title" as="xs:string*" select="()"/>
  <!-- What a batch produces per document: 'html', 'text' or both. -->
  <xsl:param name="outputs" as="xs:string*" select="('html', 'text')"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$target eq 'print'"><xsl:call-template name="print-section"><xsl:with-param name="name" select="$name"/></xsl:call-template></xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="page">
          <xsl:with-param name="name" select="$name"/>
          <xsl:with-param name="prev" select="$prev"/>
          <xsl:with-param name="next" select="$next"/>
          <xsl:with-param name="prev-title" select="$prev-title"/>
          <xsl:with-param name="next-title" select="$next-title"/>
        </xsl:call-template>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="ed:batch">
    <xsl:for-each select="$documents">
      <xsl:variable name="i" select="position()"/>
      <xsl:if test="$outputs = 'html'">
        <xsl:result-document href="{$i}.html" format="page">
          <xsl:call-template name="page">
            <xsl:with-param name="name" select="$batch-names[$i]"/>
            <xsl:with-param name="prev" select="$batch-prev[$i]"/>
            <xsl:with-param name="next" select="$batch-next[$i]"/>
            <xsl:with-param name="prev-title" select="$batch-prev-title[$i]"/>
            <xsl:with-param name="next-title" select="$batch-next-title[$i]"/>
          </xsl:call-template>
        </xsl:result-document>
      </xsl:if>
      <xsl:if test="$outputs = 'text'">
        <xsl:result-document href="{$i}.txt" format="text">
          <xsl:call-template name="ed:plain-text"/>
        </xsl:result-document>
      </xsl:if>
    </xsl:for-each>
  </xsl:template>

  <!-- The document's title (the first non-empty title of the titleStmt, else its file stem). -->
  <xsl:function name="ed:doc-title" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:param name="name" as="xs:string"/>
    <xsl:sequence select="($doc/TEI/teiHeader/fileDesc/titleStmt/title[normalize-space()][1]/normalize-space(), $name)[1]"/>
  </xsl:function>

  <xsl:function name="ed:lang" as="xs:string">
    <xsl:param name="doc" as="document-node()"/>
    <xsl:sequence select="($doc/TEI/@xml:lang, $doc/TEI/text/@xml:lang, 'en')[1]"/>
  </xsl:function>

  <!-- The document page of the context document. -->
  <xsl:template name="page">
    <xsl:param name="name" as="xs:string"/>
    <xsl:param name="prev" as="xs:string"/>
    <xsl:param name="next" as="xs:string"/>
    <xsl:param name="prev-title" as="xs:string"/>
    <xsl:param name="next-title" as="xs:string"/>
    <xsl:variable name="doc-title" select="ed:doc-title(/, $name)"/>
    <!-- The frame of common/site-chrome.xsl's html-page, written here around the content. -->
    <html lang="{ed:lang(/)}">
      <xsl:call-template name="page-head">
        <xsl:with-param name="title" select="$doc-title"/>
      </xsl:call-template>
      <body class="page-document view-reading">
        <xsl:call-template name="page-banner"/>
        <main id="main" tabindex="-1">
          <article class="document" aria-labelledby="doc-title">
            <header class="doc-head">
              <h1 id="doc-title"><xsl:value-of select="$doc-title"/></h1>
              <xsl:call-template name="metadata"/>
              <div class="tools" role="group" aria-label="View and downloads">
                <button type="button" id="view-toggle" class="view-toggle" aria-pressed="false" hidden="hidden">Show diplomatic view</button>
                <a class="download" href="{encode-for-uri($name)}.xml" download="{$name}.xml">TEI XML</a>
                <a class="download" href="{encode-for-uri($name)}.txt" download="{$name}.txt">Plain text</a>
              </div>
              <p class="view-note" id="view-note">Reading view: corrections applied, page furniture hidden.</p>
            </header>
            <section class="text" aria-label="Text of the document">
              <xsl:apply-templates select="/TEI/text" mode="body"/>
            </section>
            <xsl:if test="/TEI/text/back/div[@type = 'certificate'] or /TEI/text/back/*">
              <section class="apparatus" aria-labelledby="app-h">
                <h2 id="app-h">Certification apparatus</h2>
                <xsl:apply-templates select="/TEI/text/back/node()"/>
              </section>
            </xsl:if>
            <xsl:call-template name="apparatus-notes"/>
            <xsl:call-template name="provenance"/>
          </article>
          <xsl:if test="$prev ne '' or $next ne ''">
            <nav class="prevnext" aria-label="Previous and next document">
              <xsl:if test="$prev ne ''">
                <a rel="prev" href="{encode-for-uri($prev)}.html"><span aria-hidden="true">← </span>Previous: <xsl:value-of select="($prev-title[. ne ''], $prev)[1]"/></a>
              </xsl:if>
              <xsl:if test="$next ne ''">
                <a rel="next" href="{encode-for-uri($next)}.html">Next: <xsl:value-of select="($next-title[. ne ''], $next)[1]"/><span aria-hidden="true"> →</span></a>
              </xsl:if>
            </nav>
          </xsl:if>
        </main>
        <xsl:call-template name="page-footer"/>
      </body>
    </html>
  </xsl:template>

  <!-- One document of the print edition: a named page (running head) and anchors prefixed by NAME-. -->
  <xsl:template name="print-section">
    <xsl:param name="name" as="xs:string"/>
    <xsl:variable name="doc-title" select="ed:doc-title(/, $name)"/>
    <section class="print-doc" id="{$id-prefix}doc" lang="{ed:lang(/)}">
      <h1 class="print-title"><xsl:value-of select="$doc-title"/></h1>
      <xsl:call-template name="metadata"/>
      <div class="text">
        <xsl:apply-templates select="/TEI/text" mode="body"/>
      </div>
      <xsl:if test="/TEI/text/back/*">
        <div class="apparatus">
          <xsl:apply-templates select="/TEI/text/back/node()"/>
        </div>
      </xsl:if>
      <xsl:call-template name="apparatus-notes"/>
      <xsl:call-template name="provenance"/>
    </section>
  </xsl:template>
</xsl:stylesheet>
