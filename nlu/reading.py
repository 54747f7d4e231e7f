"""One structured reading of everything a resident said in one turn.

A turn often carries several kinds of content at once: "ja passt so, bringen Sie das
Dienstag früh, Kirchstraße 4, 48727 Billerbeck" is a confirmation, a delivery wish with a
day and a daypart, and an address. :func:`read` finds all of it, typed, and leaves in
``Reading.content`` only the words that may still name goods. Words that are none of these
(a closing, a thank-you, a caller's name and town, "ich brauch heute einiges") are noise and
never reach the product matcher, so "ja, das passt so" is never answered "Passt habe ich
leider nicht im Angebot".

Everything here is pure and rule-based (whole words only: "Strauß" contains no "raus");
it runs with or without Rasa. The dialogue acts on a reading in a fixed order (see
``bot.dialogue.engine``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from nlu.resolution.dates import AFTER_WORK_PHRASE, ASAP_PHRASES, EVENING_PHRASE, REGIONAL_WHEN_WORDS, WHEN_WORDS
from nlu.resolution.lexicon import lexicon
from nlu.resolution.normalize import ABBREVIATIONS, fold
from nlu.resolution.quantity import is_amount_word
from nlu.resolution.sounds import standard_form

__all__ = ["Act", "Address", "QuestionKind", "Reading", "find_address", "read", "standard_words",
           "without_amount_taken_back"]


class Act(StrEnum):
    """What a turn does besides naming goods."""

    CONFIRM = "confirm"          # ja, genau, passt so, alles richtig, machen wir so 👍
    DENY = "deny"                # nein, nee, lieber nicht
    DONE = "done"                # das wars, mehr nicht, bestellen: the shopping list is complete
    THANKS = "thanks"
    GREETING = "greeting"
    GOODBYE = "goodbye"
    APOLOGY = "apology"          # Entschuldigung, sorry
    INTRODUCTION = "introduction"  # hier ist Meier aus Billerbeck
    CORRECTION = "correction"    # statt, lieber, doch nur, sondern, mach … draus
    REMOVAL = "removal"          # raus, streichen, weglassen
    REPEAT_ITEM = "repeat_item"  # dasselbe nochmal (in klein)
    REPEAT_ALL = "repeat_all"    # das Ganze nochmal, alles doppelt: every line of the cart twice
    CLEAR = "clear"              # vergessen Sie das alles, alles löschen, von vorne
    REPEAT = "repeat"            # wie bitte, nochmal sagen
    HELP = "help"
    PERSON = "person"            # a human, please
    SHOW_CART = "show_cart"      # was habe ich im Korb
    SMALLTALK = "smalltalk"      # wie geht's, schönes Wetter
    LATER = "later"              # den Termin mache ich später: no window now, the cart is kept
    ALLERGEN_QUESTION = "allergen_question"  # ist im Streuselkuchen Nuss drin? (Reading.allergens)
    AGE = "age"                  # ich bin 17, ich bin volljährig (Reading.age)
    PRODUCT_QUESTION = "product_question"  # haben Sie auch …? was kostet …?
    DELIVERY_QUESTION = "delivery_question"  # was kostet die Lieferung? ab wie viel ist sie kostenlos?
    STATION_QUESTION = "station_question"    # wo kann man abholen? welche Abholstationen gibt es?
    HOURS_QUESTION = "hours_question"        # bis wann hat der Laden samstags offen? wie lange hat die Station auf?
    AGE_QUESTION = "age_question"            # muss ich für den Met volljährig sein? ab wie viel Jahren …?
    DEPOSIT_QUESTION = "deposit_question"    # wie viel Pfand ist auf den Flaschen? was kostet das Pfand am Kasten?


class QuestionKind(StrEnum):
    """The questions the dialogue asks and waits to have answered (``State.pending.kind``)."""

    ITEM = "item"
    QUANTITY = "quantity"
    REMOVE = "remove"
    EDIT = "edit"
    FULFILMENT = "fulfilment"
    STATION = "station"
    POSTCODE = "postcode"
    WINDOW = "window"
    NAME = "name"
    PHONE = "phone"
    STREET = "street"
    PAYMENT = "payment"
    LINK_TO = "link_to"
    CONFIRM_ORDER = "confirm_order"
    RESUME = "resume"
    REORDER = "reorder"
    CLEAR_CART = "clear_cart"
    CANCEL_ORDER = "cancel_order"
    VOUCHER = "voucher"
    MIN_ORDER = "min_order"      # a shop's part below its minimum: add to it or drop it
    AGE = "age"                  # Sind Sie mindestens 18 Jahre alt?


_NUMBER_WORDS = ("eins|ein|eine|zwei|drei|vier|funf|sechs|sieben|acht|neun|zehn|elf|zwolf|dreizehn|vierzehn|"
                 "funfzehn|sechzehn|siebzehn|achtzehn|neunzehn|zwanzig|einundzwanzig|zweiundzwanzig|"
                 "dreiundzwanzig|vierundzwanzig|funfundzwanzig|dreissig|vierzig|funfzig")
_NUMBER_WORD = rf"(\d+|einen|{_NUMBER_WORDS})"

# Patterns over the folded text (lower case, umlauts folded, ß→ss, punctuation gone), each
# a whole-word phrase. The span a pattern matches is taken out of the content words.
_ACT_PATTERNS: tuple[tuple[Act, str], ...] = (
    (Act.DELIVERY_QUESTION, r"(was|wie ?viel) (kostet|kosten|kost) (denn |bei ihnen |bei euch |eigentlich |hier |dann )*"
                            r"(die |eine |das )?"
                            r"(lieferung|liefern|zustellung|bringen|lieferkosten|liefergebuhr)|"
                            r"(liefergebuhr|lieferkosten|versandkosten)( \w+){0,3}\?|"
                            r"ab (wie ?viel|welchem betrag|welchem bestellwert)( euro)? (ist|wird|liefern|bringen|"
                            r"kostet)( \w+){0,4}? (kostenlos|umsonst|gratis|frei|nichts)|"
                            r"(ist|wird) (die lieferung|das liefern) (kostenlos|umsonst|gratis|frei)"),
    # "was kost das Pfand aufm Kasten?", "Wie viel Pfand ist auf den Flaschen?"
    (Act.DEPOSIT_QUESTION, r"((was|wie ?viel) (kostet|kost|ist|macht|betragt|nehmt|nehmen)( (?!mit\b|inklusive\b|inkl\b|plus\b|ohne\b)\w+){0,3}? pfand|"
                           # "was kostet bei der Kiste eigentlich das Pfand"
                           r"(was|wie ?viel) (kostet|kost|ist|macht) (bei|auf|fur) (der|dem|den|die|einer|einem|einen) \w+"
                           r"( eigentlich| denn| da| so)* (das |der )?pfand|"
                           # ("wie viel Pfand kostet ein Kasten Schwarzbier" asks about those goods)
                           r"wie ?viel pfand(?! (kostet|kost|hat|haben)\b)|(gibt es|gibts|ist|kommt) (da |denn |auch |noch )*pfand)"
                           # ("… bei einem Kasten Pils mit den halben Litern?": the goods asked about, not ordered)
                           r"(( ist| sind| is| kommt| gibt es)?( (auf|aufm|aufn|fur|furs|bei|beim|am|an|pro|je)( den| dem| der| die| das| einen| eine| einem| einer)?"
                           r" \w+(?: (?!und\b|dann\b|noch\b)\w+){0,5}(?= *$)))?"),
    (Act.STATION_QUESTION, r"wo (kann|konnen|darf) (man|ich|wir) (\w+ ){0,3}?(abholen|holen)|"
                           r"(welche|was fur|wo sind (die|ihre|eure)?) ?abhol(stationen|station|stellen|punkte|orte)|"
                           r"wo (ist|sind|gibt es) (die |eine |ihre |eure )?abhol\w*"),
    # "hat der Hoffmann samstags eigtl bis wann offen?", "wie lange hat die Abholstation heute auf?":
    # the day and the place in it are asked about, not chosen
    (Act.HOURS_QUESTION, r"((bis )?wann|wie lange?|ab wann) (hat|haben|habt|hot|ist|sind|macht|machen|mach) "
                         r"(\w+ ){0,6}?(offen|auf|geoffnet|zu)(?= *$| (denn|eigentlich|eigtl|so|heute|morgen)\b)|"
                         r"(hat|haben|habt|hot|ist|sind) (\w+ ){0,6}?(bis )?(wann|wie lange?) (offen|auf|geoffnet)|"
                         r"(die |ihre |eure )?offnungszeiten( (von|vom|der|des|am|an der)( \w+){1,3})?|"
                         # "habt ihr montags auch offen?", "hat der Hepp samstags auf?"
                         r"(habt|haben|hat|hot|hend) (ihr|sie|se)( (auch|denn|eigentlich|noch|schon|heute|morgen|am|an|"
                         r"den|feiertag|feiertags|feiertagen|montags|dienstags|mittwochs|donnerstags|freitags|"
                         r"samstags|sonnabends|sonntags|vormittags|nachmittags|abends|morgens|mittags)){0,4} "
                         r"(offen|auf|geoffnet)(?= *$)"),
    # "Muss ich für den Met eigentlich volljährig sein?": asks about the age limit, states no age
    # and orders nothing
    (Act.AGE_QUESTION, r"(muss|muss man|mussen|brauch|darf) (ich|man|wir|mer|se|sie) (\w+ ){0,6}?"
                       r"(volljahrig|erwachsen|(mindestens |uber |schon )?(16|18|sechzehn|achtzehn)( jahre)?( alt)?)"
                       r"( sein| werden)?( (fur|bei) (den|die|das|dem|ein|eine|einen) \w+)?(?= *$| (um|oder|wenn)\b)|"
                       r"ab (wie ?viel|welchem) (jahren|alter)( \w+){0,6}|wie alt (muss|mussen) (man|ich|wir) (\w+ ){0,4}?sein|"
                       # "gibts da was mit Alter oder so, muss ich da was vorzeigen?"
                       r"gibt\w* (da |es )?(was|etwas) mit (dem )?alter|(eine |ne |n )?altersgrenze|altersbeschrankung|"
                       r"(muss|mussen) (ich|man|wir) (da |dann |den |meinen |einen |nen |ne |n |eine |so |denn |auch |wohl )*"
                       r"(was|ausweis|personalausweis) (vor)?zeigen( (wegen|fur|beim|bei) (dem|der|des|den|die|das) \w+)?|"
                       # "Met darf man ab 16 kaufen oder erst ab 18?"
                       r"(darf|kann|konnen|durfen) (man|ich|wir|mer) (\w+ ){0,3}?ab (16|18|sechzehn|achtzehn)( jahren?)? "
                       r"(kaufen|trinken)( oder (erst )?ab (16|18|sechzehn|achtzehn))?|"
                       # "muss beim Glühwein einer von uns 18 sein?"
                       r"(muss|mussen) (\w+ ){0,3}?(einer|jemand) (von uns |davon )?(volljahrig|(mindestens |uber |schon )?"
                       r"(16|18|sechzehn|achtzehn)( jahre)?( alt)?) sein|"
                       # "Bärwurz geht erst ab 18, oder?", "muss do öbber de Ausweis zeige wenn mer des Bier abholt"
                       r"(geht|gibts|gibt es|ist|is|isch) (der |die |das |den |des )?(\w+ )?(erst |nur )?ab (16|18|sechzehn|achtzehn)"
                       r"( jahren?)?(?= *$| (oder|gell|ne|oda|odda|wa)\b)|"
                       r"(muss|mussen) (\w+ ){0,3}?(der |de |den |meinen |einen |n |nen )?(ausweis|perso|personalausweis) "
                       r"(vor)?(zeigen|zeige|zeiga|dabei haben|mitbringen)"),
    (Act.PRODUCT_QUESTION, r"(sagen (sie|se) mal )?(haben|habt|habts|ham|habet|hent) (sie|ihr|se)"
                           r"( auch| au| aa| denn| noch| eigentlich| schon| zufallig| vielleicht| heute| da)*|"
                           r"(was|wat|wie ?viel) (\w+ )?(kostet|kosten|kost|koscht|koschtet|koschte)( denn| eigentlich| bei ihnen| bei euch)*|"
                           r"wie teuer (ist|sind)( denn)?|(fuhren|verkaufen) sie( auch)?|"
                           # "Machen Sie auch Schlüssel nach?", "bietet ihr auch Lohnmosten an?": a service asked about
                           r"(machen|macht|bieten|bietet) (sie|ihr|se) (auch|eigentlich|denn)( auch| eigentlich| denn)*|"
                           # "gibts schon Grünkohl?", "gibt es bei euch auch Mettenden?"
                           r"(gibts|gibt es|gibt s)( schon| noch| auch| denn| eigentlich| bei (ihnen|euch))+|"
                           # "Binden Sie eigentlich auch alte Kränze neu?": any verb first, at the start, asked
                           # with "eigentlich" ("Legen Sie auch Petersilie dazu" orders it)
                           r"^(\w+ )?(?!ich|wir)[a-z]{3,}(en|rn|ln|t) (sie|ihr|se) (auch |denn )*eigentlich( auch| denn)*|"
                           # "wie schwer is denn so e Forell ungefähr": asked about the goods, none ordered
                           r"wie (schwer|gross|lang) (ist|is|isch|sind|san|wird|werden)( denn| eigentlich| so| ungefahr)*"
                           r"( (ein|eine|e|en|a|n|der|die|das))?|"
                           r"was wiegt( denn| eigentlich| so)*( (ein|eine|e|en|a|n|der|die|das))?|"
                           # "Welche Größen haben Sie?": asks for the sizes, says none
                           r"welche (grossen|grosse|sorten|arten|varianten)( (haben|habt|hent|gibt es|gibts)( sie| ihr| es| da)*)?|"
                           # "haben die Pfannkuchen auch Eierlikörfüllung?", "sind die Erdbeeren von hier":
                           # the verb first asks about goods, it orders none
                           r"^((und|also|ach|ah|aha|achso|ach so|na|hm|hmm|sagen sie mal|sag mal) )*(haben|hat|hen|han|hend|sind|ist|san) (die|der|das|dat|den)(?= (?!alles\b|so\b|auch\b)\w+ \w)|"
                           r"gibt es (bei ihnen |bei euch )?(auch |denn )+|"
                           # "gibts schon Grünkohl?": asked about the season, not ordered
                           r"(gibts|gibt s|gibt es|gibt's) (schon|noch|jetzt|eigentlich|wieder)(?= \w)|"
                           # "ich wollt mal fragen ob sie pickert haben": the goods stay in the content
                           r"((ich )?(wollt|wollte|mocht|mochte|wurd|wurde) (mal |nur |gern |gerne )*fragen )?"
                           r"ob (sie|ihr|se|ihr da)( auch| noch| vielleicht| eigentlich| zufallig| denn)*"
                           r"(?=( \w+){1,4} (haben|habt|hatten|hattet|ham|dahaben|fuhren|verkaufen)\b)"),
    (Act.PERSON, r"(mit )?(einem|einer) (menschen|mitarbeiter(in)?|person)( sprechen| reden)?|"
                 r"mitarbeiter(in)?|(echten?|richtigen?) menschen"),
    (Act.HELP, r"hilfe|wie funktioniert das|was kann ich (hier )?(machen|tun)"),
    (Act.REPEAT, r"wie bitte|(nochmal|noch mal|noch einmal) (sagen|wiederholen)|"
                 r"(hab|habe) (ich )?(das |sie )?nicht verstanden|was haben sie gesagt"),
    (Act.CLEAR, r"(vergessen|vergiss|vergesst) (sie |du )?(das |des )?(bitte |mal |doch |einfach )*(alles|ganze)( wieder)?|"
                r"alles (wieder )?(loschen|streichen|raus|weg)|(warenkorb|korb) (leeren|loschen)|"
                r"(nochmal |noch mal )?von vorne?( anfangen)?|neu anfangen|"
                r"fange? (ich )?(nochmal |noch mal |noch einmal )?(neu|von vorne?) an"),
    (Act.REPEAT_ALL, r"(das ganze|alles|den ganzen (korb|warenkorb|einkauf)) (nochmal|noch mal|noch einmal|zweimal)"
                     r"(?! (ab|weg|raus|loschen|streichen|vergessen))|(also |dann )?(alles|das ganze|den ganzen (korb|warenkorb|einkauf)) "
                     r"(bitte )?(in |als |mal )?doppelt|von allem (das doppelte|doppelt|je zwei)"),
    (Act.REPEAT_ITEM, r"(dasselbe|das gleiche|dasgleiche|nochmal das gleiche|nochmal dasselbe|"
                      r"(nomol|nomal|nochmal|noch mal) (s|des|dat|dit) (gleiche|selbe)|dat gleiche|dat selbe)"
                      r"( nochmal| noch mal| noch einmal)?"),
    (Act.SHOW_CART, r"was (hab|habe|haben) (ich|wir) (jetzt |denn |schon |alles )*(im |in meinem )?"
                    r"(korb|warenkorb|bestellt|notiert)|(zeig|zeigen sie)( mir)? (den |meinen )?(warenkorb|korb)"),
    (Act.GOODBYE, r"tschuss|tschau|ciao|auf wiederh(oren|ore)n?|auf wiedersehen|bis (dann|bald|spater)|bis morgen(?= *$)|"
                  r"schonen tag noch|schones wochenende|adieu|ade|tschoe|tscho|tschussi|pfiat (di|eich|ihna)|"
                  r"pfuat (di|eich|ihna|eahna|enk)|pfiat (eahna|enk|ihnen)|(?<=\w )servus(?= *$)|(auf )?wiederschau(e|a)?n|wiederhoren|bis denne|machs gut|"
                  r"servus und danke"),
    (Act.THANKS, r"(vielen |herzlichen |schonen )?dank( schon| euch| ihnen| dir)?|danke( schon| sehr|schon| dir| euch| ihnen)?|"
                 r"dankschon|dankeschon|dankschee|danggschee|danke dir|"
                 r"merci( vielmals| vielmol| vielmal| viumoi| beaucoup)?|vergelts gott|dank dir|danke dir|"
                 r"vielen vielen dank"),
    (Act.GREETING, r"(guten|gute|schonen) (tag|morgen|abend|mittag)|^n (abend|morgen|tag)\b|nabend|hallo|moin( moin)?|servus|"
                   r"gruss (gott|dich|sie)|gruezi|griass di|tach|tag auch|hi|hey|n abend|nabend|moien|"
                   r"morje|morjen|jutn tach|juten tach|gun tach"),
    (Act.APOLOGY, r"entschuldigung|entschuldigen sie|sorry|sorri|sry|verzeihung|tut mir leid|pardon|"
                  r"tschuldigung|vertan|verschrieben|verzahlt"),
    (Act.SMALLTALK, r"wie gehts?( ihnen| dir)?|wie geht es (ihnen|dir)|wie jeht et( ihnen| dir)?( denn)?|"
                    r"schones wetter( heute)?( ne| oder| gell)?|"
                    # "ein großes Glas Lindenhonig, wenns geht": asked kindly, no goods
                    r"wenn ?s geht|wenn (es|das|des|dat) (geht|goht)|wenn moglich|falls moglich|"
                    r"wenn (es|das) (moglich|machbar) ist|"
                    # "also kein Problem", "keine Sorge": said to the person, no goods taken back
                    r"(also |ist |is |isch |dat is |das ist )?(kein|keine|koa|koan|kei) (problem|sorge|sorgen|thema|stress)|"

                    r"ich (brauch|brauche|bruch) (heute |diesmal |mal )?(einiges|einige sachen|ein paar sachen|"
                    r"was|etwas)|ich (mochte|mocht|wollte|wollt|will|wurde|tat) (gerne |gern |mal |dann )*"
                    r"(was |wat |etwas |einiges )?"
                    r"(bestellen|einkaufen|ordern)|(ich mochte|ich wollte|kann ich|konnte ich) "
                    r"(bei ihnen |hier )?(was |etwas )?bestellen|einkaufsliste|"
                    r"(ich|wir) (hatte|hatten|hatt) (da |mal |gern |gerne )*(eine|ne|n) (bestellung|frage)|"
                    # "ja bin über 18", "ich bin 52": an age said in passing (the age check asks for it)
                    # "die leeren Kästen gebe ich mit": empties handed back are no goods
                    r"(die |das |meine )?(leeren? (kasten|kisten|flaschen|pullen)|leergut)( \w+){0,4}? "
                    r"(mit|zuruck|mitgeben|mitnehmen|abgeben)|"
                    # "falls das nötig ist", "mein Jung", "junge Frau": said to the person, about nothing
                    r"falls (das |es |dat |ihr |sie |se |du )?((wegen|fur) (dem|der|des|den|die|das) \w+ )?"
                    r"(notig|wichtig|gefragt|relevant|fragt|fragen|fragst)( ist| is)?|"
                    r"mein (jung|junge|kind|lieber|liebe|gutster|schatz|"
                    r"kleiner|kleine|deern|dirn)|junge frau|junger mann|"
                    r"(ich )?bin (ich )?(doch |schon |ja |freilich |naturlich |ubrigens )*(uber |schon )?"
                    r"(\d+|sechzehn|achtzehn|volljahrig|erwachsen)( jahre)?( alt)?"),
    (Act.DONE, r"(das|dat|des|dit|det) (ist|is|war|wars) (erstmal|erst mal|dann|auch|so|jetzt|auch schon) alles"
               r"(?= *$| (danke|dankeschon|vielen|tschuss|wegen|bitte|fur heute|furs erste|ciao|ade)\b)|"
               r"(das|dat|des|dit|det) (wars|war es|war s|wars dann|wares|waers|wars auch schon|ware es|ware alles|"
               r"war et|ware et|wart|is allet|ist allet|wars denn|"
               r"ist alles|is alles|isses|war alles|reicht|genugt|wars erstmal)( dann| auch schon| schon| fur heute|"
               r"| erstmal| erst mal| furs erste)*|mehr (brauche|brauch|brauchen|bruach) (ich|i|wir) nicht|"
               r"(sonst|weiter) (nichts|nix|nischt|nuscht)( mehr)?|(nichts|nix|nischt) (weiter|mehr)|mehr nicht|"
               r"(ich bin|wir sind) fertig|fertig|(jetzt |dann |also )?(bitte )?(bestellen|abschicken|abschliessen|"
               r"zur kasse|bestatigen|bestatigt|bestellung aufgeben|absenden)( bitte)?|"
               r"(das |die bestellung )?(so )?(bestellen|abschicken|bestatigen|absenden)|"
               r"bestellung (bestatigen|abschliessen|abschicken)|so (bestellen|bestatigen)|"
               r"kann raus|kann so raus|geht so raus|(das|des) (ist|war|ware|wars) es|"
               r"(erstmal|erst mal|vorerst) (nur )?(das|des)( wars)?|(das|des) (war|ware|wars) alles( fur)?( das| die)?"
               r"( erste| erschte)?"),
    (Act.CORRECTION, r"statt|stattdessen|anstatt|anstelle|sondern|nur|bloss|lieber|andern|aendern|weniger|dafur|"
                     r"doppelt so viel(?! wie)|das doppelte|halb so viel|(nur|bloss|doch|lieber) (die|de|der) halfte|"
                     r"(die|de|der) halfte (reicht|langt|genugt)|"
                     r"tauschen|tausche|austauschen|umtauschen|ersetzen|ersetze|"
                     r"meinte|korrektur|\d+ (stuck )?nicht \d+|"
                     # "8 Stück Frankfurter nicht 6": the amount meant, then the one taken back
                     rf"(?<=[a-z] )(nicht|net|ned|nich) {_NUMBER_WORD}(?= *$)|"
                     # "ach nee, 6 Stiefmütterchen": a no, then the amount meant for goods named again
                     rf"^((ach|oh|ah|och) )?(nee|nein|noe|no)(?= {_NUMBER_WORD} [a-z])"
                     r"(?!.*(?<![\w])(noch|dazu|zusatzlich|extra|ausserdem|auch|und)(?![\w]))|"
                     # "net zehn, acht Butterbrezel": not this amount, that one
                     rf"(nicht|net|ned|nit|nich) {_NUMBER_WORD} {_NUMBER_WORD}(?= [a-z])|doch (\d+|ein|eine|einen|a|an|oa|oan|en|ne|nen|zwei|drei|vier|funf|sechs|"
                     r"sieben|acht|neun|zehn|zwolf|den|die|das|der)|"
                     r"(\w+ )mehr|doch (nur|lieber|bloss|eher|im|in der|in|als)|lieber doch|"
                     # "nee, die Birnen doch E27": a no, then what is wanted instead
                     r"(?<=^nee )(\w+ ){0,4}doch|(?<=^nein )(\w+ ){0,4}doch|"
                     r"(mach|machen sie|mache) .{0,30}? (draus|daraus)|korrigier\w*|"
                     # "mehlig, nicht festkochend" at the end of what was said: this, not that
                     r"[a-z]{4,},? nicht (den |die |das |der |dem )?(?!(?:raus|rein|mehr|hier|dort|hin|her)\b)[a-z]{4,}[ .!]*$"),
    # not "ich komm nicht raus" (the resident cannot leave the house)
    (Act.REMOVAL, r"(?<!komm )(?<!komme )(?<!kommen )(?<!nicht )(?<!geh )(?<!gehe )raus|"
                  r"(?<=\w )(?:doch|lieber) (?:nicht|nich|ned|net)(?= *$| *[,.!]| (?:mehr|der|die|das|ich|wir|hab|habe|haben|"
                  # a new clause after it: "Schneeschieber doch nich, Nachbar leiht mir seinen"
                  r"oma|opa|mama|papa|mein|meine|unser|unsere|nachbar|nachbarin|er|sie|es|man|chef|frau|mann|"
                  r"kinder|weil|zu|ist|is)\b)|"
                  # (not "ich bin jetzt 2 Wochen weg": away, nothing taken out)
                  r"rausnehmen|herausnehmen|streichen|streich|wegnehmen|weglassen|entfernen|"
                  r"(?<!wochen )(?<!woche )(?<!tage )(?<!tagen )(?<!urlaub )(?<!bin )(?<!sind )(?<!verreist )weg|"
                  r"(brauch|brauche|brauchen) (ich |wir )?(doch )?(keine?n?|nicht mehr)"),
    (Act.DENY, r"nein|nee|ne|no|noe|nope|lieber nicht|doch nicht|auf keinen fall|eher nicht|"
               r"(das |des |so )?(passt|stimmt|basst) (so |leider |aber |mir )?(nicht|nich|ned|net)( so)?|"
               r"(das ist |des isch )?(falsch|nicht richtig)"),
    (Act.CONFIRM, r"(ja|jawohl|jawoll|jap|jo|joa|jep|jup|yes|jupp|jaja|jau|jou|freilich|sicherlich|gewiss|"
                  r"aber ja|na klar|logo|passt scho|basst scho|scho recht|basst|bassd|passd)( ja)*|genau( so)?|richtig|korrekt|"
                  r"stimmt( so)?|bestatigt|"
                  r"(das |so )?passt( so| schon| alles)?( so)?|alles (richtig|gut|klar|korrekt|okay|ok)( so)?|"
                  r"(okay|ok|okey|oki|alles klar|in ordnung|einverstanden|gerne|gern|perfekt|prima|super|"
                  r"wunderbar|klingt gut|hort sich gut an|top|sehr gut|gut|klar|sicher|natürlich|naturlich|"
                  r"selbstverstandlich|machen wir so|so machen wir das|so machen wir es|so machen wirs|so mache?n? mer (das|des|dat)|so ist es|"
                  # "jo so machen", "so machen mers", "dann so buchen", "guad dann so ausgmacht"
                  r"(dann )?so (machen|mache|macha)( wirs| mers| mas| ma| mirs| wir es| wir das| mer es)?|"
                  r"(dann )?so (buchen|bestellen|ausgemacht|ausgmacht|abgemacht|vereinbart)|abgemacht|ausgemacht|ausgmacht|"
                  r"ist gut|passt scho|basst scho|passt schon|(so ist |ja )?recht so|des passt)( gell| gelle| ne| oder)?"),
)

_COMPILED = tuple((act, re.compile(rf"(?<![\w])(?:{pattern})(?![\w])")) for act, pattern in _ACT_PATTERNS)
# Talk about the weather, read before the days: its "heute" books nothing
_WEATHER = re.compile(r"(?<![\w])(?:(das|dat|des|dit) wetter (ist|is|war) (ja |auch |wieder |heute |heut |heid |so |aber )*"
                      r"(nix|nichts|schlecht|schon|gut|mies|herrlich|toll)( heute| heut| heid)?( ne| oder| gell| wa)?|"
                      r"(so ein|so n|a|so a) (schnee|regen|wetter|sauwetter)( heute| heut| heid)?)(?![\w])")
# "Termin mach ich später", "wann ich dat abhol sach ich später", "sag i no wann": the window is
# put off. Read before the days: "den Termin mach ich morgen" books nothing for tomorrow.
_LATER = re.compile(
    r"(?<![\w])(?:(?:den |der |die |das |dat |des |mit dem |mit der )?(?:termin|liefertermin|abholtermin|lieferung|"
    r"abholung|lieferzeit|abholzeit|zeitfenster|uhrzeit|lieferdatum|rest|zeit)"
    r"(?:(?: \w+){0,3}? (?:(?:spater|nachher)(?! (?:am|um|gegen|ab|im|in|so|noch am)(?![\w]))|ein andermal)|"
    r" (?:mach|mache|machen|klar|klare|klaren|sag|sage|sach|schau|schaue|such|suche|buch|buche|geb|gebe|regel|"
    r"regle|plan|plane|wahl|wahle|leg|lege|erledige|erledig|tu|tue|schreib|schreibe)(?: ich| i| ick| wir| mer| mir)"
    r"(?: \w+){0,3}? (?:spater|nachher|noch|morgen|selber|selbst|gleich|im netz|online|ein andermal|"
    r"(?:nachste|kommende|diese) woche aus|die tage))|"
    # "dann erstmal so lassen", "lass das erstmal so stehn", "dann lass ich es erstmal im Warenkorb"
    # (only "for now": "nee, lass das drin" keeps a line; "lass alles so und liefern Sie Freitag" orders)
    r"(?:erstmal|erst mal|vorerst) so (?:lassen|stehen lassen|stehn lassen)(?! und)|"
    r"(?:lass|lasse|lassen) (?:ich|mer|ma|wir)? ?(?:es|das|des|dat|den korb|den warenkorb|alles)(?: mal| noch)* "
    r"(?:(?:erstmal|erst mal|vorerst) (?:so(?: stehen| stehn| stehe)?|im (?:warenkorb|korb)|drin)|im (?:warenkorb|korb))"
    r"(?![\w])(?! und)|"
    # "wann liefern klär ich noch", "wann abholen mach ich später"
    r"wann (?:liefern|abholen|geliefert|abgeholt|lieferung|abholung)(?: \w+){0,2}? (?:klar|klare|mach|mache|sag|sage|"
    r"schau|schaue) (?:ich|wir)(?: \w+){0,2}? (?:spater|nachher|noch|dann)|"
    r"wann (?:ich|i|wir) (?:das|dat|des|es|s) (?:\w+ )?(?:abhol|abhole|abholn|hol|hole|hoi|hoin|brauch|brauche)\w*"
    r"(?: \w+)?,? (?:sag|sage|sach|sog|meld|melde|schreib|schreibe) (?:ich|i|wir) (?:ihnen |euch |eich |dann |noch |no )*"
    r"(?:spater|noch|no|dann|bescheid)|"
    # "wann das kommen soll, sag ich Ihnen noch"
    r"wann (?:das|dat|des|es|s|ich|wir)(?: \w+){1,3}?,? (?:sag|sage|sach|sog|meld|melde|schreib|schreibe|klar|klare)"
    r" (?:ich|i|ick|wir) (?:ihnen |euch |eich |dann |noch |no )*(?:spater|noch|no|dann|bescheid)|"
    # "wegen dem Termin meld ich mich noch", "ick meld mi wegen dem termin"
    r"wegen (?:dem |des |vom |der |den )?(?:termin|liefertermin|abholtermin|lieferung|abholung|liefern|abholen|zeit)s? "
    r"(?:(?:meld|melde) (?:ich|i|ick) (?:mich|mi)(?: \w+){0,2}? (?:noch|spater|nochmal|dann|bei ihnen|bei euch)|"
    # "wegen liefern ruf ich nachher nochmal an"
    r"(?:ruf|rufe) (?:ich|i|ick|wir)(?: \w+){0,3}? an)|"
    r"(?:ich |ick |i )?(?:meld|melde) (?:mich|mi) (?:noch |dann |spater )?wegen (?:dem|des|vom) "
    r"(?:termin|liefertermin|abholtermin|lieferung|abholung)|"
    r"(?:sag|sage|sach|sog) (?:ich|i) (?:ihnen |euch |eich |dann )?(?:no|noch|spater) (?:wann|bescheid)|"
    r"(?:ich )?melde mich (?:dann )?(?:spater|nochmal|noch mal|noch|wegen dem termin)|"
    # "Buchen tue ich nachher", "buch ich später", "abschicken mach ich morgen" (not "ich möchte
    # bestellen, ich brauche morgen …": nothing between the one who speaks and when)
    r"(?:buchen|buch|buche|abschicken) (?:tu |tue |mach |mache |werd |werde )?(?:ich|i|ick|wir) "
    r"(?:das |den termin |es )?(?:spater|nachher|morgen|heute abend))(?![\w])")

# The resident's own baking and preserving: "ich back …", "wir wollen … einkochen", "i mach … ein"
# (not "ich brauche Mehl zum Backen", "können Sie mir eine Torte backen": bought to bake with, or
# asked of the shop)
_NOT_BETWEEN = (r"(?!(?:brauch\w*|bruuch\w*|hatte|hatt|mochte gern|nehm\w*|bestell\w*|kauf\w*|bitte|zum|zur|"
                r"sie|se|ihr|mitbringen|noch|dafur|davon)\b)")
_OWN_MAKING = re.compile(
    rf"(?<![\w])(?<!sie )(?<!se )(?:ich|i|ick|ik|wir|mer) (?:{_NOT_BETWEEN}\w+ ){{0,4}}?"
    r"(?:back|backe|backen|einkochen|einmachen|einwecken|iimache|iimachen|einlegen|bepflanzen|einpflanzen|schmucken|"
    r"dekorieren)(?![\w])|"
    rf"(?<![\w])(?:ich|i|ick|ik|wir|mer) (?:mach|mache|machen|koch|koche|kochen) (?:{_NOT_BETWEEN}\w+ ){{1,3}}?ein(?![\w])")
_PFIAT = re.compile(r"(?<![\w])(?:pfiat|pfuat|pfiad) (?:di|eich|enk|eahna|ihna|ihnen|gott)(?![\w])")
_WISH = re.compile(r"(?<![\w])(?:(?:einen |ein )?(?:schonen|schones|angenehmen) "
                   r"(?:abend|nachmittag|sonntag|samstag|feierabend|wochenende)(?: noch)?(?: (?:ihnen|euch|dir))?"
                   r"(?: noch)?|gute nacht"
                   # the season's wishes at the end of a call: "frohe Weihnachten", "guten Rutsch"
                   r"|(?:(?:ein |einen |an |a |en )?(?:frohe|frohes|schone|schones|schonen|schona|gesegnete|gesegnetes|"
                   r"gute|guten|gutes|guadn|guatn|gudn|gude|frohliche|frohlichen|frohliches|gesundes|besinnliche|"
                   r"besinnliches|besinnlichen) )"
                   r"(?:weihnachten|weihnachtsfest|fest|feiertage|ostern|osterfest|neues(?: jahr)?|neujahr|rutsch"
                   r"(?: ins neue jahr)?|pfingsten|advent|adventszeit|nikolaus|nikolausabend|fasching|karneval|"
                   r"sonntag|feiertag)(?: (?:ihnen|euch|dir|auch|und|noch))*)"
                   r"(?=[ .!,]*(?:$|und |danke|tschuss|ciao|bis)|[ .!]*[^\w ]*$)")

_VERB_FIRST = re.compile(r"^ *(?:\w+ )?(?!ich|wir)[a-z]{3,}(?:en|rn|ln|t) (?:sie|ihr|se)(?: eigentlich| eigtl| eig)?"
                         r"(?: auch| denn)+(?![\w])")
_I_KNOW = re.compile(r"(?<![\w])(?:(?:ich|i|ick) (?:weiss|weis|wees|woas|woass)|(?:weiss|wees|woas) (?:ich|i|ick))(?![\w])")

# "kann man bei Ihnen auch Torten bestellen?", "kann ich eigentlich auch Met kaufen?"
# "kann man beim Wedekind eigentlich auch ne Torte bestellen für den Geburtstag …"
_CAN_ONE_HAVE = re.compile(r"(?<![\w])(?P<ask>(kann|konnte) man (bei (ihnen|euch|dir) |(?:beim|bei der|bei) \w+ )?"
                           r"(auch|eigentlich|denn)(?: auch)?)(?:(?: \w+){1,4}?) (?P<verb>bestellen|kaufen|beauftragen|buchen|bekommen|kriegen)"
                           r"(?= *$| (bei|hier|oder|also|was|fur|furs|zum|zur)\b)")

# questions about the service itself: answered from the region's settings, they choose nothing
SERVICE_QUESTION_ACTS = (Act.DELIVERY_QUESTION, Act.STATION_QUESTION, Act.HOURS_QUESTION, Act.AGE_QUESTION,
                         Act.DEPOSIT_QUESTION)
_SERVICE_QUESTIONS = {act: pattern for act, pattern in _COMPILED if act in SERVICE_QUESTION_ACTS}

# "hier ist Meier aus Billerbeck", "hier spricht Frau Schulte", "mein Name ist …", "ich bin die …":
# a caller introducing themselves; what follows is a name (and a town), never goods.
_INTRODUCTION = re.compile(
    r"(?<![\w])(?:hier (?:ist|spricht)|mein name ist|ich bin (?:die|der|s|es)|am apparat ist|"
    r"(?:ich heisse|ich heiss))( (?:die|der|frau|herr|familie|oma|opa))?"
    r"((?: (?!und\b|ich\b|wir\b|hatte\b|mochte\b|brauch\w*\b|wollte\b)[a-z]+){1,2}?)"
    r"((?: aus| in| vom| von der| von)(?: (?!und\b|ich\b|wir\b)[a-z]+){1,2})?(?=$| und| ich| wir| hatte| mochte| brauch| wollte| ja| also)")

# "guten Morgen, hier Oma": who is speaking, but no name to order under
_KIN = frozenset("oma opa omi opi mama papa mutti vati mutter vater tante onkel nachbarin nachbar".split())

# The town after a name said in greeting: "Schoofs aus Kleve", "Pastoors hier aus Winnekendonk"
_FROM_TOWN = re.compile(r" (?:aus|in) (?!(?:dem|der|den|ein|einer|einem|eins|zwei|drei|vier|funf|sechs|sieben|acht|neun|"
                        r"zehn|\d+|wochen|tagen|stunden|minuten|ordnung)\b)(?:(?:bad|sankt|st) )?[a-z]+"
                        r"(?: (?:am|an der|bei) [a-z]+)?(?=$| )")  # "aus Bad Kösen": the town, not "Bad" alone

_GREETING_NAME = re.compile(
    r"^(?:(?:ja|jo|ah|ahm|oh|also|so) )*"  # "äh ja hallo Gienger hier …"
    r"(?:(?:guten |gute |schonen )?(?:tag|morgen|abend)|morjen|moin|tach|hallo|servus|gruss gott|hi|hey|na)"
    r"(?: hier)? (?P<name>[a-z]{3,}(?: (?!hier\b)[a-z]{3,}(?= (?:aus|hier|von|vo|us|ut)\b))?)(?= (?:ich|i|hier|aus|us|ut|wir|ein|eine|einen|zwei|drei|vier|funf|sechs|zehn|zwolf|"
    r"\d+|bitte|hatte|hatt|mochte|mocht|brauche|brauchte|brauch)\b)")

# Emoji that say yes (a thumbs-up, OK hand, check marks) and those that are only decoration.
_YES_EMOJI = re.compile("[\U0001F44D\U0001F44C\u2705\u2714\u2611]")
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200d]")

# Words that stay noise even when no act claims them: fillers, particles, pronouns, polite words.
_NOISE = frozenset(fold(" ".join("""
    äh ähm äm ähem öh öhm hm hmm mhm em ehm eh ach achso och oh na nun nu so also halt eben eh ja
    bitte bitteschön bitte schön mal nochmal noch dann denn doch auch gleich schon jetzt erstmal erst
    ich wir sie du mir mich uns ihr ihnen es das der die den dem des und oder aber
    hätte hätt hatte möchte möcht würde wollte wollt will brauche brauch bräuchte nehme nehm nehmen kaufen haben
    hab habe gern gerne heute diesmal wieder gut guad guat guet okay ok prima super schön toll sehr dank danke
    frau herr familie hier ist spricht am apparat einfach genau richtig so wie immer eigentlich vielleicht mein meine
    bestellung bestellen liste einkauf einkaufen sachen zeug paar einiges einige i
    für fürs bis ab zum zur um gegen an in im nach von vom bei beim mit zu dort da
    gell gelle gelt erste erstmal oder ne nä woll
    mehr weniger schnell langsam nicht nich net ned sehr gar kein keine immer leider bin bist sind war
    waren wird werden kann können muss gibt gibts ichs is tu tue tät täte schade leider egal
    """.split())).split())

# When, not what: days, dayparts, clock times and dates. They are taken out of the goods
# words (the dialogue reads the time from the whole turn with ``parse_when``).
_WEEKDAY = (r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag)"
            r"(?:s|morgen|vormittag|mittag|nachmittag|abend|fruh)?|"  # "Mittwochabend"
            r"mo|di|mi|do|fr|sa|"
            # "freitach", "Pfinsta", "Samschdag", "in da friah", "auf d'Nacht" (nlu.resolution.dates)
            + "|".join(REGIONAL_WHEN_WORDS) + "|" + EVENING_PHRASE)
_HOUR_RANGE = re.compile(r"\b([6-9]|1\d|2[0-2])\s*[–-]\s*(\d{1,2})\b(?!\s*(?:€|euro|stück|stk|x|g|kg))")
_HOUR_WORDS = ("sechs|sieben|acht|neun|zehn|elf|zwolf|dreizehn|vierzehn|funfzehn|sechzehn|siebzehn|"
               "achtzehn|neunzehn|zwanzig|einundzwanzig")
_WHEN = re.compile(
    rf"(?<![\w,])(?:{_WEEKDAY}|vormittags?|nachmittags?|mittags?|abends?|fruh|fruhs|morgens|"
    r"heute|heut|heit|hait|morgen|ubermorgen|wochenende|woche|nachste[nrs]?|kommende[nrs]?|diese[nrs]? woche|fruhestens|"
    r"(?:so )?bald (?:wie |als )?moglich|moglichst (?:bald|schnell|fruh)|schnellstmoglich|asap|sofort|"
    + "|".join(re.escape(p) for p in sorted(ASAP_PHRASES, key=len, reverse=True)) + "|"
    # "zwischen 3 und 7": both hours, the 7 is no amount of goods
    r"zwischen \d{1,2}(?: \d{2})?(?: uhr)? und \d{1,2}(?: \d{2})?(?: uhr)?|"
    + AFTER_WORK_PHRASE + "|"
    # not "hole ich ab: 1 Kasten Pils": an amount of goods after "ab" is no hour; nor "den
    # Bienenstich tauschen gegen 4 Mohnkuchen"
    r"(?<!tauschen )(?<!tausche )(?<!tausch )(?:ab|bis|um|gegen|zwischen|vor|nach|von) \d{1,2}(?: \d{2})?(?: uhr|(?! (?:kasten|kisten?|flaschen?|kg|g|gr|"
    r"gramm|kilo|l|liter|stuck|stk|pck|packung|packungen|becher|glas|glaser|dosen?|sack|beutel|bund|pfund|x|mal|"
    r"euro|laib|schalen?|netze?|tuten?)(?![\w])))|\d{1,2}(?: \d{2})? uhr|uhr|"
    # "neun bis zwölf", "16 bis 19": a window's hours said back
    rf"(?:{_HOUR_WORDS}|[6-9]|1\d|2[0-2])(?: uhr)? bis (?:{_HOUR_WORDS}|\d{{1,2}})(?: uhr)?|"
    # "so um fünfe", "gegen halb sechs": an hour said in words
    r"(?:um|gegen|ab|bis|nach) (?:halb |viertel (?:nach |vor )?)?(?:eins|zwei|drei|vier|funf|funfe|sechs|sechse|"
    r"sieben|siebene|acht|achte|neun|neune|zehn|zehne|elf|elfe|zwolf|zwolfe)(?: uhr)?"
    r"(?= uhr| rum| herum| passt| ist| geht| ware| wars| ok| gut| bitte| dann| abholen| liefern| bringen| am | im |$)|"

    r"(?:am|zum|bis|den) \d{1,2}(?:,\d{1,2})?(?: (?:januar|februar|marz|april|mai|juni|juli|august|"
    r"september|oktober|november|dezember))?)(?![\w,])")

# The word that leads a day ("am", "für", "bis" Samstag): taken with it.
_WHEN_LEAD = re.compile(r"(?<![\w])(?:am|fur|furs|zum|bis|ab|an|den|jeden|ubers) $")

# Street words: a street name ends in one of these (glued or as its own word) and a house
# number follows. "Hof" and "Markt" are left out: "vom Hof Schulze" names a shop.
_STREET_SUFFIX = (r"strasse|str|weg|allee|platz|gasse|ring|damm|pfad|steig|stieg|chaussee|ufer|stiege|"
                  r"kamp|feld|graben|wall|berg|winkel|anger|brink|esch|twiete|zeile|siedlung")
_STREET = re.compile(
    rf"(?<![\w])((?:[a-z]+ ){{0,2}}(?:{_STREET_SUFFIX})|[a-z]+(?:{_STREET_SUFFIX}))(?: nummer| nr)? "
    rf"(\d{{1,4}}(?: ?[a-h](?![\w]))?|[a-z]*(?:{_NUMBER_WORDS})(?: ?[a-h](?![\w]))?)(?![\w])"
    r"(?! ?(?:kg|g|gr|gramm|kilo|l|liter|ml|stuck|stk|st|x|mal|flaschen?|packungen?|euro)(?![\w]))")
_POSTCODE = re.compile(r"(?<![\w,])(\d{5})(?![\w,])")
_NOT_A_STREET_START = frozenset("""ich wir sie bitte und die der das den dem am an in im zum zur nach bei beim
    liefern bringen schicken adresse ist lautet wohne wohnen mein meine unsere unser""".split())


@dataclass(frozen=True)
class Address:
    """A delivery address said in passing; any part may be missing."""

    street: str | None = None       # "Kirchstraße 4" as it will be written on the run sheet
    postcode: str | None = None     # "48727"
    town_words: tuple[str, ...] = ()  # words after the postcode or "in", for matching a municipality

    @property
    def empty(self) -> bool:
        return not (self.street or self.postcode)


@dataclass(frozen=True)
class Reading:
    """Everything found in one turn. ``content`` is what is left for goods (may be empty)."""

    text: str
    acts: frozenset[Act] = frozenset()
    address: Address = field(default_factory=Address)
    name: str | None = None          # from an introduction ("hier ist Meier aus Billerbeck")
    content: str = ""                # the words that may name goods, quantities and shops
    fulfilment: str | None = None    # "delivery" or "pickup" when said ("bringen Sie …", "hol ich … ab")
    when: bool = False               # a day, daypart, time or date was said
    # Act.ALLERGEN_QUESTION: the allergen ids asked about (catalog ids; empty: "Allergene" in general)
    allergens: tuple[str, ...] = ()
    age: int | None = None           # Act.AGE: the age said ("ich bin 17"; "volljährig" is 18)
    # the words with regional forms undone ("n jutschein dreißich euro" → "n gutschein dreißig euro")
    standard: str = ""

    def has(self, *acts: Act) -> bool:
        return any(a in self.acts for a in acts)

    @property
    def only_acts(self) -> bool:
        """Nothing but dialogue acts and noise: no goods to look up."""
        return not self.content


def _street_text(raw_name: str, number: str) -> str | None:
    """"kirch strasse" "vier" → "Kirchstraße 4", "berliner strasse" → "Berliner Straße",
    "luitpold baumann strasse" → "Luitpold-Baumann-Straße"; None when the number is no number."""
    words = [re.sub(r"^(strasse|str)$", "straße", w) for w in raw_name.split()]
    words = [w[:1].upper() + w[1:] for w in words]
    if len(words) == 1:
        name = re.sub(r"(strasse|str)$", "straße", words[0].lower()).capitalize()
    elif len(words) == 2 and words[0].lower().endswith("er"):
        name = " ".join(words)  # "Berliner Straße", "Kemptener Straße"
    elif len(words) == 2:
        name = words[0] + words[1].lower()  # "Kirch straße" → "Kirchstraße"
    else:
        name = "-".join(words)
    num = number.replace(" ", "")
    if not num[:1].isdigit():
        digits = _number_word(num)
        if digits is None:
            return None
        num = digits
    return f"{name} {num}"


def _number_word(word: str) -> str | None:
    """"zweiundvierzig" → "42", "vierzehn b" → "14b"."""
    from text_to_num import text2num

    m = re.fullmatch(r"([a-z]+?)([a-h])?", word)
    for text, letter in ((word, ""), (m.group(1), m.group(2) or "") if m else (word, "")):
        spelled = text.replace("funf", "fünf").replace("zwolf", "zwölf").replace("dreissig", "dreißig")
        try:
            return f"{text2num(spelled, 'de')}{letter}"
        except ValueError:
            continue
    return None


def find_address(folded: str) -> tuple[Address, list[tuple[int, int]]]:
    """The street with its number, the postcode and the town words, and the spans they take."""
    spans: list[tuple[int, int]] = []
    street = None
    # both reused after the loop: `m` for the postcode, `town` for the address's town words
    m: re.Match[str] | None
    town: re.Match[str] | tuple[str, ...] | None
    for m in _STREET.finditer(folded):
        words = m.group(1).split()
        while words and (words[0] in _NOT_A_STREET_START or _WHEN.fullmatch(words[0])
                         or (len(words) > 2 and lexicon().is_goods(words[0]))):
            words = words[1:]
        if not words:
            continue
        street = _street_text(" ".join(words), m.group(2))
        if street is None:
            continue
        start = m.start(1) + len(m.group(1)) - len(" ".join(words))
        before = re.search(r"(?:^| )(?:an|in|nach|zu) (?:die |der |den )?$", folded[:start])
        if before:
            start = before.start() + (1 if folded[before.start()] == " " else 0)  # "an Lange Straße 12"
        end = m.end()
        town = re.match(r" (?:in|bei) ([a-z]+(?:[ -][a-z]+)?)(?=$|[ ,.;!?])", folded[end:])
        if town and town.group(1).split()[0] not in _NOISE:
            end += town.end()  # "… 12 in Lemgo": the town of the address, no goods
        spans.append((start, end))
        break
    postcode = None
    town = ()
    m = _POSTCODE.search(folded)
    if m:
        postcode = m.group(1)
        after = folded[m.end():].split()[:2]
        town = tuple(after)
        end = m.end() + (len(" " + after[0]) if after else 0)
        spans.append((m.start(), end))
    else:
        found = _spoken_postcode(_blank(folded, spans))  # not the house number's words
        if found:
            postcode, span = found
            spans.append(span)
    return Address(street=street, postcode=postcode, town_words=town), spans


def _spoken_postcode(folded: str) -> tuple[str, tuple[int, int]] | None:
    """Five digits said as number words, one by one or in pairs: "vier acht sechs fünf drei",
    "siebenundachtzig fünf null neun", "sechzehn drei null drei"."""
    tokens = [(m.group(0), m.start(), m.end()) for m in re.finditer(r"[a-z]+", folded)]
    for i in range(len(tokens)):
        digits, j = "", i
        while j < len(tokens) and len(digits) < 5:
            word = tokens[j][0]
            value = "0" if word == "null" else _number_word(word) if word not in ("ein", "eine") else None
            if value is None or not value.isdigit() or len(value) > 2:
                break
            digits += value
            j += 1
        if len(digits) == 5 and j - i >= 3:
            return digits, (tokens[i][1], tokens[j - 1][2])
    return None


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(start, min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)


_FULFILMENT_WORDS = {
    "delivery": re.compile(r"(?<![\w])(?:liefern|liefert|lieferung|geliefert|bringen|bringt|vorbeibringen|"
                           r"vorbei bringen|schicken|zustellen|nach hause|heimbringen)(?![\w])"),
    "pickup": re.compile(r"(?<![\w])(?:abhol\w*|selbst holen|selber holen|"
                         r"hole? (?:ich|wir|es|das|die|den|\w+ )*?ab|holen (?:ich|wir) (?:\w+ )*?ab|komme? .{0,20}?vorbei|"
                         # "dann hol ich's morgen in Zwiefalten": fetching it oneself, said without "ab"
                         # (not "die hol ich woanders", "den hol ich im Supermarkt": bought elsewhere)
                         r"(?:hol|hole|hols) (?:ich|ichs|wir)(?: s| es| das| des)?(?!(?: \w+){0,2} (?:woanders|anderswo|"
                         r"supermarkt|kaufhaus|discounter|drogerie|baumarkt|aldi|lidl|edeka|rewe|netto|penny|kaufland))|"
                         # "hole dät isch des am Bahnhof": fetching it, said with "would" (Palatinate, Hesse)
                         r"(?:hole|holen|hol|abhole|abholen) (?:dat|tat|tate|wurde|wurd|wurden|wollt|wollte) (?:ich|isch|i|wir|mer)"
                         r"(?!(?: \w+){0,2},? aber\b)|"
                         r"(?:ich|wir) (?:hol|hole|hols|holen)"
                         r"(?: s| es| das| des| die sachen| alles)?(?= (?:dann |lieber |doch |selbst |selber )*"
                         r"(?:am|an|bei|in|morgen|heute|ubermorgen|montag|dienstag|mittwoch|donnerstag|freitag|"
                         r"samstag|sonnabend)\b)|"
                         # "kann ich das heut um 9 in Bad Nauheim am Bhf holen?": fetched, asked as a question
                         r"(?:kann|konnte|darf) (?:ich|man|wir)\s+(?:\w+\s+){0,12}?holen(?= *$| (?:kommen|gehen)\b))(?![\w])"),
}


_FULFILMENT_VERBS = re.compile(
    r"(?<![\w])(?:liefern|liefert|lieferung|geliefert|bringen|bringt|vorbeibringen|vorbei|schicken|zustellen|"
    r"nach hause|heimbringen|abhol\w*|selbst holen|selber holen|hole|hol|holen|hols|"
    r"ab(?= *$)|komme|kommen)(?![\w])")


_GLUED_AND = re.compile(r"(?<=[^\W\d])[+&](?=[^\W\d])")


def standard_text(text: str | None) -> str:
    """The turn's words with regional and spoken forms undone, as the reading sees them
    ("n jutschein über dreißg euro" → "n gutschein über dreißig euro"); line breaks become commas."""
    return " ".join(_tokens(text or "")[0])


def _tokens(raw: str) -> tuple[list[str], str, list[tuple[int, int]]]:
    """Raw words, their folded forms joined by spaces, and each word's span in that string.

    Matching runs on the folded string; what is kept goes back out as the raw words, so
    commas, digits and units ("200g", "0,5 l") reach the item reader as typed."""
    raw = _EMOJI.sub(" ", raw).replace("\n", " , ")
    raw = _GLUED_AND.sub(" + ", raw)  # "halb+halb", "Brot&Butter": "und" typed between two words
    words = _spoken_as_standard(raw.split())
    parts: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    for word in words:
        folded = fold(word)
        parts.append(folded)
        spans.append((pos, pos + len(folded)))
        pos += len(folded) + 1
    return words, " ".join(parts), spans


# Where a turn of several operations divides: the end of a sentence or line, ", dafür …" and
# ", und statt …". Not after a figure ("am 28. November") or an abbreviation ("ca. 300 g").
_CLAUSE_END = re.compile(r"(?<=[.!?])\s+|\n+|,?\s+(?=dafür\b|dafur\b)|,\s*(?=und statt\b)|"
                         # "bei den Süßkirschen nur 2 kg, und den Honig bitte wieder raus": a removal of its own
                         r",\s*(?=und\s+(?:den|die|das|der|dem)\s[^,.!?]*\b(?:raus|weg)\b)", re.IGNORECASE)
_CLAUSE_LEAD = re.compile(r"^(?:und|dafür|dafur|und dafür|und dafur)\s+", re.IGNORECASE)
_CLAUSE_TAIL = re.compile(r"[\s,]+(?:und|aber)$", re.IGNORECASE)


def operation_clauses(text: str) -> list[str]:
    """A turn that changes the cart in more than one way, one clause each: "Die Gurke raus bitte.
    Und statt Wirsing lieber einen Weißkohl", "doch nur 1 Blütenhonig, dafür noch eine
    Bienenwachskerze". The turn itself (one element) where it is one operation, or none."""
    parts: list[str] = []
    pos = 0
    for m in _CLAUSE_END.finditer(text):
        before = text[pos:m.start()].rstrip()
        last = re.sub(r"[.!?]+$", "", before.split()[-1]).lower() if before.split() else ""
        if before.endswith(".") and (last.isdigit() or last in ABBREVIATIONS or len(last) == 1):
            continue  # "am 28. November", "ca. 300 g", "z. B."
        if re.match(r"(?:dafür|dafur)\b", text[m.end():], re.IGNORECASE) and read(text[pos:m.start()]).has(Act.REMOVAL):
            continue  # "Die Butter bitte wieder raus und dafür Margarine": one replacement
        parts.append(before)
        pos = m.end()
    parts.append(text[pos:])
    clauses = [c for c in (_CLAUSE_TAIL.sub("", _CLAUSE_LEAD.sub("", p.strip(" ,;"))) for p in parts) if c]
    if len(clauses) < 2:
        return [text]
    readings = [read(c) for c in clauses]
    if not any(r.has(Act.CORRECTION, Act.REMOVAL, Act.CLEAR) for r in readings) \
            or sum(1 for r in readings if r.content) < 2:
        return [text]
    return clauses


