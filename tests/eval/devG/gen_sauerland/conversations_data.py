# Conversation data for sauerland_1.yml. cart lines: (shop, product, quantity) or (shop, "voucher", amount)
# slot: ("delivery", "YYYY-MM-DDTHH:MM") or ("pickup", "YYYY-MM-DDTHH:MM", station); offset added by the generator.
BAE, MET, HOF, KAE, FOR, GET, GEM, IMK, BLU, SKI = (
    "baeckerei-kemmerling", "landmetzgerei-hesse", "hof-schulte", "hofkaeserei-wiegelmann",
    "forellenhof-gierse", "getraenke-kotthoff", "obst-gemuese-rickert", "imkerei-vollmer",
    "blumenhaus-rameil", "rad-ski-braun")

C = []
def conv(id, channel, now, customer, tags, turns, cart, slot=None):
    C.append(dict(id=id, channel=channel, now=now, customer=customer, tags=tags, turns=turns, cart=cart, slot=slot))

conv("sau-pillekuchen-erpel", "voice", "2027-09-08T09:15",
     dict(name="Marlies Hömberg", phone="+49 2981 923140", municipality="winterberg", street="Am Waltenberg 12"),
     ["dialect-sauerland", "regional-word", "greeting-name", "correction-replace", "kg-to-sacks", "two-shops-same-product", "delivery"],
     ["ja guten morgen hier is hömberg aus winterberg äh ich wollt für pillekuchen einkaufen",
      "also ich brauch fünf kilo erpel mehlige vom bauer schulte und zehn eier auch vom schulte",
      "und ähm zwei becher schmand und n stück milden hofkäse so dreihundert gramm von der käserei",
      "nee warten se doch lieber festkochende die erpel also festkochend fünf kilo",
      "dann bringen se mir dat freitach vormittach bitte"],
     [(HOF, "kartoffeln-festkochend-5", "1"), (HOF, "eier-10", "1"), (KAE, "schmand", "2"), (KAE, "hofkaese-mild", "0.3")],
     ("delivery", "2027-09-10T09:00"))

conv("sau-kiste-selters", "telegram", "2027-09-14T19:40",
     dict(name="Thomas Rörig", phone="+49 171 4402318", municipality="winterberg"),
     ["dialect-sauerland", "regional-word", "crates", "age-restricted", "two-shops-same-product", "no-slot"],
     ["n'abend 👋 2 kisten selters u. 1 kiste stilles",
      "und ne kiste veltins 0,5er",
      "ach und 6 pullen apfelsaft naturtrüb einzeln, auch vom kotthoff",
      "Termin mach ich später, danke"],
     [(GET, "wasser-classic-kasten", "2"), (GET, "wasser-still-kasten", "1"), (GET, "veltins-kasten-20", "1"),
      (GET, "apfelsaft-naturtrueb-flasche", "6")])

conv("sau-wocheneinkauf-lang", "voice", "2027-09-23T10:30",
     dict(name="Willi Schmidt", phone="+49 2961 771205", municipality="brilon", street="Keffelker Straße 31"),
     ["dialect-sauerland", "long", "greeting-name", "pound", "fee-question", "correction-quantity", "asr-misheard", "delivery"],
     ["ja hallo tach auch hier is der willi schmidt aus brilon ich wollt mal wat bestellen",
      "also vom bäcker kämmerling n großes bauernbrot und sechs brötchen und vier vollkornbrötchen",
      "dann vom metzger ein pfund gehacktes gemischt und vier grobe brat würste",
      "äh und wat kost eigentlich die lieferung bei euch",
      "na gut dann noch n stück zwiebelkuchen nee zwei stück",
      "und die vollkornbrötchen doch nur zwei",
      "liefern se mir dat samstach vormittach",
      "jo dat wars danke"],
     [(BAE, "bauernbrot-1500", "1"), (BAE, "weizenbroetchen", "6"), (BAE, "vollkornbroetchen", "2"),
      (BAE, "zwiebelkuchen-stueck", "2"), (MET, "hackfleisch-gemischt", "0.5"), (MET, "bratwurst-grob", "4")],
     ("delivery", "2027-09-25T09:30"))

