/**
 * Generic cue words for person and organisation recognition: titles and ranks, speech verbs,
 * organisation head nouns, well-known given names. No corpus names: only vocabulary that any
 * English-language archival document of the period uses. Spans follow the project's annotation
 * guidelines (titles outside `persName`, TEI Guidelines 13.2.1 "Personal Names").
 */

const words = (s: string): Set<string> => new Set(s.split(/\s+/).filter(Boolean));

/** Titles, honorifics and ranks that precede a personal name and stay outside its span (lower case, no stop). */
export const TITLES = words(`
  mr mrs miss ms dr sir lord lady dame herr frau fraulein fräulein comrade professor prof monsieur mme madame mlle
  signor senor señor general gen lieutenant lt colonel col major maj captain capt admiral adm commander cmdr marshal
  field-marshal sergeant sgt corporal cpl private pte brigadier ambassador minister consul consul-general count countess
  baron baroness prince princess king queen emperor empress premier senator judge justice bishop archbishop cardinal
  father reverend rev pastor chancellor president vice-president governor governor-general commissioner secretary
  under-secretary director chief inspector superintendent deputy delegate envoy attaché attache counsellor counselor
  member party-member doctor dr. mister viscount earl duke marquess marquis generaloberst generalleutnant
  oberst hauptmann leutnant gauleiter kreisleiter reichsleiter reichsminister reichsfuehrer reichsführer
  obergruppenfuehrer gruppenfuehrer brigadefuehrer standartenfuehrer obersturmbannfuehrer sturmbannfuehrer
  hauptsturmfuehrer obersturmfuehrer untersturmfuehrer stubaf oberstubaf ostubaf hstuf ustuf regierungsrat
  ministerialrat ministerialdirektor staatssekretaer staatssekretär gaustabsamtsleiter ortsgruppenleiter
  graf freiherr ritter sultan pandit sheikh emir maharaja tunku tengku dato haji surgeon physician commander-in-chief c-in-c chief-of-staff krim-assistent kriminalrat kriminalkommissar director-general secretary-general councillor councilor alderman mayor burgomaster fuehrer führer duce kaiser tsar czar marshall stabsleiter
`);

/** Words that may precede a title in a chain (`Reich Minister`, `Lt. Col.`, `Prime Minister`, `Vice Admiral`). */
export const TITLE_MODIFIERS = words(`
  reich vice deputy acting prime foreign high rear field brigadier air chief under assistant state first second
  lieutenant lt senior junior party herr frau general ministerial
`);

/** German rank and office words are open compounds: `…rat`, `…leiter`, `…führer` act as titles. */
export const TITLE_SUFFIX = /(rat|leiter|f(?:ue|ü)hrer|sekret(?:ae|ä)r|direktor|meister|assistent|pr(?:ae|ä)sident|kommissar)$/i;

/** Verbs of speech and action that follow (or, inverted, precede) a person's name in records of conversation. */
export const SPEECH_VERBS = words(`
  said says stated states replied replies asked asks answered answers told tells declared declares added adds
  repeated repeats promised promises agreed agrees thanked thanks explained explains remarked remarks observed
  suggested suggests insisted insists informed informs pointed refrained concurred expressed emphasised emphasized
  urged urges handed showed wrote writes telegraphed cabled inquired enquired admitted denied protested assured
  reminded mentioned requested proposed considered thought felt believed wished wanted hoped feared knew
  confirmed indicated intimated undertook continued went came returned arrived left visited called saw
`);

/** Adverbs allowed between a name and its speech verb (`Shigemitsu further stated`). */
export const SPEECH_ADVERBS = words('then also again further however thereupon finally next immediately at once');

/** Head nouns that make a capitalised phrase an organisation (`Foreign Office`, `Ministry of Labour`). */
export const ORG_HEADS = words(`
  office ministry department dept archives archive police party league committee council assembly court tribunal
  army navy commission bureau service staff chancellery chancellory chancery presidium company corporation bank
  institute university agency board admiralty parliament secretariat federation association society youth union
  division corps regiment brigade battalion fleet command headquarters legion academy library museum press times
  post herald gazette zeitung tribune chronicle telegraph journal news beobachter railway railways airways
  organisation organization directorate inspectorate commissariat delegation mission exchange chamber syndicate
  trust cartel works werke industries group gruppe stelle kommando gestapo wehrmacht luftwaffe kriegsmarine
  reichstag reichswehr reichsbank comintern administration directorate-general conference-secretariat hospital
`);

/** Heads that are generic on their own (`the Government`, `the Embassy`): an organisation only as `… Government of the …`. */
export const GENERIC_HEADS = words('government embassy legation consulate cabinet conference chamber mission delegation');

/** Organisations that are one word (TEI `orgName`), recognised without a head noun. */
export const SINGLE_ORGS = words(`
  admiralty gestapo wehrmacht luftwaffe kriegsmarine reichstag reichswehr reichsbank comintern kremlin
  reichsrat bundesrat sejm duma knesset wafd kuomintang reichsregierung abwehr volkssturm reichsarbeitsdienst
`);

/** Well-known acronyms of institutions of the period (generic, not corpus-specific). */
export const ORG_ACRONYMS = words(`
  NSDAP RSHA SD OKW OKH OKL OKM HJ DAF NKVD OGPU GPU MVD NKID ILO BBC FBI JAG JAGD BCRA FFC FFI UNRRA SHAEF IMT
  IMTFE NATO UNO UN KPD SPD SOPADE TASS SIPO KRIPO ORPO SIPO WVHA VOMI RKFDV BDM NSV NSKK OSS CIA RAF RAAF RAN
  AIF NKGB GRU
`);