# Grocery words that are first of all everyday words in a reason ("wenn ich weiß", "ganz klar").
_PLAIN_WORDS = frozenset({"weiss", "weis", "alt", "alte", "hell", "still", "klar", "ganz", "mild"})
_A_NUMBER = re.compile(rf"\d|^(?:{_NUMBER_WORDS}|einen|einem|einer|paar|halb\w*)$")


# A remark after the goods, to the end of its sentence: "…, die mag sie mehr", "die Kinder mögen
# die nicht mehr", "meine Frau hat noch", "der is gut", "weil doch Fastnacht ist".
# "der ist cremig" describes the goods (a variety the catalog may know): "is" and "sind" only
# with a subject of their own ("meine Frau ist …").
_REMARK = re.compile(
    r"(?<=[\w,] )(?:(?:die|der|das|dat|des|den|sie|er|se|ich|ick|wir|mer|mein|meine|unser|unsere|mien|mine)"
    r"(?: [a-z]+)? (?:mag|mog|mogen|mogt|hat|hab|habe|haben|schmeckt|schmecken|kennt|kenn|isst|esst|essen|"
    r"trinkt|trinken|weiss|wees|sagt|meint|findet|liebt|lieben|kennen|tut|tuts|tun|reicht|langt|halt|geht|gehts|"
    r"halten|bleibt|vertragt|vertragen)|"
    # "…, sie wird jo achtzig", "wir sind man bloß zu dritt": why, and its number no amount
    # (not "das sind fuffzehn Stück": the amount said again)
    r"(?:sie|er|se|wir|mer|mir|die) (?:[a-z]+ )?(?:wird|werd|werden|sind|san|sin)|"
    r"(?:die|der|das|dat|des|den|mein|meine|unser|unsere|mien|mine) [a-z]+ (?:ist|is|sind|san|war|waren)|"
    # "n Pfund Lindenhonig, der is gut für den Hals": said of the goods just named
    r"(?:die|der|das|dat|des) (?:ist|is|isch|sind|san) (?:gut|so gut|lecker|besser|gesund|prima|toll)|"
    # "…, chef mag keine Quitten", "kommen doch mehr", "sonst bleibt wieder die Hälfte"
    r"[a-z]+ (?:mag|mogen) kein[a-z]*|(?:kommen|kommt) (?:doch|ja|noch)|"
    # "Rotkohl doch raus, hab noch n Glas im Keller": the reason, said verb first
    r"(?:(?<=raus )|(?<=weg )|(?<=nicht )|(?<=nich )|(?<=net )|(?<=ned ))"
    r"(?:hab|habe|hab ich|habe ich|hab i|haben wir|hamma|ham wir) (?:noch|schon|ja|doch)|"
    r"weil|obwohl|falls|sobald|nachdem|sonst)(?![\w])")