conv("sau-fitzebohnen-wurzeln", "web", "2027-09-16T08:05",
     dict(name="Anne Kleinsorge", phone="+49 2962 840027", municipality="olsberg"),
     ["dialect-sauerland", "regional-word", "line-breaks", "pound", "pickup", "one-window-day"],
     ["Hallo, ich hätte gern vom Gemüse Rickert:\n1 Pfund Fitzebohnen\n1 kg Wurzeln\n2 Netze Zipollen\n1 Bund Suppengrün",
      "und n Kopp Kappes 🙂",
      "Kann ich das am Samstach in Olsberg am Bahnhof abholen? 9 bis 12 passt mir.",
      "Danke!"],
     [(GEM, "gruene-bohnen", "0.5"), (GEM, "moehren", "1"), (GEM, "zwiebeln-netz", "2"), (GEM, "suppengruen", "1"),
      (GEM, "weisskohl", "1")],
     ("pickup", "2027-09-18T09:00", "olsberg-bahnhof"))

conv("sau-forelle-betriebsurlaub", "telegram", "2027-09-27T12:00",
     dict(name="Petra Gierse-Vogt", phone="+49 160 5523871", municipality="schmallenberg"),
     ["shop-closed", "abbreviation", "pickup", "customer-name-like-shop-name"],
     ["hallo, ich hätte gern 4 geräucherte forellen und 2 pck geräuchertes forellenfilet vom gierse",
      "abholen freitag? ach nee, der gierse hat ja bis samstag urlaub, stand inner zeitung. dann montag nachmittag an der weststraße in schmallenberg",
      "danke 🐟"],
     [(FOR, "forelle-geraeuchert", "4"), (FOR, "forellenfilet-geraeuchert", "2")],
     ("pickup", "2027-10-04T15:00", "schmallenberg-weststrasse"))

conv("sau-allerheiligen-grab", "voice", "2027-10-28T16:20",
     dict(name="Gertrud Bracht", phone="+49 2962 3318", municipality="olsberg", street="Zur Hude 5"),
     ["holiday", "correction-replace", "dst", "everyday-word", "delivery"],
     ["ja hallo ähm ich bräucht n grabgesteck für allerheiligen und ne schale mit erika",
      "also nich die schale lieber zwei töpfe erika",
      "am montag is ja feiertag da fahrt ihr bestimmt nich also bringen se dat bitte samstag vormittag",
      "ja danke schön"],
     [(BLU, "grabgesteck", "1"), (BLU, "besenheide-topf", "2")],
     ("delivery", "2027-10-30T09:30"))

conv("sau-schinken-roh-gekocht", "web", "2027-10-05T14:10",
     dict(name="Stefan Kraft", phone="+49 2972 97431", municipality="schmallenberg"),
     ["typo", "shared-words", "grams-to-kg", "correction-quantity", "abbreviation", "no-slot"],
     ["Guten Tag, vom Metzger Hesse bitte 200 g rohen Schinken und 300 g gekochten Schinekn, beides geschnitten.",
      "Sorry, doch nur 200 gr gekochten",
      "Dazu 6 Mettenden",
      "Das wars erstmal, Termin mach ich später."],
     [(MET, "schinken-roh", "0.2"), (MET, "schinken-gekocht", "0.2"), (MET, "mettenden", "6")])

conv("sau-wild-sonntagsbesuch", "voice", "2027-10-13T18:45",
     dict(name="Franz-Josef Kräling", phone="+49 2972 6120", municipality="schmallenberg"),
     ["dialect-sauerland", "long", "greeting-name", "price-question", "correction-replace", "one-and-a-half", "pickup"],
     ["n abend hier is kräling aus schmallenberg wir kriegen am sonntag besuch und da wollt ich wat wild machen",
      "also vom gierse anderthalb kilo wildschweingulasch und acht wild bratwürste",
      "ach und hamse auch rehrücken wat kost der denn",
      "na dann lassen wer dat mit dem rehrücken aber noch n kilo rotkohl nee zwei köppe rotkohl vom rickert",
      "und vom schulte n sack mehlige kartoffeln zweieinhalb kilo",
      "abholen tu ich dat freitach nachmittach an der weststraße in schmallenberg",
      "jo danke dat wars"],
     [(FOR, "wildschweingulasch", "1.5"), (FOR, "wildbratwurst", "8"), (GEM, "rotkohl", "2"),
      (HOF, "kartoffeln-mehlig-2-5", "1")],
     ("pickup", "2027-10-15T15:00", "schmallenberg-weststrasse"))

