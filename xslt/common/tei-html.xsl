<?xml version="1.0" encoding="UTF-8"?>
<!--
  Shared TEI → HTML templates for the document page and the print edition (document.xsl with
  target "site" or "print"). Not compiled on its own: included.

  Parameters (all strings):
    names      JSON object {"person:ID": "Normalised name", "place:ID": …, "org:ID": …} for hover titles
    id-prefix  prefix of every generated id (empty on the site; "NAME-" in the print edition)
    target     "site" (links to persons.html#ID …) or "print" (links inside the one print document)
-->
<xsl:stylesheet version="3.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:xs="http://www.w3.org/2001/XMLSchema"
  xmlns:map="http://www.w3.org/2005/xpath-functions/map"
  xmlns:ed="urn:tei-edition:render"
  xpath-default-namespace="http://www.tei-c.org/ns/1.0"
  exclude-result-prefixes="#all">

  <xsl:param name="names" as="xs:string" select="'{}'"/>
  <xsl:param name="id-prefix" as="xs:string" select="''"/>
  <xsl:param name="target" as="xs:string" select="'site'"/>

  <!-- The documents of this transform: the TEI documents of a batch (document.xsl, $batch), or none
       (the source document is the only one). -->
  <xsl:param name="batch" as="xs:string*" select="()"/>
  <xsl:variable name="documents" as="document-node()*" select="$batch ! parse-xml(.)"/>

  <xsl:variable name="name-map" as="map(*)" select="parse-json($names)"/>

  <!-- Numbers counted per document in one pass over its tree (accumulators, XSLT 3.0 §18.2), not
       count(preceding::…) per node; each document of a batch starts from zero. -->
  <xsl:mode use-accumulators="#all"/>

  <!-- m{N}: N-th persName|placeName|orgName|date in <text>, document order (docs/ARCHITECTURE.md). -->
  <xsl:accumulator name="ed:mention" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="/TEI/text//persName | /TEI/text//placeName | /TEI/text//orgName | /TEI/text//date" select="$value + 1"/>
  </xsl:accumulator>

  <!-- pb{N}: N-th page break of the document. -->
  <xsl:accumulator name="ed:pb" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="pb" select="$value + 1"/>
  </xsl:accumulator>

  <!-- Footnoted apparatus: editorial notes and corrections, numbered per document. -->
  <xsl:accumulator name="ed:apparatus" as="xs:integer" initial-value="0">
    <xsl:accumulator-rule match="/TEI/text//note[@type = 'editorial'] | /TEI/text//choice[sic and corr]" select="$value + 1"/>
  </xsl:accumulator>

  <!-- ===== helpers ===== -->

  <xsl:function name="ed:ref-id" as="xs:string">
    <xsl:param name="ref" as="xs:string?"/>
    <xsl:variable name="first" select="substring-before(concat(normalize-space($ref), ' '), ' ')"/>
    <xsl:sequence select="if (contains($first, '#')) then substring-after($first, '#') else $first"/>
  </xsl:function>

  <!-- Key of a date value, the same as dateKey() in src/render/collection.ts. -->
  <xsl:function name="ed:date-key" as="xs:string">
    <xsl:param name="d" as="element()"/>
    <xsl:variable name="start" select="($d/@from, $d/@notBefore)[1]"/>
    <xsl:variable name="end" select="($d/@to, $d/@notAfter)[1]"/>
    <xsl:sequence select="if ($d/@when) then string($d/@when)
                          else if (exists($start) or exists($end)) then concat(string($start), '--', string($end))
                          else ''"/>
  </xsl:function>

  <xsl:function name="ed:date-label" as="xs:string">
    <xsl:param name="d" as="element()"/>
    <xsl:variable name="k" select="ed:date-key($d)"/>
    <xsl:sequence select="concat(if ($d/@notBefore or $d/@notAfter) then 'between ' else '', replace($k, '--', ' – '),
      if ($d/@cert) then concat(' (certainty: ', $d/@cert, ')') else '')"/>
  </xsl:function>

  <!-- An ISO date as readers write it (7 August 1938), as formatIsoDate() in collection.ts. -->
  <xsl:function name="ed:human-date" as="xs:string">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:sequence select="if ($iso castable as xs:date) then format-date(xs:date($iso), '[D] [MNn] [Y]', 'en', (), ())
      else if (concat($iso, '-01') castable as xs:date) then format-date(xs:date(concat($iso, '-01')), '[MNn] [Y]', 'en', (), ())
      else $iso"/>
  </xsl:function>

  <xsl:function name="ed:anchor" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="replace($s, '[^A-Za-z0-9_.\-]', '-')"/>
  </xsl:function>

  <xsl:function name="ed:index-page" as="xs:string">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:sequence select="map{'person':'persons.html','place':'places.html','org':'orgs.html','date':'dates.html'}($kind)"/>
  </xsl:function>

  <xsl:function name="ed:idno-label" as="xs:string">
    <xsl:param name="type" as="xs:string?"/>
    <xsl:sequence select="(map{'exhibit':'Exhibit', 'defenseDocument':'Defense document',
      'document':'Document', 'number':'No.'}(string($type)), string($type), 'Identifier')[. ne ''][1]"/>
  </xsl:function>

  <xsl:function name="ed:hex" as="xs:integer">
    <xsl:param name="h" as="xs:string"/>
    <xsl:sequence select="fold-left(string-to-codepoints(upper-case($h)), 0,
      function($a, $c) { $a * 16 + (if ($c le 57) then $c - 48 else $c - 55) })"/>
  </xsl:function>

  <!-- A control character of the source, declared in charDecl: shown as its Unicode control picture. -->
  <xsl:function name="ed:glyph" as="xs:string">
    <xsl:param name="g" as="element()"/>
    <xsl:variable name="id" select="ed:ref-id($g/@ref)"/>
    <xsl:variable name="char" select="root($g)//charDecl/*[@xml:id = $id][1]"/>
    <xsl:variable name="hex" select="(for $s in ($char/mapping, $char/@n, $id)
        return replace(string($s), '^.*?(?:U\+|x|#x|-)?([0-9A-Fa-f]{2,6})\s*$', '$1')[matches(., '^[0-9A-Fa-f]{2,6}$')])[1]"/>
    <xsl:variable name="cp" select="if ($hex) then ed:hex($hex) else -1"/>
    <xsl:variable name="ascii-names" select="('NUL','SOH','STX','ETX','EOT','ENQ','ACK','BEL','BS','HT','LF','VT','FF','CR','SO','SI',
      'DLE','DC1','DC2','DC3','DC4','NAK','SYN','ETB','CAN','EM','SUB','ESC','FS','GS','RS','US')"/>
    <!-- The ASCII abbreviation (ESC, NUL…): every font has its letters, unlike the control pictures. -->
    <xsl:sequence select="if (string($g) ne '') then string($g)
      else if ($cp ge 0 and $cp lt 32) then $ascii-names[$cp + 1]
      else if ($cp eq 127) then 'DEL' else '&#xFFFD;'"/>
  </xsl:function>

  <xsl:function name="ed:apparatus-id" as="xs:string">
    <xsl:param name="n" as="element()"/>
    <xsl:sequence select="concat($id-prefix, 'fn', $n/accumulator-before('ed:apparatus'))"/>
  </xsl:function>

  <!-- ===== text ===== -->

  <xsl:template match="text" mode="body">
    <xsl:apply-templates select="front, body"/>
  </xsl:template>

  <xsl:template match="front | body | back | div">
    <xsl:choose>
      <xsl:when test="self::div[@type = 'certificate']">
        <section class="certificate cert-{(@subtype, 'other')[1]}" aria-label="{ed:cert-label(@subtype)}">
          <h3 class="cert-label"><xsl:value-of select="ed:cert-label(@subtype)"/></h3>
          <xsl:apply-templates/>
        </section>
      </xsl:when>
      <xsl:when test="self::div">
        <div class="tei-div div-{(@type, 'part')[1]}"><xsl:apply-templates/></div>
      </xsl:when>
      <xsl:otherwise><div class="tei-{local-name()}"><xsl:apply-templates/></div></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="head">
    <xsl:variable name="level" select="if (ancestor::div[@type = 'certificate']) then 4 else 2"/>
    <xsl:element name="h{$level}"><xsl:attribute name="class">tei-head</xsl:attribute><xsl:apply-templates/></xsl:element>
  </xsl:template>

  <xsl:template match="p"><p><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="ab"><p class="ab"><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="div/dateline | body/dateline | front/dateline | back/dateline"><p class="dateline"><xsl:apply-templates/></p></xsl:template>
  <xsl:template match="closer | opener"><div class="{local-name()}"><xsl:apply-templates/></div></xsl:template>
  <xsl:template match="closer/* | opener/*" priority="0.5">
    <span class="{local-name()} line"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="lb"><br/></xsl:template>
  <xsl:template match="lg"><div class="lg"><xsl:apply-templates/></div></xsl:template>
  <xsl:template match="l"><span class="l line"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="list"><ul><xsl:apply-templates/></ul></xsl:template>
  <xsl:template match="item"><li><xsl:apply-templates/></li></xsl:template>
  <xsl:template match="div/stamp | body/stamp | front/stamp | back/stamp" priority="1">
    <p class="stamp-block"><span class="stamp"><xsl:apply-templates/></span></p>
  </xsl:template>
  <xsl:template match="stamp"><span class="stamp"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="seg[@type = 'blank']"><span class="blank" title="blank left in the source"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="seg | hi | foreign | title | measure | num | name | rs | roleName">
    <span class="{local-name()}"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="gap">
    <span class="gap" title="{string-join(('gap', @reason), ': ')}">
      <xsl:value-of select="if (desc) then string(desc) else '[…]'"/>
    </span>
  </xsl:template>
  <xsl:template match="g"><abbr class="g" title="control character of the source ({substring-after(@ref, '#')})"><xsl:value-of select="ed:glyph(.)"/></abbr></xsl:template>

  <!-- Page furniture (TEI Guidelines 11.6): shown in the diplomatic view only (CSS). -->
  <xsl:template match="fw">
    <span class="fw fw-{(@type, 'other')[1]}" title="{(map{'catch':'catchword','pageNum':'page number','header':'running head','stamp':'stamp'}(string(@type)), 'page furniture')[1]}"><xsl:apply-templates/></span>
  </xsl:template>

  <!-- Page break: a page number in the margin (TEI Guidelines 3.11.3, "Milestone Elements"). -->
  <xsl:template match="pb">
    <span class="pb" id="{$id-prefix}pb{accumulator-before('ed:pb')}" role="separator"
      aria-label="{if (@n) then concat('page ', @n) else 'page break'}">
      <span class="pb-n" aria-hidden="true"><xsl:value-of select="if (@n) then concat('p. ', @n) else '⁂'"/></span>
    </span>
  </xsl:template>

  <!-- Corrections, regularisations, expansions: both readings kept, the view decides (TEI 3.5). -->
  <xsl:template match="choice">
    <span class="choice">
      <xsl:apply-templates select="sic | orig | abbr"/>
      <xsl:apply-templates select="corr | reg | expan"/>
      <xsl:if test="sic and corr">
        <a class="fnref editorial" href="#{ed:apparatus-id(.)}" id="{ed:apparatus-id(.)}-ref" aria-label="note {accumulator-before('ed:apparatus')}"><sup><xsl:value-of select="accumulator-before('ed:apparatus')"/></sup></a>
      </xsl:if>
    </span>
  </xsl:template>
  <xsl:template match="choice/sic | choice/orig | choice/abbr">
    <span class="{local-name()} diplomatic-only" title="{concat(map{'sic':'corrected to','orig':'regularised as','abbr':'expanded as'}(local-name()), ': ', normalize-space(string-join(../(corr|reg|expan), ' ')))}"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="choice/corr | choice/reg | choice/expan">
    <span class="{local-name()} editorial" title="{concat('the source reads: ', normalize-space(string-join(../(sic|orig|abbr), ' ')))}"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="sic"><span class="sic lone-sic" title="sic"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="corr | reg | expan | supplied">
    <span class="{local-name()} editorial" title="{map{'corr':'correction','reg':'regularisation','expan':'expansion','supplied':'supplied by the editor'}(local-name())}"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="note[@type = 'editorial']">
    <a class="fnref editorial" href="#{ed:apparatus-id(.)}" id="{ed:apparatus-id(.)}-ref" title="editorial note: {normalize-space(.)}" aria-label="note {accumulator-before('ed:apparatus')}"><sup><xsl:value-of select="accumulator-before('ed:apparatus')"/></sup></a>
  </xsl:template>
  <xsl:template match="note">
    <xsl:choose>
      <xsl:when test="parent::div or parent::body or parent::back or parent::front">
        <div class="src-note"><xsl:if test="@n"><span class="src-note-n"><xsl:value-of select="@n"/></span><xsl:text> </xsl:text></xsl:if><xsl:apply-templates/></div>
      </xsl:when>
      <xsl:otherwise><span class="src-note line"><xsl:if test="@n"><span class="src-note-n"><xsl:value-of select="@n"/></span><xsl:text> </xsl:text></xsl:if><xsl:apply-templates/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Entities and dates: linked to their index entry, normalised form on hover. -->
  <xsl:template match="text//persName | text//placeName | text//orgName" priority="2">
    <xsl:variable name="kind" select="if (self::persName) then 'person' else if (self::placeName) then 'place' else 'org'"/>
    <xsl:variable name="key" select="ed:ref-id(@ref)"/>
    <xsl:call-template name="ed:mention">
      <xsl:with-param name="kind" select="$kind"/>
      <xsl:with-param name="key" select="$key"/>
      <xsl:with-param name="anchor" select="ed:anchor($key)"/>
      <xsl:with-param name="title" select="if ($key eq '') then concat('unidentified ', $kind)
        else (map:get($name-map, concat($kind, ':', $key)), $key)[1]"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="text//date" priority="2">
    <xsl:variable name="key" select="ed:date-key(.)"/>
    <xsl:call-template name="ed:mention">
      <xsl:with-param name="kind" select="'date'"/>
      <xsl:with-param name="key" select="$key"/>
      <xsl:with-param name="anchor" select="concat('d-', ed:anchor($key))"/>
      <xsl:with-param name="title" select="if ($key ne '') then ed:date-label(.) else 'date (not normalised)'"/>
    </xsl:call-template>
  </xsl:template>

  <!-- A mention (the context node): a link to its index entry, or a marked span when it has no key. -->
  <xsl:template name="ed:mention">
    <xsl:param name="kind" as="xs:string"/>
    <xsl:param name="key" as="xs:string"/>
    <xsl:param name="anchor" as="xs:string"/>
    <xsl:param name="title" as="xs:string"/>
    <xsl:variable name="n" select="accumulator-before('ed:mention')"/>
    <!-- HTML forbids a link in a link: a mention inside another linked mention is marked, not linked. -->
    <xsl:choose>
      <xsl:when test="$key ne '' and empty(ancestor::*[self::persName or self::placeName or self::orgName or self::date][ancestor::text]
          [if (self::date) then ed:date-key(.) ne '' else ed:ref-id(@ref) ne ''])">
        <a class="ent ent-{$kind}" id="{$id-prefix}m{$n}" title="{$title}"
           href="{if ($target eq 'print') then concat('#idx-', $kind, '-', $anchor) else concat(ed:index-page($kind), '#', $anchor)}"><xsl:apply-templates/></a>
      </xsl:when>
      <xsl:otherwise>
        <span class="ent ent-{$kind}{if ($key eq '') then ' unlinked' else ''}" id="{$id-prefix}m{$n}" title="{$title}"><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== apparatus (footnotes) ===== -->
  <xsl:template name="apparatus-notes">
    <xsl:variable name="items" select="/TEI/text//(note[@type = 'editorial'] | choice[sic and corr])"/>
    <xsl:if test="$items">
      <section class="footnotes" aria-labelledby="{$id-prefix}fn-h">
        <h2 id="{$id-prefix}fn-h">Notes</h2>
        <ol>
          <xsl:for-each select="$items">
            <li id="{ed:apparatus-id(.)}">
              <xsl:choose>
                <xsl:when test="self::choice">
                  <span class="lemma"><xsl:value-of select="normalize-space(string-join(corr, ' '))"/></span>
                  <xsl:text>] the source reads </xsl:text>
                  <span class="sic"><xsl:value-of select="normalize-space(string-join(sic, ' '))"/></span>
                  <xsl:text>.</xsl:text>
                </xsl:when>
                <xsl:otherwise><xsl:value-of select="normalize-space(.)"/></xsl:otherwise>
              </xsl:choose>
              <xsl:text> </xsl:text>
              <a class="back" href="#{ed:apparatus-id(.)}-ref" aria-label="back to the text">↩</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ===== header: metadata and provenance (TEI Guidelines 10.7, "History") ===== -->
  <xsl:template name="metadata">
    <xsl:variable name="h" select="/TEI/teiHeader"/>
    <xsl:variable name="created" select="($h/profileDesc/creation/date, $h//sourceDesc//origDate)[1]"/>
    <dl class="meta">
      <xsl:if test="$created">
        <dt>Date</dt>
        <dd><xsl:value-of select="if (normalize-space($created) = ($created/@when, $created/@from, $created/@notBefore)) then ed:human-date(normalize-space($created)) else normalize-space($created)"/>
          <xsl:if test="ed:date-key($created) ne '' and normalize-space($created) ne ed:date-key($created)">
            <xsl:text> </xsl:text><span class="iso">(<time datetime="{($created/@when, $created/@from, $created/@notBefore)[1]}"><xsl:value-of select="ed:date-label($created)"/></time>)</span>
          </xsl:if>
        </dd>
      </xsl:if>
      <xsl:for-each select="$h//msIdentifier/idno | $h/fileDesc/publicationStmt/idno">
        <dt><xsl:value-of select="ed:idno-label(@type)"/></dt>
        <dd><xsl:value-of select="normalize-space(.)"/></dd>
      </xsl:for-each>
      <xsl:for-each select="$h//msIdentifier/(repository, institution, settlement, collection)">
        <dt><xsl:value-of select="map{'repository':'Repository','institution':'Institution','settlement':'Place','collection':'Collection'}(local-name())"/></dt>
        <dd><xsl:value-of select="normalize-space(.)"/></dd>
      </xsl:for-each>
      <xsl:for-each select="($h/profileDesc/textClass//term)[1]">
        <dt>Kind</dt><dd><xsl:value-of select="normalize-space(.)"/></dd>
      </xsl:for-each>
    </dl>
  </xsl:template>

  <xsl:template name="provenance">
    <xsl:variable name="events" select="/TEI/teiHeader//custodialHist/custEvent"/>
    <xsl:if test="$events">
      <section class="provenance" aria-labelledby="{$id-prefix}prov-h">
        <h2 id="{$id-prefix}prov-h">Provenance</h2>
        <ol class="custody">
          <xsl:for-each select="$events">
            <li class="cust cust-{(@type, 'other')[1]}">
              <xsl:variable name="label" select="ed:cert-label(@type)"/>
              <xsl:variable name="said" select="normalize-space(.)"/>
              <xsl:choose>
                <xsl:when test="$said eq ''"><span class="cust-type"><xsl:value-of select="$label"/></span></xsl:when>
                <!-- the event's own words say what the certificate is; the type is in the class -->
                <xsl:otherwise><xsl:value-of select="$said"/></xsl:otherwise>
              </xsl:choose>
              <xsl:variable name="d" select="(self::custEvent[@when or @from or @notBefore or @notAfter or @to], date)[1]"/>
              <xsl:if test="$d and ed:date-key($d) ne ''">
                <xsl:text> </xsl:text><time class="iso" datetime="{($d/@when, $d/@from, $d/@notBefore, $d/@to, $d/@notAfter)[1]}">(<xsl:value-of select="ed:date-label($d)"/>)</time>
              </xsl:if>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