_CHOSEN_KIND = re.compile(r"^\w+ \w+(?:e|en) (?:ist|is|sind|san|war|waren)$")


def _reason_end(words: list[str], spans: list[tuple[int, int]], end: int, owned: bool = False) -> int:
    """Where the rest of the sentence from ``end`` ends, when it is only a reason or a remark;
    ``end`` itself when it names goods.

    "Termin mach ich später, wenn ich weiß, wann sie nicht zu Hause ist", "den Termin mach ich
    später meine Frau weiß wann wir daheim sind": the reason names no goods, and read as goods
    its words found a shop "Wir Ist Oder" or a tray of mushrooms. A rest with a number or a
    grocery word ("…, und noch zwei Brote") stays to be read.
    """
    rest = [(word, span) for word, span in zip(words, spans, strict=True) if span[0] >= end]
    sentence: list[tuple[str, tuple[int, int]]] = []
    for word, span in rest:
        if sentence and fold(word) in ("und", "u", "dann", "dazu", "ausserdem", "plus", "dafur", "aber"):
            break  # "weil doch Fastnacht ist und da bräucht ich zwölf Kreppel", "… dann noch …"
        sentence.append((word, span))
        if word.endswith((".", "!", "?")) or (owned and word.endswith(",")):
            break  # ("raus, hab noch zwei Kästen im Keller, dafür 1 Kasten Dunkles": the reason ends)
    if owned and sentence:
        return sentence[-1][1][1]  # goods the resident has at home: the whole clause is the reason
    folded = [fold(w) for w, _ in sentence]
    # goods said with "kein" are not ordered: "meine Frau mag keinen Räucherfisch"
    ordered = [w for i, w in enumerate(folded) if not (i and folded[i - 1] in ("kein", "keine", "keinen", "keiner"))]
    # "das langt für uns zwei alte Leut": people counted, not goods
    counted = [w for i, w in enumerate(ordered) if not (i and ordered[i - 1] in ("uns", "wir", "mir", "euch"))]
    if not sentence or any(_A_NUMBER.search(w) for w in counted) \
            or any(lexicon().is_goods(w) and w not in _PLAIN_WORDS for w in ordered) \
            or _WHEN.search(" ".join(folded)):  # "meine Frau hat Samstag Geburtstag": the day may count
        return end
    return sentence[-1][1][1]


