<?xml version="1.0" encoding="UTF-8"?>
<!--
  Collection XML (src/render/collection.ts) → a site page: the document table (index.html), an
  index of persons, places or organisations, the chronology of dates, or the search page.
  The input is already escaped data; this stylesheet only lays it out.
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:ed="urn:tei-edition:render"
  exclude-result-prefixes="#all">

  <xsl:include href="common/site-chrome.xsl"/>
  <xsl:output method="html" html-version="5" encoding="UTF-8" indent="no"/>

  <xsl:variable name="labels" select="map{'person':'Persons','place':'Places','org':'Organisations'}"/>
  <xsl:variable name="idno-labels" select="map{'exhibit':'Exh.','defenseDocument':'Def. Doc.','document':'Doc.','number':'No.'}"/>
  <xsl:variable name="cert-labels" select="map{'copy':'copy','translation':'translation','source':'source','oath':'oath','authentication':'authentication','other':'other'}"/>

  <!-- Print edition (src/render/pdf.ts): front matter and indexes with page numbers. -->
  <xsl:param name="print" as="xs:boolean" select="false()"/>
  <!-- JSON {"destination id": page number}; empty in the measuring pass, where "000" holds the place. -->
  <xsl:param name="pages" as="xs:string" select="'{}'"/>
  <xsl:variable name="page-of" as="map(*)" select="parse-json($pages)"/>

  <!-- Several pages in one call (src/render/site.ts renderPages): each string of $batch is the XML of
       a page, written as result document N.html (N = its position), so SaxonJS prepares the
       stylesheet once per batch rather than once per page. -->
  <xsl:param name="batch" as="xs:string*" select="()"/>
  <xsl:template name="batch">
    <xsl:for-each select="$batch">
      <xsl:result-document href="{position()}.html">
        <xsl:apply-templates select="parse-xml(.)/edition"/>
      </xsl:result-document>
    </xsl:for-each>
  </xsl:template>

  <!-- A frame (src/render/collection.ts frameXml, framePage): an empty page whose content is a slot,
       which the index pages, laid out in TypeScript, are put into; its title may be a placeholder. -->
  <xsl:template match="/edition[frame]" priority="3">
    <xsl:call-template name="html-page">
      <xsl:with-param name="title" select="string(frame/@title)"/>
      <xsl:with-param name="lang" select="string(@lang)"/>
      <xsl:with-param name="body-class" select="concat('page-', @page)"/>
      <xsl:with-param name="current" select="string(@page)"/>
      <xsl:with-param name="content"><xsl:comment select="'slot:0'"/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="/edition[$print]" priority="2">
    <xsl:apply-templates select="." mode="print"/>
  </xsl:template>

  <xsl:template match="/edition">
    <xsl:variable name="title" select="if (@page eq 'index') then string(title)
      else if (index/@label) then concat($labels(string(index/@type)), ': ', index/@label)
      else if (index) then $labels(string(index/@type))
      else if (chronology/@label) then concat('Chronology: ', chronology/@label)
      else if (chronology) then 'Chronology' else 'Search'"/>
    <xsl:call-template name="html-page">
      <xsl:with-param name="title" select="$title"/>
      <xsl:with-param name="lang" select="string(@lang)"/>
      <xsl:with-param name="body-class" select="concat('page-', @page)"/>
      <xsl:with-param name="current" select="string(@page)"/>
      <xsl:with-param name="scripts" select="if (@page eq 'search') then ($assets || '/minisearch.js', (0 to xs:integer((search/@shards, 1)[1]) - 1) ! ('search-index-' || format-integer(., '00') || '.js'), $assets || '/search.js') else ()"/>
      <xsl:with-param name="content">
        <xsl:apply-templates select="." mode="page"/>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- ===== index.html: the collection ===== -->
  <xsl:template match="edition[@page = 'index']" mode="page">
    <header class="collection-head">
      <h1><xsl:value-of select="title"/></h1>
      <xsl:for-each select="subtitle"><p class="subtitle"><xsl:value-of select="."/></p></xsl:for-each>
      <xsl:if test="editor">
        <p class="editors">Edited by <xsl:value-of select="string-join(editor, ', ')"/></p>
      </xsl:if>
      <xsl:for-each select="description"><p><xsl:value-of select="."/></p></xsl:for-each>
      <p class="counts">
        <strong><xsl:value-of select="documents/@count"/></strong> documents ·
        <strong><xsl:value-of select="stats/@certificates"/></strong> certificates ·
        indexes of <a href="persons.html">persons</a>, <a href="places.html">places</a>, <a href="orgs.html">organisations</a> and <a href="dates.html">dates</a>
      </p>
      <p class="downloads"><a href="edition.txt">Whole edition as plain text</a> · <a href="edition.pdf">Print edition (PDF)</a></p>
    </header>
    <section aria-labelledby="docs-h">
      <h2 id="docs-h">Documents</h2>
      <div class="filter">
        <label for="doc-filter">Filter documents</label>
        <input type="search" id="doc-filter" data-filter="#doc-table" placeholder="title, date, identifier, kind…" autocomplete="off"/>
        <span class="filter-count" aria-live="polite" id="doc-count"><xsl:value-of select="documents/@count"/> documents</span>
      </div>
      <div class="table-wrap">
        <table id="doc-table" class="doc-table sortable">
          <caption class="visually-hidden">Documents of the edition; select a column heading to sort.</caption>
          <thead>
            <tr>
              <th scope="col" aria-sort="ascending"><button type="button" data-sort="0">Date</button></th>
              <th scope="col"><button type="button" data-sort="1">Title</button></th>
              <th scope="col"><button type="button" data-sort="2">Identifiers</button></th>
              <th scope="col"><button type="button" data-sort="3">Kind</button></th>
              <th scope="col"><button type="button" data-sort="4">Certificates</button></th>
            </tr>
          </thead>
          <tbody>
            <!-- rows built by src/render/collection.ts (documentRowHtml), put in place after the transform -->
            <xsl:for-each select="documents/@slot"><xsl:comment select="'slot:' || ."/></xsl:for-each>
            <xsl:for-each select="documents/doc">
              <tr>
                <td data-sort="{@sort}"><xsl:if test="@iso ne ''"><time datetime="{tokenize(@iso, '--')[1]}"><xsl:value-of select="@date"/></time></xsl:if></td>
                <td><a href="{encode-for-uri(@name)}.html"><xsl:value-of select="@title"/></a></td>
                <td><xsl:value-of select="string-join(idno/concat(($idno-labels(string(@type)), @type)[1], ' ', .), '; ')"/></td>
                <td><xsl:value-of select="@kind"/></td>
                <td data-sort="{count(cert)}"><xsl:value-of select="string-join(cert/@type, ', ')"/></td>
              </tr>
            </xsl:for-each>
          </tbody>
        </table>
      </div>
    </section>
    <xsl:if test="licence">
      <section class="licence" aria-labelledby="lic-h">
        <h2 id="lic-h">Licence</h2>
        <p>
          <xsl:choose>
            <xsl:when test="licence/@href"><a rel="license" href="{licence/@href}"><xsl:value-of select="licence"/></a></xsl:when>
            <xsl:otherwise><xsl:value-of select="licence"/></xsl:otherwise>
          </xsl:choose>
          <xsl:for-each select="publisher"> · Published by <xsl:value-of select="."/></xsl:for-each>
        </p>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ===== persons / places / orgs ===== -->
  <xsl:template match="edition[index]" mode="page">
    <xsl:variable name="ix" select="index"/>
    <h1><xsl:value-of select="$labels(string($ix/@type))"/><xsl:if test="$ix/@label">: <xsl:value-of select="$ix/@label"/></xsl:if></h1>
    <xsl:choose>
      <xsl:when test="pages">
        <p class="counts"><xsl:value-of select="$ix/@entries"/> entries on this page; all <a href="{@page}.html"><xsl:value-of select="lower-case($labels(string($ix/@type)))"/></a>.</p>
        <xsl:apply-templates select="pages"/>
      </xsl:when>
      <xsl:otherwise>
        <p class="counts"><xsl:value-of select="$ix/@entries"/> entries in <xsl:value-of select="stats/@documents"/> documents<xsl:if test="$ix/@unidentified != '0'">; <xsl:value-of select="$ix/@unidentified"/> mentions not yet identified</xsl:if>.</p>
        <xsl:if test="$ix/entry">
          <nav class="letters" aria-label="Initial letters">
            <ul>
              <xsl:for-each-group select="$ix/entry" group-by="@letter">
                <li><a href="#letter-{if (current-grouping-key() eq '#') then 'other' else current-grouping-key()}"><xsl:value-of select="current-grouping-key()"/></a></li>
              </xsl:for-each-group>
            </ul>
          </nav>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:if test="$ix/entry">
      <div class="filter">
        <label for="entry-filter">Filter entries</label>
        <input type="search" id="entry-filter" data-filter-entries=".entry" autocomplete="off"/>
      </div>
    </xsl:if>
    <xsl:for-each-group select="$ix/entry" group-by="@letter">
      <section class="letter" aria-labelledby="letter-{if (current-grouping-key() eq '#') then 'other' else current-grouping-key()}">
        <h2 id="letter-{if (current-grouping-key() eq '#') then 'other' else current-grouping-key()}"><xsl:value-of select="current-grouping-key()"/></h2>
        <xsl:apply-templates select="current-group()"/>
      </section>
    </xsl:for-each-group>
  </xsl:template>

  <!-- The navigation of an index page: the groups (initials or years), the pages of this page's
       group (current page marked), the previous and next pages. -->
  <xsl:template match="pages">
    <nav class="letters index-pages" aria-label="{if (../@page eq 'dates') then 'Years' else 'Initial letters'}">
      <ul>
        <xsl:for-each select="g">
          <li><a href="{@href}"><xsl:if test="@current"><xsl:attribute name="aria-current" select="'true'"/></xsl:if><xsl:value-of select="@label"/></a></li>
        </xsl:for-each>
      </ul>
    </nav>
    <nav class="letters index-pages" aria-label="{if (../@page eq 'dates') then 'Months of ' else 'Pages of '}{@group}">
      <ul>
        <xsl:for-each select="own/p">
          <li><a href="{@href}"><xsl:if test="@current"><xsl:attribute name="aria-current" select="'page'"/></xsl:if><xsl:value-of select="@label"/></a></li>
        </xsl:for-each>
      </ul>
    </nav>
    <xsl:if test="prev | next">
      <p class="index-prev-next">
        <xsl:for-each select="prev/p"><a rel="prev" href="{@href}">← <xsl:value-of select="@label"/></a></xsl:for-each>
        <xsl:if test="prev and next"> · </xsl:if>
        <xsl:for-each select="next/p"><a rel="next" href="{@href}"><xsl:value-of select="@label"/> →</a></xsl:for-each>
      </p>
    </xsl:if>
  </xsl:template>

  <xsl:template match="entry">
    <article class="entry{if (@known eq 'false') then ' unknown' else ''}{if (@reviewed eq 'false') then ' unreviewed' else ''}" id="{@anchor}" aria-labelledby="{@anchor}-h">
      <h3 id="{@anchor}-h"><xsl:value-of select="(@display, @name)[1]"/></h3>
      <xsl:if test="variant">
        <p class="variants"><span class="label">Spellings in the sources:</span><xsl:text> </xsl:text><xsl:value-of select="string-join(variant, '; ')"/></p>
      </xsl:if>
      <xsl:for-each select="note"><p class="entry-note"><xsl:value-of select="."/></p></xsl:for-each>
      <xsl:if test="idno">
        <p class="idnos">
          <xsl:for-each select="idno">
            <xsl:if test="position() gt 1"> · </xsl:if>
            <xsl:choose>
              <xsl:when test="@href"><a class="ext" href="{@href}" rel="external"><xsl:value-of select="concat(@type, ' ', .)"/></a></xsl:when>
              <xsl:otherwise><xsl:value-of select="concat(@type, ' ', .)"/></xsl:otherwise>
            </xsl:choose>
          </xsl:for-each>
        </p>
      </xsl:if>
      <xsl:if test="@reviewed eq 'false'"><p class="status">Proposed by the converter; not yet reviewed by an editor.</p></xsl:if>
      <xsl:if test="@known eq 'false'"><p class="status">Not in the authority file.</p></xsl:if>
      <p class="entry-count"><xsl:value-of select="@occurrences"/> mention<xsl:if test="@occurrences != '1'">s</xsl:if> in <xsl:value-of select="@documents"/> document<xsl:if test="@documents != '1'">s</xsl:if></p>
      <xsl:call-template name="occurrences"/>
    </article>
  </xsl:template>

  <xsl:template name="occurrences">
    <xsl:choose>
      <!-- built by src/render/collection.ts (occurrencesHtml) and put in place after the transform -->
      <xsl:when test="@slot"><xsl:comment select="'slot:' || @slot"/></xsl:when>
      <xsl:otherwise><xsl:call-template name="occurrence-list"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="occurrence-list">
    <ul class="occurrences">
      <xsl:for-each select="doc">
        <li>
          <a class="occ-doc" href="{encode-for-uri(@name)}.html#{@first}"><xsl:value-of select="@title"/></a>
          <xsl:if test="@date ne ''"><xsl:text> </xsl:text><span class="occ-date">(<xsl:value-of select="@date"/>)</span></xsl:if>
          <xsl:choose>
            <xsl:when test="occ">
              <ul class="contexts">
                <xsl:for-each select="occ">
                  <li><a href="{encode-for-uri(../@name)}.html#{@anchor}"><xsl:value-of select="pre"/><mark><xsl:value-of select="hit"/></mark><xsl:value-of select="post"/></a></li>
                </xsl:for-each>
              </ul>
              <xsl:if test="count(occ) lt xs:integer(@count)">
                <p class="more"><xsl:value-of select="xs:integer(@count) - count(occ)"/> more in this document</p>
              </xsl:if>
            </xsl:when>
            <xsl:otherwise><xsl:text> </xsl:text><span class="more">(<xsl:value-of select="@count"/>)</span></xsl:otherwise>
          </xsl:choose>
        </li>
      </xsl:for-each>
      <xsl:for-each select="more">
        <li class="more">… and <xsl:value-of select="@documents"/> more documents (<xsl:value-of select="@occurrences"/> mentions):
          <a href="search.html?q={encode-for-uri(string((../@name, ../@label)[1]))}">search for them</a></li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <!-- ===== dates.html: chronology ===== -->
  <xsl:template match="edition[chronology]" mode="page">
    <h1>Chronology<xsl:if test="chronology/@label">: <xsl:value-of select="chronology/@label"/></xsl:if></h1>
    <xsl:choose>
      <xsl:when test="pages">
        <p class="counts"><xsl:value-of select="chronology/@dates"/> dates on this page; <a href="dates.html">all dates</a>.</p>
        <xsl:apply-templates select="pages"/>
      </xsl:when>
      <xsl:otherwise>
        <p class="counts"><xsl:value-of select="chronology/@dates"/> dates mentioned in <xsl:value-of select="stats/@documents"/> documents.</p>
        <xsl:if test="chronology/year">
          <nav class="letters" aria-label="Years">
            <ul>
              <xsl:for-each select="chronology/year"><li><a href="#y-{@y}"><xsl:value-of select="@y"/></a></li></xsl:for-each>
            </ul>
          </nav>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
    <xsl:for-each select="chronology/year">
      <section class="year" aria-labelledby="y-{@y}">
        <h2 id="y-{@y}"><xsl:value-of select="@y"/></h2>
        <xsl:for-each select="day">
          <article class="entry day" id="{@anchor}" aria-labelledby="{@anchor}-h">
            <h3 id="{@anchor}-h"><time datetime="{tokenize(@iso, '--')[1]}"><xsl:value-of select="@label"/></time>
              <xsl:if test="@label ne @iso"><xsl:text> </xsl:text><span class="iso"><xsl:value-of select="replace(@iso, '--', '/')"/></span></xsl:if>
              <xsl:if test="@cert"><xsl:text> </xsl:text><span class="cert">(certainty: <xsl:value-of select="@cert"/>)</span></xsl:if>
            </h3>
            <xsl:call-template name="occurrences"/>
          </article>
        </xsl:for-each>
      </section>
    </xsl:for-each>
  </xsl:template>

  <!-- ===== search.html ===== -->
  <xsl:template match="edition[@page = 'search']" mode="page">
    <h1>Search</h1>
    <form class="search-form" role="search" action="search.html" method="get" onsubmit="return false">
      <label for="q">Search the full text of <xsl:value-of select="stats/@documents"/> documents</label>
      <input type="search" id="q" name="q" autocomplete="off" spellcheck="false"/>
    </form>
    <p id="search-status" class="counts" aria-live="polite">Type a word or a name; results appear as you type.</p>
    <ol id="search-results" class="search-results"></ol>
    <noscript><p>Search needs JavaScript. The <a href="index.html">list of documents</a> and the indexes work without it.</p></noscript>
  </xsl:template>

  <!-- ===== print edition ===== -->
  <xsl:function name="ed:page" as="xs:string">
    <xsl:param name="id" as="xs:string"/>
    <xsl:sequence select="let $p := map:get($page-of, $id) return if (exists($p)) then string($p) else '000'"/>
  </xsl:function>

  <xsl:template match="edition[@page = 'index']" mode="print">
    <section class="title-page">
      <h1 class="book-title"><xsl:value-of select="title"/></h1>
      <xsl:for-each select="subtitle"><p class="book-subtitle"><xsl:value-of select="."/></p></xsl:for-each>
      <xsl:if test="editor"><p class="book-editors">Edited by <xsl:value-of select="string-join(editor, ', ')"/></p></xsl:if>
      <xsl:for-each select="publisher"><p class="book-publisher"><xsl:value-of select="."/></p></xsl:for-each>
      <p class="book-counts"><xsl:value-of select="documents/@count"/> documents</p>
      <xsl:for-each select="licence"><p class="book-licence">Licence: <xsl:value-of select="."/></p></xsl:for-each>
    </section>
    <nav class="contents" aria-labelledby="contents-h">
      <h1 id="contents-h">Contents</h1>
      <ol class="toc">
        <xsl:for-each select="documents/doc">
          <li><a href="#{@name}-doc"><span class="toc-title"><xsl:value-of select="@title"/><xsl:if test="@date ne ''"><span class="toc-date">, <xsl:value-of select="@date"/></span></xsl:if></span><span class="toc-page"><xsl:value-of select="ed:page(@name || '-doc')"/></span></a></li>
        </xsl:for-each>
      </ol>
      <ol class="toc toc-indexes">
        <xsl:for-each select="(['person','Index of persons'], ['place','Index of places'], ['org','Index of organisations'], ['date','Chronology'])">
          <li><a href="#idx-{?1}"><span class="toc-title"><xsl:value-of select="?2"/></span><span class="toc-page"><xsl:value-of select="ed:page('idx-' || ?1)"/></span></a></li>
        </xsl:for-each>
      </ol>
    </nav>
  </xsl:template>

  <xsl:template match="edition[index | chronology]" mode="print">
    <xsl:variable name="type" select="(index/@type, 'date')[1]"/>
    <section class="print-index" id="idx-{$type}">
      <h1><xsl:value-of select="if (index) then 'Index of ' || lower-case($labels(string($type))) else 'Chronology'"/></h1>
      <xsl:for-each select="index/entry | chronology/year/day">
        <p class="ix" id="idx-{$type}-{@anchor}">
          <span class="ix-name"><xsl:value-of select="(@display, @name, @label)[1]"/></span>
          <xsl:if test="variant"><span class="ix-var"> (<xsl:value-of select="string-join(variant, '; ')"/>)</span></xsl:if>
          <xsl:text> </xsl:text>
          <span class="ix-pages">
            <xsl:variable name="occ" select="doc/occ/(../@name || '-' || @anchor)"/>
            <xsl:variable name="known" select="$occ[map:contains($page-of, .)]"/>
            <xsl:choose>
              <xsl:when test="exists($known)">
                <!-- one number per page, consecutive pages as a range (6–12), each linked to its first mention -->
                <xsl:variable name="by-page" as="map(*)*">
                  <xsl:for-each-group select="$known" group-by="xs:integer(map:get($page-of, .))">
                    <xsl:sort select="current-grouping-key()"/>
                    <xsl:sequence select="map{'p': current-grouping-key(), 'a': current-group()[1]}"/>
                  </xsl:for-each-group>
                </xsl:variable>
                <xsl:for-each-group select="$by-page" group-adjacent="?p - position()">
                  <xsl:if test="position() gt 1">, </xsl:if>
                  <span class="ix-range"><a href="#{current-group()[1]?a}"><xsl:value-of select="current-group()[1]?p"/></a>
                  <xsl:if test="count(current-group()) gt 1">–<a href="#{current-group()[last()]?a}"><xsl:value-of select="current-group()[last()]?p"/></a></xsl:if></span>
                </xsl:for-each-group>
              </xsl:when>
              <xsl:otherwise>
                <xsl:for-each select="$occ">
                  <xsl:if test="position() gt 1">, </xsl:if>
                  <a href="#{.}">000</a>
                </xsl:for-each>
              </xsl:otherwise>
            </xsl:choose>
          </span>
        </p>
      </xsl:for-each>
    </section>
  </xsl:template>
</xsl:stylesheet>