conv("sau-honig-kluempkes", "telegram", "2027-10-12T09:00",
     dict(name="Jana Hellwig", phone="+49 152 33904512", municipality="medebach", street="Ölfestraße 8"),
     ["dialect-sauerland", "regional-word", "shop-closed", "variant-by-size", "delivery"],
     ["moin! vom imker vollmer bitte 2 gläser blütenhonig à 500g und ne tüte klümpkes 🍯",
      "und 1 waldhonig, den kleinen",
      "der vollmer hat ja diese woche urlaub, dann bitte nächsten montag abends liefern",
      "danke!"],
     [(IMK, "bluetenhonig-500", "2"), (IMK, "honigbonbons", "1"), (IMK, "waldhonig-250", "1")],
     ("delivery", "2027-10-18T17:00"))

conv("sau-alles-in-einem-satz", "voice", "2027-11-03T07:50",
     dict(name="Brigitte Sauer", phone="+49 2961 4471", municipality="brilon"),
     ["one-breath", "address-in-turn", "litres-to-bottles", "grams-to-kg", "variant-mild-wuerzig", "asr-split-words", "delivery"],
     ["guten morgen ich hätt gern ähm zwei liter milch und n halben liter buttermilch von der käserei wiegel mann und n stück würzigen käse so dreihundert gramm und dat bitte morgen abend liefern nach brilon derkere straße zwölf",
      "danke schön"],
     [(KAE, "vollmilch", "2"), (KAE, "buttermilch", "1"), (KAE, "hofkaese-wuerzig", "0.3")],
     ("delivery", "2027-11-04T17:00"))

conv("sau-getraenke-zeilen", "web", "2027-11-05T20:30",
     dict(name="Kevin Schnorbus", phone="+49 176 20985541", municipality="winterberg", street="Nuhnestraße 17"),
     ["typo", "crates", "line-breaks", "abbreviation", "correction-quantity", "cutoff-passed", "delivery"],
     ["Hi,\n2x Kasten Wasser medium\n1x Apfleschorle Kasten\n1 Kasten Cola\n1x Veltins alkoholfrei Kiste",
      "und das medium bitte nur 1 Kasten, dafür 1 Kasten still",
      "Lieferung Samstag geht ja nicht mehr, oder? Dann Dienstag morgens."],
     [(GET, "wasser-medium-kasten", "1"), (GET, "wasser-still-kasten", "1"), (GET, "apfelschorle-kasten", "1"),
      (GET, "cola-kasten", "1"), (GET, "veltins-alkoholfrei-kasten", "1")],
     ("delivery", "2027-11-09T09:00"))

conv("sau-stutenkerl-martin", "telegram", "2027-11-08T15:00",
     dict(name="Sabine Luckey", phone="+49 2961 90877", municipality="brilon"),
     ["typo", "regional-word", "dialect-sauerland", "pickup"],
     ["hallo, für St. Martin: 12 stutenkerle bei kemerling 😊",
      "und 1 krintenstuten",
      "abholen am Mittwoch in Brilon am Markt, so ab 4",
      "super danke"],
     [(BAE, "stutenkerl", "12"), (BAE, "rosinenstuten", "1")],
     ("pickup", "2027-11-10T15:00", "brilon-markt"))

conv("sau-gruenkohl-mettenden", "voice", "2027-11-16T11:10",
     dict(name="Heinz Bönnighausen", phone="+49 2982 1207", municipality="medebach"),
     ["kg-to-bags", "pound", "question-no-add", "no-slot"],
     ["ja hallo äh gibts schon grünkohl",
      "dann nehm ich n kilo grünkohl vom rickert und vier mettenden vom metzger hesse",
      "und n pfund durchwachsenen speck ja",
      "un n sack festkochende fünf kilo vom schulte",
      "den termin mach ich später danke tschüss"],
     [(GEM, "gruenkohl", "2"), (MET, "mettenden", "4"), (MET, "speck-durchwachsen", "0.5"),
      (HOF, "kartoffeln-festkochend-5", "1")])