def _clause_end(words: list[str], spans: list[tuple[int, int]], end: int) -> int:
    """The end of the clause going on at ``end``: its sentence's end, or the word before an
    "und", "dann", "aber" that starts the next one ("i mach Marmelad ein und bräucht a Obst")."""
    last = end
    for word, span in zip(words, spans, strict=True):
        if span[1] <= end:
            if span[1] == end and word.endswith((".", "!", "?", ",", ":")):
                return end  # "Ich möchte Kirschen einkochen. Vom Hofladen …": the sentence ended with it
            continue
        bare = fold(word.strip(",.!?"))
        if bare in ("und", "dann", "aber", "dazu", "ausserdem", "plus", "u") or _ORDER_STARTS.match(bare) \
                or _A_NUMBER.search(bare) and bare not in ("ein", "eine", "einen", "einem", "einer"):
            break  # "ick backe am Wochenende für die Enkel ick bräuchte drei Kilo Weizenmehl"
        last = span[1]
        if word.endswith((".", "!", "?", ",", ":")):
            break
    return last


# Words that start the order after a reason: "… ick bräuchte", "… ich hätte gern", "… bitte"
_ORDER_STARTS = re.compile(r"^(?:brauch\w*|bräucht\w*|brauchte\w*|bruuch\w*|hatte|hatt|hätt\w*|mochte|mocht|bitte|"
                           r"nehm\w*|bestell\w*|ich|ick|ik|i|wir|mir|mer|vom|von|beim|bei)$")