/** Country demonyms and adjectives: never places, and trimmed from the left of organisation names. */
export const DEMONYMS = words(`
  american australian austrian belgian british bulgarian canadian chinese czech danish dutch english estonian
  finnish french german greek hungarian indian irish italian japanese latvian lithuanian manchurian mexican
  norwegian persian polish portuguese roumanian rumanian romanian russian scottish serbian siamese slovak soviet
  spanish swedish swiss turkish ukrainian welsh yugoslav allied axis imperial-japanese jew jews jewish aryan
  european europeans asian asians asiatic african africans oriental sudeten scandinavian balkan baltic-german
  aryans nazi nazis bolshevik bolsheviks communist communists fascist fascists nationals
`);

/** Given names common in European, American, Russian and Australian documents of the period (lower case). */
export const GIVEN_NAMES = words(`
  adolf albert alexander alexandre alfred alois andreas andrei andrey anna anthony anton antonio archibald arthur
  august bernhard bruno carl charles christian claude clement cordell daniel david dmitri douglas edmund
  edouard edward edwin elise elisabeth elizabeth emil erich ernst eugen eugene felix ferdinand francis frank franz
  frederick friedrich fritz georg george georges gerhard gottlob gregor gustav hans harold harry heinrich
  helmut henri henry herbert hermann hjalmar horace hugh hugo ivan jacques james jan jean joachim johann johannes
  john joseph josef julius karl kurt lawrence leon leonard leopold louis ludwig marie maria martin mary matthew
  maurice max maxim maxime maximilian michael michel mikhail nikolai nikolaus neville oskar oswald otto paul pavel
  percy peter philip philipp pierre richard robert roger rudolf rudolph samuel sam stanley stefan
  stephen theodor theodore thomas vladimir viktor victor walter walther werner wilhelm william winston wolfgang
  yosuke koki mamoru shigenori hachiro hideki kuniaki fumimaro mitsumasa maxim vyacheslav joseph lavrenti
  kliment semyon sergei sergey yakov boris grigori grigory konstantin alexei aleksei nikita lev leo
  franklin harry dwight douglas cordell sumner joseph lord neville anthony stafford clement ernest reginald cecil stuart keith frederic jules raymond rene rené andre andré marcel emile françois francois
  heinz hanns erwin eduard konrad manfred dietrich siegfried arnold alfried gustav hubert ulrich waldemar
  anthony duff kingsley malcolm norman owen percival ralph rex roland ronald ross rupert sidney stanley trevor
  walter wilfred william clive colin denis donald alan allan arthur basil bernard charles
  herr count baron
`);

/** Months and days: capitalised, never names. */
export const CALENDAR = words(`
  january february march april may june july august september october november december jan feb mar apr jun jul
  aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday christmas easter whitsun
  pentecost
`);

/** Capitalised function words and sentence openers that never start a name. */
export const NON_NAME = words(`
  the a an and or of in on at to by for with from as is it its be but not no so if this that these those there
  then than when where which who whom whose what why how he she they we you i me my our your his her their them
  us all any some each every both either neither one two three four five six seven eight nine ten first second
  third after before during since until while although though because however therefore moreover further also
  again yes copy translation certificate document exhibit note subject reference source signed signature
  secret top confidential memorandum letter telegram cablegram dispatch despatch minute report record enclosure
  attachment annex appendix file doc no nr nos vol volume section part chapter paragraph article item dear having being
  heil re ref cc p pp ibid see cf per sgd initial initialed certified authenticated received sent
  express urgent personal private most immediate important draft extract reich ss sa heil seal privy stamp rubber
`);

/** Phrases (as folded words) that introduce a signature: the name follows. */
export const SIGNATURE_MARKS = ['s', 'ss', 't', 'sgd', 'signed', 'signature', 'initial', 'initialed', 'sig'];

/** Abbreviated titles that take a stop (`Mr.`, `Lt.`): a stop after a full word (`Minister.`) ends a sentence. */
export const TITLE_ABBREVIATIONS = words('mr mrs ms dr lt col gen capt maj prof sgt adm cmdr rev pte cpl st m mme mlle stubaf hstuf ustuf ostubaf oberstubaf brig comdr insp supt hon messrs');

/** Words after a capitalised name that show it is a person (`Hirota who attended`). */
export const PERSON_AFTER = words('who whom whose himself herself');

/** Honorifics that make the next capitalised word a name even when it is also a common word (`Mr Page`). */
export const HONORIFICS = words('mr mrs ms miss dr sir lord lady dame herr frau fraulein fräulein comrade professor prof monsieur madame mme mlle mister signor senor señor messrs');

/** Newspaper heads: an organisation only after `the` or an opening quote (`the Morning Post`), never in a name (`Van Der Post`). */
export const NEWSPAPER_HEADS = words('times post herald gazette tribune chronicle telegraph journal news beobachter zeitung argus age mail express');

/** Auxiliaries after a bare name that show it acts (`Sjahrir has asked`): a weaker cue than speech verbs. */
export const ACTION_AUXILIARIES = words('has had was would will could did');

/** Capitalised institutional and common nouns that are never a person's name (`Commonwealth has`, `Treasury would`). */
export const NOT_PERSON = words(`
  commonwealth treasury crown empire dominion dominions allies mandate congress senate house church god christ
  lords commons parliament republic kingdom state states nation nations union war peace army navy gouvernement
  government whoever whatever whenever wherever furthermore inc ltd putsch jewry ost west nord sued süd diary
  papers memoirs group majesty majesty's excellency highness holiness lordship eminence govt chairman treasurer
  republican republicans republics nationalist nationalists loyalist loyalists royalist royalists socialist
  socialists squadron battalion delegation delegations
  exchequer affairs agendum sub-committee co-ordination coordination secretary-general indies
`);