conv("sau-ski-gutschein", "web", "2027-11-19T17:45",
     dict(name="Laura Kesting", phone="+49 151 64420981", municipality="winterberg"),
     ["voucher", "price-question", "no-slot"],
     ["Hallo! Ich möchte einen Gutschein vom Ski- und Radservice Braun über 50 € verschenken. Geht das?",
      "Und was kostet bei denen der Ski-Service?",
      "Ok, dann nur den Gutschein. Rest mach ich später fertig, danke!"],
     [(SKI, "voucher", "50.00")])

conv("sau-adventskranz-medebach", "telegram", "2027-11-24T10:00",
     dict(name="Ursula Dransfeld", phone="+49 2982 90155", municipality="medebach"),
     ["address-in-turn", "two-shops", "delivery"],
     ["guten morgen, ich hätte gern n adventskranz vom blumenhaus rameil und 4 bienenwachskerzen vom imker",
      "lieferung bitte samstag vormittag, Medebach, Oberstraße 21",
      "danke, passt so 👍"],
     [(BLU, "adventskranz", "1"), (IMK, "bienenwachskerze", "4")],
     ("delivery", "2027-11-27T09:30"))

conv("sau-federweisser-zwiebelkuchen", "voice", "2027-09-29T17:30",
     dict(name="Rainer Wullenweber", phone="+49 2981 8870", municipality="winterberg"),
     ["age-restricted", "correction-quantity", "seasonal", "no-slot"],
     ["hallo äh ich hätt gern vier flaschen federweißer",
      "und dazu vier stück zwiebelkuchen vom kemmerling",
      "ähm nee den federweißer doch nur drei flaschen",
      "dat wars erstma termin mach ich später"],
     [(GET, "federweisser", "3"), (BAE, "zwiebelkuchen-stueck", "4")])

conv("sau-asr-kartoffelsack", "voice", "2027-10-20T08:30",
     dict(name="Maria Schüttler", phone="+49 2982 4432", municipality="medebach"),
     ["asr-split-words", "dozen", "kg-to-sacks", "no-slot"],
     ["ja morgen ich bräuchte zwölf ein halb kilo kartoffeln mehlig ja vom hof schul te",
      "und ein dutzend eier auch von schulte",
      "und vom hof noch ne fla sche apfel saft natur trüb",
      "den liefertermin mach ich später ich muss erst gucken wann ich zu hause bin"],
     [(HOF, "kartoffeln-mehlig-12-5", "1"), (HOF, "eier-6", "2"), (HOF, "apfelsaft-naturtrueb-hof", "1")])

conv("sau-kaese-mild-wuerzig", "web", "2027-10-07T12:20",
     dict(name="Nicole Hanses", phone="+49 2962 97720", municipality="olsberg"),
     ["variant-mild-wuerzig", "je", "grams-to-kg", "correction-quantity", "abbreviation", "no-slot"],
     ["Hallo, Hofkäserei Wiegelmann: je 250g Hofkäse mild und würzig, 1 Stk Butter, 1 Quark",
      "Ach, den milden bitte 400 g",
      "und n Becher Sahne. Danke, Termin später"],
     [(KAE, "hofkaese-mild", "0.4"), (KAE, "hofkaese-wuerzig", "0.25"), (KAE, "butter", "1"),
      (KAE, "speisequark", "1"), (KAE, "schlagsahne", "1")])

conv("sau-schmacht-frikadellen", "telegram", "2027-10-22T19:05",
     dict(name="Dirk Ebbers", phone="+49 172 9031177", municipality="schmallenberg", street="Obringhauser Weg 3"),
     ["small-talk-no-add", "dialect-sauerland", "unavailable-product", "no-slot"],
     ["nabend! schon schnee auf dem kahlen asten? 😄",
      "na egal. ich hab schmacht auf frikadellen: 6 frikadellen vom hesse bitte",
      "und n glas senf habt ihr nich oder?",
      "dann noch 4 brötchen vom bäcker. termin mach ich morgen, muss erst gucken wann ich da bin"],
     [(MET, "frikadelle", "6"), (BAE, "weizenbroetchen", "4")])