def _reason_end_span(words: list[str], spans: list[tuple[int, int]], found: tuple[int, int]) -> tuple[int, int]:
    """The span from the start of the clause ("das", "dann") to the end of its sentence."""
    inside = [i for i, span in enumerate(spans) if span[0] < found[1] and span[1] > found[0]]
    if not inside:
        return found
    # to the end of the sentence, or (spoken, without punctuation) to the next "dann", "und", "noch" or amount
    end = next((i for i in range(inside[-1], len(words)) if words[i].endswith((".", "!", "?", ","))
                or i + 1 < len(words) and (fold(words[i + 1]) in ("dann", "und", "noch", "ausserdem", "aber", "plus")
                                           or _amount(words[i + 1].strip(",.!?")))), len(words) - 1)
    start = inside[0]
    while start > 0 and fold(words[start - 1].strip(",.!?")) in ("das", "dat", "des", "dann", "deswegen", "darum",
                                                                  "dafur", "na", "ok", "okay", "gut") \
            and not words[start - 1].endswith((".", "!", "?", ",")):
        start -= 1
    return spans[start][0], spans[end][1]


def _question_sentence(words: list[str], spans: list[tuple[int, int]], found: tuple[int, int]) -> tuple[int, int]:
    """The whole sentence a question was found in, where it ends with a question mark: "Met darf
    man ab 16 oder ab 18 kaufen?" asks about the Met, it orders none."""
    inside = [i for i, span in enumerate(spans) if span[0] < found[1] and span[1] > found[0]]
    if not inside:
        return found
    end = next((i for i in range(inside[-1], len(words)) if words[i].endswith((".", "!", "?"))), None)
    if end is None or not words[end].endswith("?"):
        return found
    start = next((i + 1 for i in range(inside[0] - 1, -1, -1) if words[i].endswith((".", "!", "?"))), 0)
    return spans[start][0], spans[end][1]


