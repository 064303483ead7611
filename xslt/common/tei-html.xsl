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
    <xsl:sequence select="concat(if ($d/@notBefore or $d/@notAfter) then 'between ' else '', if (contains($k, '--')) then replace($k, '--', ' – ') else $k,
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

  <!-- ===== text =====
       Written for saxon-js, where every name test builds a QName, every call-template with
       parameters and every map constructor builds a map, and rules are found by element name: one
       rule per element name (a choose inside, not a predicate or parent step in the pattern), local
       names compared as strings, no map constructor or computed element name per node. Mode
       "in-link" is the default mode inside a linked mention (HTML forbids a link in a link): every
       rule below serves both, and applies its children in #current. -->
  <xsl:mode name="in-link" use-accumulators="#all"/>
  <xsl:mode name="line" use-accumulators="#all"/>

  <!-- The characters an anchor keeps (ed:anchor replaces the others by '-'). -->
  <xsl:variable name="ed:anchor-chars" as="xs:string" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-'"/>

  <xsl:template match="text" mode="body">
    <xsl:apply-templates select="front, body"/>
  </xsl:template>

  <xsl:template match="div" mode="#default in-link">
    <xsl:choose>
      <xsl:when test="@type = 'certificate'">
        <xsl:variable name="label" select="ed:cert-label(@subtype)"/>
        <section class="certificate cert-{(@subtype, 'other')[1]}" aria-label="{$label}">
          <h3 class="cert-label"><xsl:value-of select="$label"/></h3>
          <xsl:apply-templates mode="#current"/>
        </section>
      </xsl:when>
      <xsl:otherwise>
        <div class="tei-div div-{(@type, 'part')[1]}"><xsl:apply-templates mode="#current"/></div>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="front | body | back" mode="#default in-link">
    <div class="tei-{local-name()}"><xsl:apply-templates mode="#current"/></div>
  </xsl:template>

  <xsl:template match="head" mode="#default in-link">
    <xsl:choose>
      <xsl:when test="ancestor::div[@type = 'certificate']"><h4 class="tei-head"><xsl:apply-templates mode="#current"/></h4></xsl:when>
      <xsl:otherwise><h2 class="tei-head"><xsl:apply-templates mode="#current"/></h2></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="p" mode="#default in-link"><p><xsl:apply-templates mode="#current"/></p></xsl:template>
  <xsl:template match="ab" mode="#default in-link"><p class="ab"><xsl:apply-templates mode="#current"/></p></xsl:template>
  <!-- A block of div, body, front or back; a line of closer or opener (mode line); else its text. -->
  <xsl:template match="dateline" mode="#default in-link">
    <xsl:choose>
      <xsl:when test="ed:in-block(.)"><p class="dateline"><xsl:apply-templates mode="#current"/></p></xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="#current"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="closer | opener" mode="#default in-link">
    <div class="{local-name()}"><xsl:apply-templates mode="line"/></div>
  </xsl:template>
  <!-- A child element of closer or opener: a line, unless it has a rule of its own that wins. -->
  <xsl:template match="*" mode="line">
    <span class="{local-name()} line"><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="persName | placeName | orgName | date | note | seg" mode="line">
    <xsl:choose>
      <xsl:when test="self::note[not(@type = 'editorial')] or self::seg[not(@type = 'blank')]">
        <span class="{local-name()} line"><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="."/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="lb" mode="#default in-link"><br/></xsl:template>
  <xsl:template match="lg" mode="#default in-link"><div class="lg"><xsl:apply-templates mode="#current"/></div></xsl:template>
  <xsl:template match="l" mode="#default in-link"><span class="l line"><xsl:apply-templates mode="#current"/></span></xsl:template>
  <xsl:template match="list" mode="#default in-link"><ul><xsl:apply-templates mode="#current"/></ul></xsl:template>
  <xsl:template match="item" mode="#default in-link"><li><xsl:apply-templates mode="#current"/></li></xsl:template>
  <xsl:template match="stamp" mode="#default in-link">
    <xsl:choose>
      <xsl:when test="ed:in-block(.)"><p class="stamp-block"><span class="stamp"><xsl:apply-templates mode="#current"/></span></p></xsl:when>
      <xsl:otherwise><span class="stamp"><xsl:apply-templates mode="#current"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="seg" mode="#default in-link">
    <xsl:choose>
      <xsl:when test="@type = 'blank'"><span class="blank" title="blank left in the source"><xsl:apply-templates mode="#current"/></span></xsl:when>
      <xsl:otherwise><span class="seg"><xsl:apply-templates mode="#current"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="hi | foreign | title | measure | num | name | rs | roleName" mode="#default in-link">
    <span class="{local-name()}"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>
  <xsl:template match="gap" mode="#default in-link">
    <span class="gap" title="{string-join(('gap', @reason), ': ')}">
      <xsl:value-of select="if (desc) then string(desc) else '[…]'"/>
    </span>
  </xsl:template>
  <xsl:template match="g" mode="#default in-link"><abbr class="g" title="control character of the source ({substring-after(@ref, '#')})"><xsl:value-of select="ed:glyph(.)"/></abbr></xsl:template>

  <!-- Page furniture (TEI Guidelines 11.6): shown in the diplomatic view only (CSS). -->
  <xsl:template match="fw" mode="#default in-link">
    <xsl:variable name="type" select="string(@type)"/>
    <span class="fw fw-{(@type, 'other')[1]}" title="{if ($type eq 'catch') then 'catchword' else if ($type eq 'pageNum') then 'page number'
      else if ($type eq 'header') then 'running head' else if ($type eq 'stamp') then 'stamp' else 'page furniture'}"><xsl:apply-templates mode="#current"/></span>
  </xsl:template>

  <!-- Page break: a page number in the margin (TEI Guidelines 3.11.3, "Milestone Elements"). -->
  <xsl:template match="pb" mode="#default in-link">
    <span class="pb" id="{$id-prefix}pb{accumulator-before('ed:pb')}" role="separator"
      aria-label="{if (@n) then concat('page ', @n) else 'page break'}">
      <span class="pb-n" aria-hidden="true"><xsl:value-of select="if (@n) then concat('p. ', @n) else '⁂'"/></span>
    </span>
  </xsl:template>

  <!-- Corrections, regularisations, expansions: both readings kept, the view decides (TEI 3.5). -->
  <xsl:template match="choice" mode="#default in-link">
    <span class="choice">
      <xsl:apply-templates select="sic | orig | abbr" mode="#current"/>
      <xsl:apply-templates select="corr | reg | expan" mode="#current"/>
      <xsl:if test="sic and corr">
        <xsl:variable name="n" select="accumulator-before('ed:apparatus')"/>
        <a class="fnref editorial" href="#{$id-prefix}fn{$n}" id="{$id-prefix}fn{$n}-ref" aria-label="note {$n}"><sup><xsl:value-of select="$n"/></sup></a>
      </xsl:if>
    </span>
  </xsl:template>
  <!-- The source's reading (sic, orig, abbr) in a choice; a sic on its own. -->
  <xsl:template match="sic | orig | abbr" mode="#default in-link">
    <xsl:choose>
      <xsl:when test="parent::choice">
        <xsl:variable name="ln" select="local-name()"/>
        <span class="{$ln} diplomatic-only" title="{concat(if ($ln eq 'sic') then 'corrected to' else if ($ln eq 'orig') then 'regularised as' else 'expanded as',
          ': ', normalize-space(string-join(../(corr|reg|expan), ' ')))}"><xsl:apply-templates mode="#current"/></span>
      </xsl:when>
      <xsl:when test="self::sic"><span class="sic lone-sic" title="sic"><xsl:apply-templates mode="#current"/></span></xsl:when>
      <xsl:otherwise><xsl:apply-templates mode="#current"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- The editor's reading (corr, reg, expan) in a choice; on its own, with supplied. -->
  <xsl:template match="corr | reg | expan | supplied" mode="#default in-link">
    <xsl:variable name="ln" select="local-name()"/>
    <xsl:choose>
      <xsl:when test="$ln ne 'supplied' and parent::choice">
        <span class="{$ln} editorial" title="{concat('the source reads: ', normalize-space(string-join(../(sic|orig|abbr), ' ')))}"><xsl:apply-templates mode="#current"/></span>
      </xsl:when>
      <xsl:otherwise>
        <span class="{$ln} editorial" title="{if ($ln eq 'corr') then 'correction' else if ($ln eq 'reg') then 'regularisation'
          else if ($ln eq 'expan') then 'expansion' else 'supplied by the editor'}"><xsl:apply-templates mode="#current"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <xsl:template match="note" mode="#default in-link">
    <xsl:choose>
      <xsl:when test="@type = 'editorial'">
        <xsl:variable name="n" select="accumulator-before('ed:apparatus')"/>
        <a class="fnref editorial" href="#{$id-prefix}fn{$n}" id="{$id-prefix}fn{$n}-ref" title="editorial note: {normalize-space(.)}" aria-label="note {$n}"><sup><xsl:value-of select="$n"/></sup></a>
      </xsl:when>
      <xsl:when test="ed:in-block(.)">
        <div class="src-note"><xsl:if test="@n"><span class="src-note-n"><xsl:value-of select="@n"/></span><xsl:text> </xsl:text></xsl:if><xsl:apply-templates mode="#current"/></div>
      </xsl:when>
      <xsl:otherwise><span class="src-note line"><xsl:if test="@n"><span class="src-note-n"><xsl:value-of select="@n"/></span><xsl:text> </xsl:text></xsl:if><xsl:apply-templates mode="#current"/></span></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- Whether an element stands as a block of div, body, front or back. -->
  <xsl:function name="ed:in-block" as="xs:boolean">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="p" select="$e/.."/>
    <xsl:sequence select="exists($p/(self::div | self::body | self::front | self::back))"/>
  </xsl:function>

  <!-- Entities and dates: linked to their index entry (persons.html#ID …), normalised form on hover;
       a mention without key is a marked span, and so is every mention inside a linked one (mode
       in-link). -->
  <xsl:template match="persName | placeName | orgName" priority="2">
    <xsl:variable name="ln" select="local-name()"/>
    <xsl:variable name="kind" select="if ($ln eq 'persName') then 'person' else if ($ln eq 'placeName') then 'place' else 'org'"/>
    <xsl:variable name="key" select="ed:ref-id(@ref)"/>
    <xsl:choose>
      <xsl:when test="$key eq ''">
        <span class="ent ent-{$kind} unlinked" id="{$id-prefix}m{accumulator-before('ed:mention')}" title="unidentified {$kind}"><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="anchor" select="if (translate($key, $ed:anchor-chars, '') eq '') then $key else ed:anchor($key)"/>
        <a class="ent ent-{$kind}" id="{$id-prefix}m{accumulator-before('ed:mention')}" title="{($name-map(concat($kind, ':', $key)), $key)[1]}"
           href="{if ($target eq 'print') then concat('#idx-', $kind, '-', $anchor)
                  else concat(if ($ln eq 'persName') then 'persons' else if ($ln eq 'placeName') then 'places' else 'orgs', '.html#', $anchor)}"><xsl:apply-templates mode="in-link"/></a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="date" priority="2">
    <xsl:variable name="key" select="ed:date-key(.)"/>
    <xsl:choose>
      <xsl:when test="$key eq ''">
        <span class="ent ent-date unlinked" id="{$id-prefix}m{accumulator-before('ed:mention')}" title="date (not normalised)"><xsl:apply-templates/></span>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="anchor" select="if (translate($key, $ed:anchor-chars, '') eq '') then $key else ed:anchor($key)"/>
        <a class="ent ent-date" id="{$id-prefix}m{accumulator-before('ed:mention')}" title="{ed:date-label(.)}"
           href="{if ($target eq 'print') then concat('#idx-date-d-', $anchor) else concat('dates.html#d-', $anchor)}"><xsl:apply-templates mode="in-link"/></a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A mention inside a linked mention: marked, not linked (rare, so kept simple). -->
  <xsl:template match="persName | placeName | orgName | date" mode="in-link" priority="2">
    <xsl:variable name="kind" select="if (self::persName) then 'person' else if (self::placeName) then 'place' else if (self::orgName) then 'org' else 'date'"/>
    <xsl:variable name="key" select="if ($kind eq 'date') then ed:date-key(.) else ed:ref-id(@ref)"/>
    <xsl:variable name="title" select="if ($kind eq 'date') then (if ($key ne '') then ed:date-label(.) else 'date (not normalised)')
      else if ($key eq '') then concat('unidentified ', $kind) else ($name-map(concat($kind, ':', $key)), $key)[1]"/>
    <span class="ent ent-{$kind}{if ($key eq '') then ' unlinked' else ''}" id="{$id-prefix}m{accumulator-before('ed:mention')}" title="{$title}"><xsl:apply-templates mode="in-link"/></span>
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