conv("sau-sonntag-rouladen", "web", "2027-09-02T21:00",
     dict(name="Hildegard Hennecke", phone="+49 2981 2290", municipality="winterberg", street="Hagenstraße 9"),
     ["sunday", "grams-to-kg", "decimal-comma", "regional-word", "delivery"],
     ["Guten Abend,\nich bräuchte für Sonntag: 1,2 kg Rinderrouladen, 1 kg Sauerbraten eingelegt. Vom Metzger.",
      "Sonntags liefert ihr nicht, oder? dann Sonnabend früh.",
      "Ach und eine Knolle Sellerie und ein Bund Suppengrün vom Gemüsehändler.",
      "Danke, das wäre alles."],
     [(MET, "rinderrouladen", "1.2"), (MET, "sauerbraten", "1"), (GEM, "knollensellerie", "1"), (GEM, "suppengruen", "1")],
     ("delivery", "2027-09-04T09:30"))

conv("sau-gartenfeier-bier", "voice", "2027-09-10T16:00",
     dict(name="Markus Nölke", phone="+49 2961 50318", municipality="brilon"),
     ["dialect-sauerland", "regional-word", "crates", "age-restricted", "correction-quantity", "variant-by-size", "asr-misheard", "no-slot"],
     ["tach ich mach am samstag ne kleine feier im garten ich bräucht getränke",
      "drei kisten feltins die kleinen flaschen also null komma drei drei und ne flasche korn für n pinneken zwischendurch",
      "und zwei kisten selters",
      "äh nee doch vier kisten von dem bier",
      "den termin mach ich gleich selber im netz danke"],
     [(GET, "veltins-kasten-24", "4"), (GET, "korn", "1"), (GET, "wasser-classic-kasten", "2")])

conv("sau-aeppel-zwetschen", "telegram", "2027-09-20T07:40",
     dict(name="Carina Vielhaber", phone="+49 157 70334419", municipality="olsberg"),
     ["dialect-sauerland", "regional-word", "remove-item", "decimal-comma", "two-shops-same-product", "no-slot"],
     ["morgen 🙂 2 kg zwetschen und 1,5 kg äppel elstar vom rickert",
      "u. 5 zitronen",
      "die zitronen raus, hab noch welche",
      "Lieferung klär ich später 👍"],
     [(GEM, "zwetschen", "2"), (GEM, "aepfel-elstar-rickert", "1.5")])

conv("sau-milch-eier-kaeserei", "voice", "2027-10-26T13:00",
     dict(name="Elisabeth Stratmann", phone="+49 2962 6021", municipality="olsberg"),
     ["greeting-name", "litres-to-bottles", "half-pound", "two-shops-same-product", "no-slot"],
     ["hallo hier is frau stratmann aus olsberg ich hätt gern vom wiegelmann zehn eier und drei liter milch",
      "und ein liter buttermilch",
      "und n halbes pfund butter",
      "wann ich dat abhol sach ich später danke"],
     [(KAE, "eier-10-kaeserei", "1"), (KAE, "vollmilch", "3"), (KAE, "buttermilch", "2"), (KAE, "butter", "1")])

conv("sau-gemuese-raus-statt", "web", "2027-11-10T09:30",
     dict(name="Julia Tigges", phone="+49 2972 90066", municipality="schmallenberg"),
     ["typo", "line-breaks", "remove-item", "correction-replace", "grams-to-packs", "abbreviation", "no-slot"],
     ["Hallo zusammen,\nbitte vom Rickert: 1 Wirsing, 2 Stangen Porree, 500gr Champingons, 1 Gurke, 1kg Tomaten",
      "Die Gurke raus bitte. Und statt Wirsing lieber einen Weißkohl",
      "Noch 2 Schalen Feldsalat.",
      "Termin mache ich später 👍"],
     [(GEM, "weisskohl", "1"), (GEM, "porree", "2"), (GEM, "champignons", "2"), (GEM, "rispentomaten", "1"),
      (GEM, "feldsalat", "2")])