def _remarks(words: list[str], folded: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where the remarks after the goods are ("Tulpen, die mag sie mehr" read as goods was
    "Tulpen Die Mag Sie Mehr"); not "der cremige ist mir lieber", the kind chosen."""
    return [(found.start(), end) for found in _REMARK.finditer(folded) if not _CHOSEN_KIND.match(found.group(0))
            and (end := _reason_end(words, spans, found.start(), _HAVE_STILL.match(found.group(0)) is not None))
            > found.start()]


# "hab noch n Glas im Keller": the goods named are the resident's own, never ordered
_HAVE_STILL = re.compile(r"(?:hab|habe|haben|hamma|ham)\b")


def without_remarks(text: str) -> str:
    """``text`` without the remarks after its goods ("statt der Rosen lieber 2 Bund Tulpen, die mag
    sie mehr" → "statt der Rosen lieber 2 Bund Tulpen"), for readers of the whole sentence."""
    words, folded, spans = _tokens(text)
    taken = _remarks(words, folded, spans)
    if not taken:
        return text
    return " ".join(word for word, span in zip(words, spans, strict=True) if not _covered(span, taken)).strip(" ,")


def read(text: str | None) -> Reading:
    """Read one utterance into acts, address, name, fulfilment and the words left for goods."""
    raw = text or ""
    # "9–12 passt": the hours of a window said back (the dash would be lost with the punctuation)
    words, folded, word_spans = _tokens(_HOUR_RANGE.sub(r"\1 bis \2", raw))
    acts: set[Act] = {Act.CONFIRM} if _YES_EMOJI.search(raw) else set()
    taken: list[tuple[int, int]] = []
    name = None
    g = _GREETING_NAME.search(folded)
    # a goods word is a name only where "hier" says so ("hallo Mohr hier aus Steinkirchen")
    if g and not any(w in _NOISE or w in _KIN or lexicon().is_goods(w) and folded[g.end():g.end() + 5] != " hier"
                     for w in g.group("name").split()):
        # "morgen lorenz ein halbes dutzend brötchen", "guten tag sommerfeld ich hätte gern …"
        acts |= {Act.GREETING, Act.INTRODUCTION}
        name = _raw_words(words, word_spans, g.span("name")) or None
        end = g.end() + (5 if folded[g.end():g.end() + 6] in (" hier", " hier ") else 0)
        town = _FROM_TOWN.match(folded, end)
        end = town.end() if town else end  # "hallo Schoofs aus Kleve": the town is no goods either
        taken.append((g.start(), end))  # "hallo Gienger hier": "hier" is part of saying who it is
    m = _INTRODUCTION.search(folded)
    if m:
        acts.add(Act.INTRODUCTION)
        name = _raw_words(words, word_spans, m.span(2)) or None
        taken.append((m.start(), m.end()))
    for found in _WISH.finditer(_blank(folded, taken)):
        acts.add(Act.GOODBYE)  # "schönen Abend noch": its "Abend" asks for no window
        taken.append(found.span())
    for found in _I_KNOW.finditer(_blank(folded, taken)):
        taken.append(found.span())  # "ich weiß, ihr habt nächste Woche zu": no white goods
    for found in _PFIAT.finditer(_blank(folded, taken)):
        acts.add(Act.GOODBYE)  # "pfiat di": its "di" is no Tuesday
        taken.append(found.span())
    for found in _LATER.finditer(_blank(folded, taken)):
        acts.add(Act.LATER)  # before fulfilment and days: "Abholtermin mach ich morgen" books nothing
        taken.append((found.start(), _reason_end(words, word_spans, found.end())))
    for found in _OWN_MAKING.finditer(_blank(folded, taken)):
        # "ich back am Wochenende Zwetschgenkuchen", "i mach Marmelad ein": what the resident makes
        # at home is why they order, not goods ordered
        taken.append((found.start(), _clause_end(words, word_spans, found.end())))
    address, address_spans = find_address(folded)
    taken += address_spans
    fulfilment = None
    for act in SERVICE_QUESTION_ACTS:
        # "was kostet die Lieferung?", "wo kann man abholen?", "bis wann hat … offen?": asked
        # about, not chosen
        for found in _SERVICE_QUESTIONS[act].finditer(folded):
            acts.add(act)
            taken.append(_question_sentence(words, word_spans, found.span()) if act is Act.AGE_QUESTION
                         else found.span())
    for kind, pattern in _FULFILMENT_WORDS.items():
        if pattern.search(_blank(folded, taken)) and fulfilment is None:
            fulfilment = kind
    if fulfilment is not None:
        # only the verbs go: "ich hole morgen zwei Brote ab" still orders two loaves
        taken += [f.span() for f in _FULFILMENT_VERBS.finditer(folded)]
    allergens, allergen_spans = _allergen_question(raw, folded)
    if allergen_spans:
        acts.add(Act.ALLERGEN_QUESTION)
        taken += allergen_spans
    age, age_spans = _age(folded) if Act.AGE_QUESTION not in acts else (None, [])
    if age_spans:
        acts.add(Act.AGE)
        taken += age_spans
    for found in _WEATHER.finditer(_blank(folded, taken)):
        acts.add(Act.SMALLTALK)  # "dat wetter is ja auch wieder nix heut": "heut" asks for no day
        taken.append(found.span())
    when = False
    for found in _WHEN.finditer(_blank(folded, taken)):
        if found.group(0) in ("morgen", "abend", "mittag") \
                and (re.search(r"(?:^|[^\w])(guten|gute|schonen|n) $", folded[:found.start()])
                     or found.group(0) == "morgen" and _MORNING_GREETING.match(folded[:found.start()])
                     and (introduced := _INTRODUCED_AFTER.match(folded[found.end():])) is not None
                     and not lexicon().is_goods(introduced.group(1))):
            continue  # "guten Morgen", "n Abend", "ja morjen, Fritsche hier" are greetings
        when = True
        start = found.start()
        lead = _WHEN_LEAD.search(folded[:start])
        if lead is not None and not found.group(0)[:1].isdigit():
            start = lead.start()  # "am Samstag: 20 Weißwürscht": "am" goes with the day, not the 20
        taken.append((start, found.end()))
    first_question = raw.find("?")
    # "Räuchern Sie auch Aal?", "macht ihr eigtl auch Kuchenbuffet? wir haben …": the first sentence asks
    asks_first = raw.rstrip().endswith("?") or first_question > 0 and not re.search(r"[.!]\s", raw[:first_question])
    verb_first = _VERB_FIRST.match(_blank(folded, taken)) if asks_first else None
    if verb_first is not None:
        acts.add(Act.PRODUCT_QUESTION)  # "Räuchern Sie auch Aal?" asks; "Legen Sie auch Petersilie dazu." orders
        taken.append(verb_first.span())
    for found in _CAN_ONE_HAVE.finditer(_blank(folded, taken)):
        # "kann man bei Ihnen auch Torten bestellen?": asked, and its "bestellen" orders nothing;
        # the goods between stay in the content
        acts.add(Act.PRODUCT_QUESTION)
        taken += [found.span("ask"), found.span("verb")]
    # "beim roten Glühwein noch 2 dazu, die trinken das weg wie nix": a remark removes nothing
    remarked = _remarks(words, _blank(folded, taken), word_spans)
    for act, pattern in _COMPILED:
        blanked = _blank(folded, taken)
        for found in pattern.finditer(blanked):
            if act is Act.DENY and found.group(0) == "ne" and _ne_is_article(folded, found.end()):
                continue  # "ne Flasche Milch": "ne" is "eine"
            if act is Act.REMOVAL and any(a <= found.start() and found.end() <= b for a, b in remarked):
                continue
            if act in _EDGE_ACTS and not _at_edge(blanked, found.span(), found.group(0)):
                continue  # "Apfelsaft klar", "ein gutes Brot": a word of the goods, not a yes
            acts.add(act)
            if act not in (Act.CORRECTION, Act.REMOVAL, Act.REPEAT_ITEM):
                taken.append(found.span())  # the words of a correction stay: they name its goods
    taken += _remarks(words, _blank(folded, taken), word_spans)
    deferred = [found.span() for found in PUT_OFF.finditer(_blank(folded, taken))]
    if deferred:
        # "Gut, dann melde ich mich deswegen nochmal", "ok, das überlege ich mir noch": not now,
        # and no goods ("das machen wir selber mit der Nachbarschaft")
        taken += [_reason_end_span(words, word_spans, span) for span in deferred]
        yes_of_the_put_off = re.match(r"^\W*(?:(?:ok|okay|gut|ja|na|alles klar|achso|aha|hm+|ah|aso|schade|danke)\W+)*$",
                                      folded[:deferred[0][0]]) is not None  # "ok, überleg ich mir noch. Lieferung …"
        if Act.CONFIRM in acts and (yes_of_the_put_off or not [w for w, span in zip(words, word_spans, strict=True)
                                                               if not _covered(span, taken) and fold(w) not in _NOISE]):
            acts = (acts - {Act.CONFIRM}) | {Act.DENY}  # (a yes with goods of its own stays a yes)
    kept_raw: list[str] = []
    for word, span in zip(words, word_spans, strict=True):
        if not _covered(span, taken):
            kept_raw.append(word)
        elif word.endswith((".", "!", "?")) and kept_raw and not kept_raw[-1].endswith((".", "!", "?", ",")):
            # "… ein Spargelessen bestellen. Vom Spargelhof …": the sentence still ends where it did
            kept_raw[-1] += "."
    kept = standard_words(kept_raw)
    # The words left keep their "und", articles and numbers (the item reader needs them); when
    # they are all noise, nothing names goods.
    content = "" if all(_all_noise(fold(w)) or not fold(w) for w in kept) else " ".join(kept).strip(" ,;.!?")
    content = _amount_corrected_in_passing(_vague_then_counted(content))
    if Act.DONE in acts and content and _MEANS_TO_ORDER.search(folded):
        acts.discard(Act.DONE)  # "ich wollt beim Kessler Kersche bestelle": what follows is the order
    if Act.PRODUCT_QUESTION in acts and _ASKS_A_SERVICE.match(folded):
        content = _PARTICLE_AT_END.sub("", content)  # "Machen Sie auch Schlüssel nach?": "Schlüssel"
    return Reading(text=raw, acts=frozenset(acts), address=address, name=name, content=content,
                   fulfilment=fulfilment, when=when, allergens=allergens, age=age, standard=" ".join(words))


# Put off, not agreed: the answer to "Soll ich welche notieren?" for a service or goods asked about
PUT_OFF = re.compile(r"(?<![\w])(?:(?:meld|melde) (?:ich )?(?:mich|mi) (?:\w+ ){0,2}?(?:nochmal|noch mal|noch|spater|wieder)|"
                       r"(?:uberleg|uberlege|uberlegen) (?:ich|wir) (?:mir |uns )?(?:noch|nochmal|erst)|"
                       # "ok merk ich mir", "schau ich dann im Laden"
                       r"(?:merk|merke) (?:ich|wir) (?:mir|uns)(?: (?:mal|dann|fur spater))?|"
                       r"(?:schau|schaue|guck|gucke) (?:ich|wir) (?:dann |mal |lieber )*(?:im laden|vor ort)|"
                       r"(?:(?<=^)|(?<=das )|(?<=dat )|(?<=des )|(?<=dann )|(?<=gut )|(?<=ok )|(?<=okay )|(?<=nee )|(?<=nein ))"
                       r"(?:mach|mache|machen) (?:wir|ich) (?:\w+ )?(?:selber|selbst)|"
                       r"(?:frag|frage|fragen|bespreche|besprech|klar|klare) (?:ich|wir) (?:(?!dann |und |nach )\w+ ){0,3}?(?:noch|erst|nochmal)"
                       r"(?! (?:nach|ob|wegen))|"
                       r"(?:frag|frage|fragen) (?:ich|wir) (?:die|den|meine|meinen|unsere) \w+)(?![\w])")
# "ich wollte … bestellen", "wir möchten beim Bäcker Brötchen bestellen": the goods said with it are the
# order's first words, not its end (but "ich möchte jetzt so bestellen" ends it)
_MEANS_TO_ORDER = re.compile(r"(?<![\w])(?:ich|i|wir|mir) (?:wollte|wollt|wollten|will|wollen|mochte|mochten|mocht|"
                             r"mecht|wurde|wurden|hatte|hatt|tat|tate|dat|wurd)(?: gern| gerne)?"
                             r"(?: (?!(?:jetzt|dann|so|das|des|alles|nun)(?![\w]))\w+)+ (?:bestellen|bestelle|bstella)(?![\w])")
_MORNING_GREETING = re.compile(r"^(?:(?:ja|na|also|so|ah|ahm|hallo) )*$")
# "ja morjen, Fritsche hier", "Morgen, Zander aus Niemegk" (but "Morgen Spargel aus Beelitz" orders)
_INTRODUCED_AFTER = re.compile(r"^ (\w+) (?:hier|aus|von)\b")
_ASKS_A_SERVICE = re.compile(r"(?:\w+ ){0,2}(?:machen|macht|bieten|bietet) (?:sie|ihr|se) ")
_PARTICLE_AT_END = re.compile(r"\s+(?:nach|an)[\s,.!?]*$", re.IGNORECASE)


# Allergens as people name them (folded), by the catalog's ids (EU 1169/2011 Annex II).
_ALLERGEN_WORDS: tuple[tuple[str, str], ...] = (
    ("erdnuesse", r"erdnuss\w*"),
    ("schalenfruechte", r"nuss|nusse|nussen|nusschen|\w+nuss|\w+nusse|mandeln?|cashew\w*|pistazien?|pekan\w*|"
                        r"macadamia\w*|schalenfruchte|nussallergie"),
    ("gluten", r"gluten|glutenfrei|weizen|dinkel|zoliakie"),
    ("milch", r"milch|laktose|lactose|laktosefrei|milchzucker|milcheiweiss"),
    ("eier", r"eiern?|eier|huhnerei"),
    ("soja", r"soja"),
    ("sesam", r"sesam"),
    ("sellerie", r"sellerie"),
    ("senf", r"senf"),
    ("fisch", r"fisch"),
    ("krebstiere", r"krebstiere|krebse?|garnelen|krabben|shrimps?"),
    ("weichtiere", r"weichtiere|muscheln|tintenfisch"),
    ("lupinen", r"lupinen?"),
    ("schwefeldioxid", r"schwefel\w*|sulfite?"),
)
_ALLERGEN_RE = tuple((allergen, re.compile(rf"(?<![\w])(?:{words})(?![\w])")) for allergen, words in _ALLERGEN_WORDS)
# Words that make it a question about what is in something, not an order of it.
_ALLERGEN_FRAME = re.compile(
    r"(?<![\w])(?:drin|drinne|drinnen|enthalt|enthalten|enthalte|beinhaltet|allergene?|allergien?|allergiker\w*|"
    r"unvertraglichkeit\w*|spuren( von)?|frei von|vertragt|vertrage|vertragen)(?![\w])")
# "…, da ist ja oft Nuss drin." said after an order or a change: why, not a question
_ALLERGEN_REASON = re.compile(r"[,;.]\s*(?:da|weil|denn|weil da|denn da) (?:ist|is|sind|san|sin|isch)(?: \w+){0,5} "
                              r"(?:drin|drinne|drinnen)\b")
_ALLERGEN_QUESTION_START = re.compile(r"^(?:ist|sind|hat|haben|gibt es|enthalt|enthalten|hat es|is)(?![\w])")
_ALLERGEN_FILLER = re.compile(r"(?<![\w])(?:ist|sind|hat|haben|da|denn|auch|eigentlich|irgendwelche|welche|was fur|"
                              r"gibt es|es|is|etwas|was|wieviel|viel|kann|man|mit)(?![\w])")


def _allergen_question(raw: str, folded: str) -> tuple[tuple[str, ...], list[tuple[int, int]]]:
    """"Ist im Streuselkuchen Nuss drin?" → (("schalenfruechte",), spans of the question words).

    Only a question: a frame word ("drin", "enthält", "Allergene") or a question beginning with
    "ist/hat/enthält" and ending in "?". "Zwei Liter Milch" orders milk; it asks nothing."""
    framed = list(_ALLERGEN_FRAME.finditer(folded))
    if "?" not in raw and _ALLERGEN_REASON.search(raw.lower()) \
            and not re.search(r"\b(?:oder|gell|ne|oda|odda|nicht wahr|doch (?:keine?|nix|nichts))\b", folded):
        return (), []  # "den Apfelstrudel bitte streichen, da ist ja oft Nuss drin": a reason, no question
    asked = raw.strip().endswith("?") and _ALLERGEN_QUESTION_START.search(folded)
    found = [(allergen, m.span()) for allergen, pattern in _ALLERGEN_RE for m in pattern.finditer(folded)]
    if not framed and not (asked and found):
        return (), []
    if not found and not any(m.group(0).startswith(("allerg", "unvertrag", "spuren")) for m in framed):
        return (), []  # "was ist da drin?" without an allergen is no allergen question
    spans = [span for _, span in found] + [m.span() for m in framed]
    spans += [m.span() for m in _ALLERGEN_FILLER.finditer(_blank(folded, spans))]
    return tuple(dict.fromkeys(allergen for allergen, _ in found)), spans


_TENS = {"zwanzig": 20, "dreissig": 30, "vierzig": 40, "funfzig": 50, "sechzig": 60, "siebzig": 70, "achtzig": 80,
         "neunzig": 90}
_ONES = {"ein": 1, "zwei": 2, "drei": 3, "vier": 4, "funf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9}
# "achtundsiebzig", "fünfundachtzig", "zweiundvierzig": ages said in words, ones before tens
_AGE_NUMBER = (r"(\d{1,2}|sechzehn|siebzehn|achtzehn|neunzehn|funfzehn|vierzehn|"
               rf"(?:(?:{'|'.join(_ONES)})und)?(?:{'|'.join(_TENS)}))")
_AGE = re.compile(rf"(?<![\w])(?:ich bin|bin)(?: (?:schon|bereits|uber|ueber|erst|noch|gerade|lang|lange|langst|ja|doch|"
                  rf"ubrigens|ja schon))* "
                  rf"{_AGE_NUMBER}"
                  r"(?: jahre?)?(?: alt)?(?![\w])(?! (?:wochen|woche|tage|tagen|monate|monaten|kilo|km|kilometer|minuten|"
                  r"stunden|euro|mal|uhr|stuck|leute|personen)\b)|(?<![\w])(?:ich bin )?(volljahrig|minderjahrig)(?![\w])")
_AGE_WORDS = {"vierzehn": 14, "funfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
              "zwanzig": 20, "dreissig": 30, "vierzig": 40, "funfzig": 50}


def _age_in_words(said: str) -> int:
    ones, _, tens = said.rpartition("und")
    return _TENS[tens] + _ONES.get(ones, 0)


def _age(folded: str) -> tuple[int | None, list[tuple[int, int]]]:
    """"ich bin 17" → 17, "ich bin über 18" → 18, "volljährig" → 18, "minderjährig" → 17; where
    it is said twice ("ich bin schon lang über achtzehn, ich bin fünfundsiebzig") the last says it."""
    age: int | None = None
    spans: list[tuple[int, int]] = []
    for m in _AGE.finditer(folded):
        if m.group(2):
            age = 18 if m.group(2) == "volljahrig" else 17
        else:
            said = m.group(1)
            age = int(said) if said.isdigit() else _AGE_WORDS.get(said) or _age_in_words(said)
        spans.append(m.span())
    return age, spans


# Spoken forms the item reader would not know: Bavarian and Low German numbers and articles,
# clipped endings ("flaschn"). Only whole words, and "an"/"a" only before a unit or container.
_DIALECT = {"zwoa": "zwei", "zwee": "zwei", "zwo": "zwei", "drei": "drei", "viere": "vier", "fünfe": "fünf",
            "sechse": "sechs", "flaschn": "flaschen", "kastn": "kasten", "kästn": "kästen", "glasl": "glas",
            "packl": "packung", "packerl": "packung", "pfundl": "pfund", "semmerl": "semmel", "i": "ich",
            "ick": "ich", "ik": "ich", "hätt": "hätte", "tät": "würde", "dat": "das", "wat": "was",
            "n": "ein", "'n": "ein", "'ne": "eine", "u": "und", "&": "und", "+": "und", "zwa": "zwei",
            "a": "ein", "des": "das", "mei": "mein", "mir": "wir",
            # typed without umlauts: the function words the item reader must still recognise
            "haette": "hätte", "moechte": "möchte", "moecht": "möchte", "fuer": "für",
            "fuers": "fürs", "waere": "wäre", "koennte": "könnte", "brauch": "brauche", "braeuchte": "bräuchte",
            # Swabian and Alemannic: "des isch alles", "zwoi päckle", "an kaschte", "bringet Sie's"
            "ned": "nicht", "net": "nicht", "nit": "nicht", "au": "auch", "scho": "schon", "zwoi": "zwei",
            "koi": "kein", "koin": "keinen", "ebbes": "etwas", "bringet": "bringen", "bringe": "bringen",
            "könnet": "können", "habet": "haben", "hent": "haben", "machet": "machen", "vergesset": "vergessen",
            "wisset": "wissen", "liefret": "liefern", "päckle": "päckchen",
            "päckla": "päckchen", "schachtle": "schachtel", "schächtele": "schachtel", "stückle": "stück",
            "stückla": "stück", "kaschte": "kasten", "kischte": "kiste", "fläschle": "flasche",
            "fläschla": "flasche", "gläsle": "glas", "gläsla": "glas", "tütle": "tüte", "wurscht": "wurst",
            "zusamme": "zusammen", "abhole": "abholen", "bestelle": "bestellen", "erschte": "erste", "oschtern": "ostern", "morge": "morgen", "koschtet": "kostet", "ois": "eins", "oins": "eins", "koscht": "kostet", "se": "sie", "sies": "sie", "ses": "sie", "sie's": "sie", "ham": "haben", "nich": "nicht", "is": "ist", "heut": "heute", "übermorge": "übermorgen", "fescht": "fest", "bischt": "bist", "hascht": "hast", "mecht": "möchte", "mechat": "möchte", "mechert": "möchte", "kees": "käse",
            "kaas": "käse", "worscht": "wurst", "kaes": "käse", "käs": "käse",
            "flasch": "flasche", "fläsch": "flasche", "obschtler": "obstler", "obscht": "obst",
            # Berlin-Brandenburg and Low German: "een halbet Pfund", "zwee Paar", "hundert fuffzig Gramm"
            "een": "ein", "eene": "eine", "eenen": "einen", "dree": "drei", "veer": "vier", "fief": "fünf",
            "fuffzig": "fünfzig", "fuffzich": "fünfzig", "fuchzig": "fünfzig", "fuchzg": "fünfzig",
            "fuffzg": "fünfzig", "fuchzehn": "fünfzehn", "halbet": "halbes", "allet": "alles", "det": "das", "jerne": "gerne",
            "jern": "gern", "jut": "gut",
            # Mecklenburg and Low German: "ick bruk twei netze", "söss eier" ("pund", "halv": amount parser)
            "twei": "zwei", "twee": "zwei", "söss": "sechs", "söben": "sieben", "teihn": "zehn",
            "twalf": "zwölf", "bruk": "brauche", "bruuk": "brauche",
            "mok": "mache", "allens": "alles", "buddel": "flasche", "buddeln": "flaschen", "de": "der",
            "lütt": "klein", "lütte": "kleine", "lütten": "kleinen", "lüttes": "kleines", "lütter": "kleiner",
            # Hessian: "aich bräucht zwä Handkees", "un vom Jökel" ("pond": amount parser; "zwie" is left
            # out: the recogniser splits "zwie beln")
            "zwä": "zwei", "zwää": "zwei", "aich": "ich", "un": "und",
            # Moselle Franconian (Eifel): "e fläschje", "e stöckche"; Bavarian "a Kastl"
            "fläschje": "flasche", "fläschche": "flasche", "päckche": "päckchen", "stöckche": "stück",
            "kastl": "kasten", "kasterl": "kasten", "flascherl": "flasche",
            # the phone's recogniser hears "sechs" as "sex"
            "sex": "sechs",
            # typed shorthand for the kind: "1 kiste bit alkfrei" (halves said "halwe", "hoibs" and a
            # "Viertl" are the amount parser's: nlu.resolution.quantity)
            "alkfrei": "alkoholfrei",
            # Bavarian: "vier Stückl", "zwoa Tragl Helles", "an Kren dazua", "habts aa"
            "stückl": "stück",
            "stückerl": "stück", "tragl": "kasten", "tragerl": "kasten", "dazua": "dazu", "aa": "auch",
            "habts": "habt", "liaba": "lieber", "liawa": "lieber", "liaber": "lieber", "vui": "viel", "vül": "viel",
            # Franconian and Bavarian: "zwäi Kastn Hells", "zwou Karpfen", "kaa Stilles", "koa Bier",
            # "fürn Sunnta", "am Samsta", "zwa Kilo zamm", "a halbs Pfund"
            "zwäi": "zwei", "zwou": "zwei", "kaa": "kein", "kaan": "keinen", "koa": "kein", "koan": "keinen",
            "koane": "keine", "samsta": "samstag", "sunnta": "sonntag", "sunntag": "sonntag", "zamm": "zusammen",
            "zam": "zusammen", "halbs": "halbes", "gfrorn": "gefroren", "gfroren": "gefroren",
            # Swabian infinitives and days: "bstella", "liefra", "am Freitig", "am Mentig", "in dr Früh"
            "bstella": "bestellen", "bstelln": "bestellen", "bestella": "bestellen", "liefra": "liefern",
            "bringa": "bringen", "abhola": "abholen", "macha": "machen", "kaufa": "kaufen", "mentig": "montag",
            "mändig": "montag", "zieschtig": "dienstag", "dienschtig": "dienstag", "johr": "jahr",
            "freitig": "freitag", "sonntig": "sonntag", "samschtig": "samstag", "samstig": "samstag",
            "friitig": "freitag", "fritig": "freitag", "dunnschtig": "donnerstag", "nomidag": "nachmittag",
            "mittwuch": "mittwoch", "moin": "moin",
            "johra": "jahre", "hot": "hat", "dunschtig": "donnerstag", "donnschtig": "donnerstag",
            "kischtle": "kiste", "bestelln": "bestellen", "achte": "acht", "zehne": "zehn", "neune": "neun",
            "elfe": "elf", "zwölfe": "zwölf", "hend": "habt", "hen": "habt", "dutzed": "dutzend", "dutzad": "dutzend", "duzend": "dutzend", "vo": "von", "wos": "was", "heier": "heuer", "oans": "eins", "fümf": "fünf", "fimf": "fünf",
            # the Bavarian names of Tuesday and Thursday
            "irta": "dienstag", "ertag": "dienstag", "erchtag": "dienstag", "pfinsta": "donnerstag",
            "pfinztag": "donnerstag",
            # Palatine and Saarland: "vum Metzger", "zwee Kischde unn e Flasch", "iwwer fuffzisch Euro",
            # "hänn ihr aach", "owends", "nochmiddags" ("isch" is "ich" there: see _ISCH_IS_IST)
            "vun": "von", "vum": "vom", "unn": "und", "iwwer": "über", "uff": "auf", "mol": "mal",
            "hänn": "haben", "hän": "haben", "dät": "würde", "däte": "würden", "owends": "abends",
            "nochmiddags": "nachmittags", "nochmiddag": "nachmittag", "vormiddags": "vormittags",
            "vormiddag": "vormittag", "morjens": "morgens", "kischd": "kiste", "kischde": "kisten",
            "kischt": "kiste", "bräucht": "bräuchte", "wollt": "wollte",
            "wocheend": "wochenende", "for": "für", "ee": "ein", "finf": "fünf", "aach": "auch", "odder": "oder",
            "hälft": "hälfte", "spärer": "später", "schun": "schon", "erschtmol": "erstmal", "nochemol": "nochmal",
            "dezu": "dazu", "em": "dem", "koschtn": "kostet", "koschte": "kosten", "gebt": "gibt", "gäbt": "gibt"}
# "isch" is "ist" in Swabia and Baden ("des isch alles") but "ich" in the Palatinate, Saarland and
# Hesse ("isch bräucht", "hol isch"): "ist" only after the words that stand before a verb "ist".
def _isch_is_ist(before: str, after: str) -> bool:
    """Swabian "isch" is "ist" ("des isch alles", "Isch des Bauernbrot vo heut?", "der Kuchen isch
    aber lecker"); Palatine "isch" is "ich" ("isch bräucht", "hol isch die im Kaufhaus")."""
    before = before.lower().strip(",.;!?")
    return before in _ISCH_IS_IST | {"ist"} or after in _AFTER_IST \
        or (not before and after in _ISCH_IS_IST)


_AFTER_IST = frozenset("aber doch ja schon scho gut recht alles zu so lecker frisch noch net nicht ned nit au auch".split())
_GRADE_WORDS = frozenset("klasse handelsklasse güteklasse guteklasse kl kl.".split())
_ISCH_IS_IST = frozenset("des das dat es s 's wo was wie des der die hier so alles des's sell selle dees".split())
# "einazwanzg", "sechsazwanzgstn": Franconian and Bavarian tens joined by "a" for "und"
_UNITS_A_TENS = re.compile(r"^(ein|zwei|drei|vier|fünf|fümf|sechs|sieben|siebn|acht|neun)a"
                           r"(zwanz|dreiß|vierz|fuchz|fünfz|sechz|siebz|achtz|neunz)i?g(st|ste|sten|stn)?$")


_NUMBER_GLUED_TO_UNIT = re.compile(r"(ein|eine|zwei|zwee|drei|vier|fünf|sechs|sieben|acht|neun|zehn|zwölf|halb|"
                                   r"anderthalb|eineinhalb|viertel|dreiviertel)(pfund|kilo|liter|gramm)")
_TENS_SAID = re.compile(r"(zwanz|dreiß|vierz|fünfz|fuffz|sechz|siebz|achtz|neunz)ich(?=st|$)")
_GLUED_NUMBER_PARTS = (("siebn", "sieben"), ("fuchz", "fünfz"), ("fuffz", "fünfz"), ("zwoa", "zwei"), ("zwoi", "zwei"))


def _joined_tens(word: str) -> str | None:
    m = _UNITS_A_TENS.match(word)
    if m is None and _TENS_SAID.search(word) and word.isalpha():
        # "fünfunzwanzich", "zwanzichsten": the "d" of "und" swallowed, "-ich" for "-ig"
        plain = _TENS_SAID.sub(lambda t: t.group(1) + "ig", re.sub(r"un(?=zwanz|dreiß|vierz|fünfz|fuffz|sechz|siebz|achtz|neunz)",
                                                                    "und", word))
        if plain != word and (_amount(plain) or _amount(re.sub(r"st(?:e|en|er|es)?$", "", plain))):
            return plain
    if m is None:
        # "siebnhundertfuchzg": a number glued from dialect parts
        if "hundert" not in word or not word.isalpha():
            return None
        for said, standard in _GLUED_NUMBER_PARTS:
            word = word.replace(said, standard)
        word = re.sub(r"(?<=[zß])g$", "ig", word)
        return word if _amount(word) else None
    tens = {"fuchz": "fünfz"}.get(m.group(2), m.group(2))
    ordinal = "sten" if m.group(3) else ""
    return f"{m.group(1)}und{tens}ig{ordinal}"
_AUCH_FOLLOWERS = frozenset("vom von beim bei noch dazu dabei".split())
_TYPED_SHORT = {"u.": "und", "ki": "Kiste", "ki.": "Kiste", "kist": "Kiste", "v.": "von", "bhf": "Bahnhof", "bhf.": "Bahnhof", "mkt": "Markt", "mkt.": "Markt"}
_INDEFINITE = frozenset({"a", "an", "oa", "oan", "oana", "oans", "en", "'n", "e", "ä"})
# After "e"/"en" these words make no "one of the goods": "e bissje", "e paar", "en bisschen"
_NOT_ONE_AFTER = frozenset("bissje bissche bisschen bissi bissel bissl bisserl paar wenig weng wengel wenk".split())
_PREPOSITION_FOLLOWERS = frozenset("der die das dem den des einem einer ein eine meinem unserem".split())
_UNIT_WORDS = frozenset("""kasten kästen kastn kiste flasche flaschn flaschen glas glasl becher packung packerl
    pfund kilo liter stück stuck stange stangen bund tüte beutel sack netz schale dose laib ring paar sixpack
    träger dutzend halbes halbe halben halber viertel""".split())


# Not before the acts are read: "tut mir leid" is no "wir", and "a"/"an" need the item reader's care.
_NOT_BEFORE_ACTS = frozenset({"mir", "a", "an", "n", "'n", "u"})


_CORRECTING = frozenset("nee nein ne quatsch äh ähm ach na naa".split())  # Bavarian "na": no
_HEDGES = frozenset("äh ähm öh oh ach doch lieber besser eher also nur bloß bloss was warte na nein nee".split())
_AFTER_AMOUNT = frozenset("und bitte plus mein das des dat".split())  # "… doch nur eins, das langt"
_NOT_WORDS = frozenset("nicht net ned nit nich".split())


# "n paar Schrippen, na sagen wa achte", "Laugastanga a paar, so zehne": a vague amount, then the
# count meant
_SAY_WE = re.compile(r"\b(?:ein |eine )?paar (?P<goods>[^\W\d][\w-]*(?: (?!(?:na|also|äh|ähm|so|ja)\b)[^\W\d][\w-]*)?)[ ,]+(?:(?:na|also|äh|ähm|so|ja)[ ,]+)*"
                     r"(?:sagen|sage|sag) (?:wa|wir|mer|ma|mir|mal) (?P<n>\S+?)(?=[ ,.]|$)", re.IGNORECASE)
_SO_MANY = re.compile(r"\b(?P<goods>[^\W\d][\w-]*) (?:ein |eine |a )?paar,? (?:so |also |na )(?P<n>\S+?)(?=[ ,.]|$)",
                      re.IGNORECASE)


def _vague_then_counted(content: str) -> str:
    """"ein paar Schrippen, na sagen wa acht" → "acht Schrippen"; "Laugenstangen a paar so zehn"
    → "zehn Laugenstangen"."""
    def counted(m: re.Match[str]) -> str:
        n = m.group("n").strip(",.")
        return f"{n} {m.group('goods')}" if _amount(n) and not is_amount_word(n) else m.group(0)
    return _SO_MANY.sub(counted, _SAY_WE.sub(counted, content))


def without_amount_taken_back(text: str) -> str:
    """"net zehn, acht Butterbrezel" → "acht Butterbrezel": not the first amount, the second."""
    words = text.split()
    for k, word in enumerate(words[:-2]):
        if fold(word) in _NOT_WORDS and _amount(words[k + 1].strip(",.")) and _amount(words[k + 2].strip(",.")):
            return without_amount_taken_back(" ".join(words[:k] + words[k + 2:]))
    for k, word in enumerate(words[1:], start=1):
        # "doch 6 Forellen statt 4": the amount after "statt" is the one taken back, when the goods
        # were said with the new one before it and nothing after it names goods
        if fold(word.strip(",.")) not in ("statt", "anstatt", "anstelle"):
            continue
        j = k + 1 + (k + 1 < len(words) and fold(words[k + 1]) in ("der", "den", "die", "von"))
        if j >= len(words) or not _amount(words[j].strip(",.!")):
            continue
        end = j + 1 + (j + 1 < len(words) and fold(words[j + 1].strip(",.!")) in ("stuck", "stk"))
        if (end == len(words) or words[end - 1].endswith((",", ".", "!")) or fold(words[end]) in ("und", "bitte")) \
                and any(_amount(w.strip(",.")) for w in words[:k]):
            return without_amount_taken_back(" ".join(words[:k] + words[end:]).strip())
    return text


def _amount_corrected_in_passing(content: str) -> str:
    """An amount corrected in the same breath replaces the first, never both kept or the turn
    lost: "vier Brötchen nee doch lieber sechs", "drei äh nee zwei Rinderrouladen"."""
    content = without_amount_taken_back(content)
    words = content.split()
    for k, word in enumerate(words):
        if word.lower().strip(",.") not in _CORRECTING or k == 0:
            continue
        j = k + 1
        while j < len(words) and words[j].lower().strip(",.") in _HEDGES | _CORRECTING:
            j += 1
        if j >= len(words) or not _amount(words[j].strip(",.")):
            continue
        before = k - 1
        while before > 0 and words[before].lower().strip(",.") in _HEDGES | _CORRECTING:
            before -= 1
        if _amount(words[before].strip(",.")):  # "drei äh nee zwei Rouladen"
            return _amount_corrected_in_passing(" ".join(words[:before] + words[j:]))
        ends = j + 1 == len(words) or words[j + 1].lower() in _AFTER_AMOUNT or words[j].endswith((",", "."))
        first = next((i for i in range(k - 2, max(k - 6, -1), -1) if _amount(words[i].strip(",."))), None)
        if ends and first is not None and not any(_amount(w.strip(",.")) for w in words[first + 1:k]):
            fixed = words[:first] + [words[j].strip(",.")] + words[first + 1:k] + words[j + 1:]
            return _amount_corrected_in_passing(" ".join(fixed))  # "vier Brötchen nee doch sechs"
        if not ends and first is not None and not any(_amount(w.strip(",.")) for w in words[first + 1:k]) \
                and _same_goods(words[j + 1:j + 3], words[first + 1:k]):
            # "a Brezel dazu, ach was, zwoi Brezle": the goods said again with the amount meant
            return _amount_corrected_in_passing(" ".join(words[:first] + words[j:]))
    return content


def _same_goods(after: list[str], before: list[str]) -> bool:
    """The goods after the new amount are those before it ("Brezel" … "Brezle"); packing words
    ("Päckle Linsen" … "Päckle Spätzle") say nothing about it."""
    def goods(words: list[str]) -> list[str]:
        return [fold(w.strip(",.")) for w in words if w.lower().strip(",.") not in _PACKING_WORDS]
    said = goods(after)[:1]
    stem = said[0][:4] if said else ""
    return len(stem) >= 3 and any(w.startswith(stem) for w in goods(before))


_PACKING_WORDS = _UNIT_WORDS | frozenset("päckchen packchen packung packungen stück stücke schachtel gläser tüten".split())


def _amount(word: str) -> bool:
    from nlu.resolution.quantity import parse_number  # the reading stays importable without the resolver
    return word.lower() not in _NOT_AN_AMOUNT and parse_number(word) is not None


_NOT_AN_AMOUNT = frozenset({"ne", "nen", "n", "a"})


def _battery_size(word: str, before: str, after: str) -> bool:
    """"4 AA Batterien", "Batterien AA": the battery size, not Bavarian "aa" for "auch"."""
    bare = word.strip(",.;!?")
    return bare.lower() in ("aa", "aaa") and (bare.isupper() or "batterie" in after.lower()
                                             or before[:1].isdigit() or "batterie" in before.lower())


def _spoken_as_standard(words: list[str]) -> list[str]:
    """Dialect forms word for word, before acts and goods are read, so that "des isch alles",
    "vergesset Sie des" and "bringet Sie's am Samstag" are read like the standard words."""
    out: list[str] = []
    words = _spoken_decimals(words)
    for i, word in enumerate(words):
        bare = word.rstrip(",.;!?")
        lower = bare.lower()
        nxt = words[i + 1].lower().strip(",.;!?") if i + 1 < len(words) else ""
        sausage = next((end for end in _SAUSAGE_ENDINGS if lower.endswith(end) and len(lower) > len(end)), None)
        if sausage is not None:
            # "Weißwürscht", "Saitewürschtle": the Swabian and Bavarian sausage, as the shelf spells it
            out.append(bare[:len(bare) - len(sausage)] + _SAUSAGE_ENDINGS[sausage] + word[len(bare):])
            continue
        if lower == "no" and nxt and nxt not in ("danke", "nein", "thanks"):
            standard = "noch"
        elif lower == "denn" and (not out or out[-1].lower().strip(",.;!?") in _THEN_AFTER):
            standard = "dann"  # Berlin and the North: "jut denn nehm ick den", "na denn morjen"
        elif lower in _NOT_BEFORE_ACTS or _battery_size(word, out[-1] if out else "", nxt):
            standard = None
        elif (pack := _COUNTED_PACK.fullmatch(lower)) is not None and (pack.group(2) or nxt not in _CARRIERS):
            # "zwei Sechserpackungen Eier", "a Zehnerschachtel": packs of that many, as a shelf says it
            standard = (f"{pack.group(2)} " if pack.group(2) else "") + f"{_PACK_COUNTS[pack.group(1)]}er"
        elif (glued := _NUMBER_GLUED_TO_UNIT.fullmatch(lower)) is not None:
            standard = f"{glued.group(1)} {glued.group(2)}"  # "zweipfund Boskop", "dreikilo Kartoffeln"
        elif lower == "isch":
            standard = "ist" if _isch_is_ist(out[-1] if out else "", nxt) else "ich"
        elif lower in ("i", "ii") and out and out[-1].lower().strip(",.;!?") in _GRADE_WORDS:
            standard = None  # "Spargel Klasse I": the grade, not Bavarian "i" for "ich"
        else:
            standard = _DIALECT.get(lower) or _TYPED_SHORT.get(word.lower()) or _joined_tens(lower) \
                or _without_diminutive(lower)
            if standard is None and (respelt := standard_form(lower, _spoken_word_known)) is not None \
                    and (respelt != lower + "e" or is_amount_word(respelt)):
                # "zwee jläser", "morjen nachmittach", "en Kaste"; a final -e only makes a unit
                # ("zwei Säck"): "erst", "Schal", "platt" are standard words of their own
                standard = respelt + word[len(bare):]
        out.append(standard + word[len(bare):] if standard and lower in _DIALECT else standard or word)
    return out


# The words a regional respelling may turn a spoken word into before the goods are read: amounts,
# units and containers, days and times of day, sizes, and the standard forms of the word list
# above. The goods themselves are respelt against the catalog (nlu.resolution.products).
_SIZE_WORDS = frozenset(f"{stem}{end}" for stem in ("groß", "klein", "gross") for end in ("", "e", "en", "er", "es"))
_SPOKEN_KNOWN = frozenset({*_DIALECT.values(), *_SIZE_WORDS, "wegen", "gut", "gern", "gerne", "auch", "ganz",
                           "ganze", "ganzen", "zwei", "drei", "gramm", "kilo", "pfund", "liter",
                           "gutschein", "gutscheine"})


_DIMINUTIVE = re.compile(r"(?P<base>[a-zäöüß]{3,}?)(?:erl|erln|rl|li|chen|l)$")
_UMLAUT_BACK = str.maketrans("äöü", "aou")


def _without_diminutive(word: str) -> str | None:
    """The Alemannic, Bavarian and Austrian little forms of containers and goods: "zwei Schälli",
    "a Schalerl", "zwoa Glasl", "a Packerl", "acht Weckli", "sechs Laugenstangerl" → the word a
    shop or the lexicon knows ("Schale", "Glas", "Packung", "Weck", "Laugenstange"). None when no
    such word is under it."""
    m = _DIMINUTIVE.fullmatch(word)
    if m is None or _spoken_word_known(word) or lexicon().is_goods(word) or fold(word) in lexicon().containers:
        return None
    base = m.group("base")
    for form in (base.translate(_UMLAUT_BACK), base.translate(_UMLAUT_BACK) + "e", base, base + "e"):
        if fold(form) in lexicon().containers or len(form) >= 4 and lexicon().groups_of(form):
            return form
    return None


def _spoken_word_known(word: str) -> bool:
    # number words too: "dreißich", "dreißg", "fuchzg" are amounts ("über dreißg euro")
    return word in _SPOKEN_KNOWN or fold(word) in WHEN_WORDS or is_amount_word(word) or _amount(word)


_THEN_AFTER = frozenset("gut jut na ja und ok okay tja schön schon schon, gut, jut,".split())
_SAUSAGE_ENDINGS = {"würschtle": "würstle", "würschtla": "würstla", "würschtl": "würstl", "würscht": "würste",
                    "wurscht": "wurst", "würschtel": "würstel",
                    # Hessian and Palatine: "Wildbratworscht", "Leberworscht"
                    "worscht": "wurst", "wörscht": "würste", "worschd": "wurst"}
_SPOKEN_DIGITS = {"null": "0", "eins": "1", "ein": "1", "zwei": "2", "zwo": "2", "drei": "3", "vier": "4",
                  "fünf": "5", "sechs": "6", "sieben": "7", "acht": "8", "neun": "9"}


def _spoken_decimals(words: list[str]) -> list[str]:
    """"eins komma fünf", "null komma drei drei": a decimal said, as it is written ("1,5", "0,33")."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i].lower()
        if i + 2 < len(words) and words[i + 1].lower() == "komma" and (word.isdigit() or word in _SPOKEN_DIGITS):
            whole = word if word.isdigit() else _SPOKEN_DIGITS[word]
            j, digits = i + 2, ""
            while j < len(words) and (words[j].lower().strip(",.;!?") in _SPOKEN_DIGITS
                                      or words[j].strip(",.;!?").isdigit()) and len(digits) < 2:
                bare = words[j].lower().strip(",.;!?")
                digits += bare if bare.isdigit() else _SPOKEN_DIGITS[bare]
                j += 1
            if digits:
                out.append(f"{whole},{digits}")
                i = j
                continue
        out.append(words[i])
        i += 1
    return out


_CARRIERS = frozenset("träger trager pack packs".split())  # "ein Sechser Träger Pils" is the carrier itself
_PACK_COUNTS = {"zweier": 2, "dreier": 3, "vierer": 4, "fünfer": 5, "sechser": 6, "achter": 8, "zehner": 10,
                "zwölfer": 12, "fünfzehner": 15, "zwanziger": 20, "dreißiger": 30}
_COUNTED_PACK = re.compile(rf"({'|'.join(_PACK_COUNTS)})(pack|packs|packung|packungen|schachtel|schachteln|karton|"
                           r"kartons|kiste|kisten|träger)?")


def standard_words(words: list[str]) -> list[str]:
    """Dialect and typed forms the item reader would not know, in their standard spelling."""
    out = []
    skip = 0
    for i, word in enumerate(words):
        if skip:
            skip -= 1
            continue
        lower = word.lower()
        nxt = words[i + 1].lower().strip(",.;!?") if i + 1 < len(words) else ""
        if lower in ("a", "ein") and nxt in ("weng", "wengla", "bissl", "bisserl", "bisschen"):
            skip = 1  # "a weng", "a bissl": a little, no amount
            continue
        if lower in ("an", "oan") and nxt and nxt not in _PREPOSITION_FOLLOWERS and not nxt[:1].isdigit():
            out.append("ein")  # Bavarian "an Rotkohl", but "an der Kirche" stays
            continue
        if lower in _INDEFINITE and nxt in _UNIT_WORDS:
            out.append("ein")
        elif lower in ("e", "en", "ä") and len(nxt) >= 3 and nxt.isalpha() and nxt not in _NOT_ONE_AFTER \
                and not _A_NUMBER.search(nxt):  # "ä zwei Brötchen": a hesitation before the amount
            # "e Bauernbrot", "en Blumenstrauß" (Moselle, Palatinate, Rhineland), "ä Glas Lindenhonig"
            # (Saxony, Thuringia): one of it
            out.append("ein")
        elif lower == "a" and (not nxt or nxt in _AUCH_FOLLOWERS):
            out.append("auch")  # "und a glas honig" is one glass, "festkochend a vom schmitt" is "also"
        elif lower == "no" and nxt and nxt not in ("danke", "nein", "thanks"):
            out.append("noch")  # Swabian "nur no zwei Paar Landjäger"; a lone "no" stays a no
        elif _battery_size(word, out[-1] if out else "", nxt):
            out.append(word)
        elif lower in _TYPED_SHORT:
            out.append(_TYPED_SHORT[lower])  # "Fischsuppe v. Seeger", "2 Sixpack Kellerbier u. 6 Fl Cola"
        elif lower == "isch":
            out.append("ist" if _isch_is_ist(out[-1] if out else "", nxt) else "ich")
        elif lower == "i" and out and out[-1].lower().strip(",.;!?") in _GRADE_WORDS:
            out.append(word)
        else:
            out.append(_DIALECT.get(lower, word))
    return out


def _raw_words(words: list[str], spans: list[tuple[int, int]], span: tuple[int, int]) -> str:
    picked = [w for w, (s, e) in zip(words, spans, strict=True) if s >= span[0] and e <= span[1] and span[0] < span[1]]
    return " ".join(w.strip(",.;!?")[:1].upper() + w.strip(",.;!?")[1:] for w in picked)


def _covered(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    start, end = span
    if start == end:
        return False  # punctuation only: kept as a separator
    inside = sum(max(0, min(end, e) - max(start, s)) for s, e in taken)
    return inside * 2 >= end - start


def _all_noise(folded: str) -> bool:
    return all(w in _NOISE for w in folded.split())


# Yes and no words that can also describe goods ("klar", "gut", "super"): an act only at the
# start or the end of what was said, or when nothing else is there.
_EDGE_ACTS = frozenset({Act.CONFIRM, Act.DENY})


# Of these only the ones that never describe goods may stand at the end ("ja", "passt so").
_WEAK_YES = frozenset("klar gut super sicher top prima richtig perfekt gern gerne sehr gut".split())


def _at_edge(blanked: str, span: tuple[int, int], said: str) -> bool:
    before = [w for w in blanked[:span[0]].split() if w not in _NOISE]
    after = [w for w in blanked[span[1]:].split() if w not in _NOISE]
    if not before:
        return True
    return not after and not set(said.split()) <= _WEAK_YES


def _ne_is_article(folded: str, end: int) -> bool:
    """"ne Flasche", "ne Tüte": a word follows that is not itself an act or noise."""
    following = folded[end:].split()[:1]
    return bool(following) and following[0] not in _NOISE and not following[0].startswith(("danke", "das"))