conv("sau-pfifferlinge-heute", "telegram", "2027-09-17T11:30",
     dict(name="Sven Rickert", phone="+49 170 8812064", municipality="winterberg"),
     ["grams-to-kg", "correction-quantity", "same-day", "customer-name-equals-shop-name", "pickup"],
     ["hallo! 300g pfifferlinge vom rickert und 800 gr rehgulasch vom gierse",
      "rehgulasch doch 1 kg",
      "holen wir heute nachmittag am bahnhof winterberg ab"],
     [(GEM, "pfifferlinge", "0.3"), (FOR, "rehgulasch", "1")],
     ("pickup", "2027-09-17T15:00", "winterberg-bahnhof"))

conv("sau-brot-fuer-kniften", "web", "2027-10-01T08:00",
     dict(name="Andreas Stracke", phone="+49 2961 77810", municipality="brilon"),
     ["variant-by-size", "shared-words", "regional-word", "correction-quantity", "no-slot"],
     ["guten morgen, für die kniften die woche: n vollkornbrot, das kleine, und n roggenmischbrot, das große",
      "und 10 brötchen... nee 12",
      "+ 5 laugenbrezeln",
      "termin mach ich nachher, danke schön"],
     [(BAE, "vollkornbrot-500", "1"), (BAE, "roggenmischbrot-1000", "1"), (BAE, "weizenbroetchen", "12"),
      (BAE, "laugenbrezel", "5")])

conv("sau-stuecker-fuenf", "telegram", "2027-11-12T18:00",
     dict(name="Bernd Feldmann", phone="+49 2981 3341", municipality="winterberg"),
     ["dialect-sauerland", "regional-word", "pound", "no-slot"],
     ["n'abend. vom metzger so stücker fünf bratwürste, die feinen, und n pfund mett",
      "und 1 kg kotelett",
      "termin später, schönen abend noch"],
     [(MET, "bratwurst-fein", "5"), (MET, "schweinemett", "0.5"), (MET, "schweinekotelett", "1")])

conv("sau-kuerbissuppe", "web", "2027-10-18T16:00",
     dict(name="Miriam Wiese", phone="+49 2982 77113", municipality="medebach"),
     ["typo", "regional-word", "price-question", "correction-quantity", "three-shops", "no-slot"],
     ["Hallo, für ne Kürbissuppe: 2 Hokkaido vom Hof Schulte, 1 Bund Petersillie vom Rickert und n Netz Zipollen auch vom Rickert",
      "Was kostet ein Hokkaido?",
      "Ok, dann 3 Hokkaido.",
      "Und 1 Becher Sahne und ca. 300 g würzigen Hofkäse von der Käserei. Termin später."],
     [(HOF, "kuerbis-hokkaido", "3"), (GEM, "petersilie", "1"), (GEM, "zwiebeln-netz", "1"), (KAE, "schlagsahne", "1"), (KAE, "hofkaese-wuerzig", "0.3")])

conv("sau-apfelsaft-kisten", "telegram", "2027-09-06T10:00",
     dict(name="Wolfgang Dünnebacke", phone="+49 2981 1094", municipality="winterberg"),
     ["typo", "crates", "variant-naturtrueb-klar", "age-restricted", "no-slot"],
     ["tach! 2 kisten apfelsaft naturtüb + 1 kiste klar",
      "und ne kiste warsteiner",
      "termin mach ich später, danke"],
     [(GET, "apfelsaft-naturtrueb-kasten", "2"), (GET, "apfelsaft-klar-kasten", "1"), (GET, "warsteiner-kasten-20", "1")])

conv("sau-mama-geburtstag", "web", "2027-09-12T19:00",
     dict(name="Katrin Beste", phone="+49 163 4409912", municipality="olsberg"),
     ["address-in-turn", "shop-closed-before", "two-shops", "variant-by-size", "delivery"],
     ["Hallo, meine Mutter hat morgen Geburtstag 🎂 Ich hätte gern einen großen Blumenstrauß vom Blumenhaus Rameil und 5 rote Rosen extra",
      "Lieferung morgen abends an Mama: Olsberg, Ruhrstraße 15",
      "und noch nen Glas Waldhonig 500 g vom Imker dazu",
      "Danke, das passt so"],
     [(BLU, "strauss-gross", "1"), (BLU, "rose-rot", "5"), (IMK, "waldhonig-500", "1")],
     ("delivery", "2027-09-13T17:00"))
