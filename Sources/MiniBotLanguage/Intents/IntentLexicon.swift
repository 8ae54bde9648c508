/// One cue of the intent lexicon: a phrase votes `weight` for `intent`, or for `negated`
/// when a negation word (`pas`, `plus`, `jamais`…) sits next to it.
struct IntentCue: Sendable {
    enum Negation: Sendable {
        /// Negation does not change the cue.
        case none
        /// "pas intéressé", "ça m'intéresse pas": negation on either side flips the vote.
        case either(Intent)
        /// "ne me rappelez plus": only a negation after the verb counts (French imperative).
        case after(Intent)
    }

    var intent: Intent
    var weight: Double
    var negation: Negation
}

/// The French cues behind `IntentClassifier`, written as readable phrases.
///
/// Syntax of one line: `"phrase"` votes 1.0; `"phrase|0.5"` sets the weight; a leading `~`
/// makes negation on either side flip the vote to `deny`; a leading `!` makes a negation
/// after the phrase flip it to `opt_out` (contact verbs: "ne m'appelez plus").
/// Phrases are normalised like utterances, so accents and apostrophes are optional.
enum IntentLexicon {
    static let cues: [Intent: [String]] = [
        .affirm: [
            "oui", "ouais", "mouais|0.5", "ok", "~d'accord", "c'est d'accord", "allez-y", "vas-y", "je vous écoute",
            "pourquoi pas", "bien sûr", "tout à fait", "absolument", "exactement", "exact", "voilà|0.8", "c'est ça",
            "c'est bien ça", "c'est moi", "c'est bien moi", "moi-même", "effectivement", "en effet", "volontiers",
            "avec plaisir", "~m'intéresse", "~intéresse", "~intéressée", "~intéressés", "~m'intéresser",
            "~intéressant", "~nous intéresse", "~me va", "~me convient", "~ça marche", "parfait", "très bien", "~c'est bon",
            "sans problème", "pas de problème", "pas de souci", "pas de soucis", "aucun problème", "aucun souci",
            "carrément", "~me dit bien", "je veux bien", "~je veux|0.4", "~en veux|0.4", "je dis pas non", "je ne dis pas non",
            "entendu", "ça roule", "~je confirme", "affirmatif", "~partant", "~partante", "go", "~m'irait",
            "~me plairait", "~preneur", "~preneuse", "~besoin|0.5", "~propriétaire|0.5", "~propriétaires|0.5",
            "j'en ai un|0.6", "j'en ai une|0.6", "bien|0.3", "super", "génial", "d ac", "paraît bien", "semble bien", "~me paraît|0.6", "~me semble|0.5",
            "~me tente", "~m'intéresserait", "~intéresserait", "~m'intéresseraient", "ça me dit", "bonjour|0.6", "bonsoir|0.6", "j'ai un|0.5", "j'ai une|0.5", "on a un|0.5", "on a une|0.5", "excellent", "avec joie",
            // Issue 4 generalisation: registers (soutenu, jeune, âgé), regional (Suisse "ça joue"), anglicisms.
            "yes", "yep", "yeah", "ouip", "voui", "~me branche", "~me conviendrait", "~conviendrait", "~ça joue", "~ça me joue",
            "je suis chaud", "chaud pour|0.8", "grave|0.6", "nickel", "impec", "impeccable", "~me botte", "banco",
            "allons-y", "je vous en prie|0.8", "continuez", "poursuivez", "~je suis d'accord", "~suis d'accord", "bien entendu",
            "évidemment", "certainement|0.8", "assurément", "sûrement|0.6", "c'est parti", "tout ouïe", "avec grand plaisir",
            "j'y comptais", "justement|0.4", "dites-moi", "dites toujours", "je vous suis", "ça me tente",
            "balance|0.6", "envoyez la suite", "je suis là|0.5",
        ],
        .deny: [
            "non", "nan", "non merci", "pas du tout|1.5", "absolument pas|1.5", "jamais|0.8", "pas pour moi",
            "pas pour nous", "~me concerne", "~concerné", "~concernée", "pas vraiment", "aucun intérêt", "désolé|0.5",
            "désolée|0.5", "je refuse", "refuse", "hors de question", "pas question", "certainement pas", "c'est non",
            "ça ira", "ça va aller", "non ça va", "sans façon", "au revoir|0.5", "merci mais non", "c'est bon merci|1.2",
            "c'est pas moi", "ce n'est pas moi", "du tout|0.5", "crois pas", "pense pas", "ne pense pas",
            "pas pour le moment|1.2", "pas intéressé", "pas propriétaire",
            // Issue 4 generalisation: familiar / old-fashioned / formal refusals, negated interest verbs.
            "nope", "nenni", "niet", "que dalle", "laissez tomber", "laisse tomber", "passe mon tour", "je décline",
            "décline", "ne souhaite pas", "souhaite pas", "me dit rien", "ne me dit rien", "dit rien", "c'est mort",
            "très peu pour moi", "sans moi", "pas mon truc", "pas mon genre", "pas le titulaire", "pas titulaire",
            "pas la bonne personne", "pas la personne", "non merci bien", "pas la peine", "non plus|0.6", "merci bien|0.4", "non rien", "rien du tout",
        ],
        .unsure: [
            "je sais pas|1.2", "sais pas", "je ne sais pas|1.2", "sais rien", "peut-être", "peut-être pas", "bof",
            "ça dépend", "dépend", "faut voir", "à voir", "c'est à voir", "on verra", "va voir", "vais voir",
            "pas sûr", "pas sûre", "pas trop sûr", "pas certain", "pas certaine", "pas convaincu", "pas convaincue",
            "hésite", "j'hésite", "aucune idée", "possible|0.8", "c'est possible", "éventuellement", "ça se peut",
            "se pourrait", "moyennement", "plus ou moins", "oui et non", "ni oui ni non", "vois pas trop",
            "vois pas", "difficile à dire", "vaut le coup|0.8", "bonne question", "partagé", "partagée",
            "quoi penser", "quoi vous dire", "quoi dire", "je me demande|0.8", "sais trop rien", "sais pas quoi", "sais pas comment", "sais pas pourquoi",
            "sais pas si", "sais pas trop quoi", "sais pas trop si", "je sais pas quoi", "je sais pas comment",
            "je sais pas si", "je sais pas trop quoi", "je sais pas trop si", "je ne sais pas quoi", "je ne sais pas si",
            "je voie", "pas impossible", "sceptique",
            "dubitatif", "dubitative", "je doute|0.8",
            // Issue 4 generalisation: hedged negations ("pas trop", "pas forcément") and formal / regional doubt.
            "pas trop|0.9", "pas vraiment sûr", "pas vraiment sûre", "pas vraiment certain", "pas forcément",
            "pas nécessairement", "pas spécialement|0.8", "pas tellement|0.8", "mitigé", "mitigée", "doute", "un doute",
            "sais point", "saurais", "saurais pas", "saurais dire", "on sait jamais", "on ne sait jamais", "peut-être bien",
            "hésitant", "hésitante", "reste à voir", "je verrai", "je vais voir ça", "à réfléchir|0.6", "pas sûr de",
            "je sais plus", "sais plus", "j'en sais trop rien", "en sais rien", "possiblement",
            "pas exclu", "qui sait", "ça se discute", "je suis pas contre|0.8", "pas contre|0.6", "je me tâte", "me tâte",
        ],
        .question: [
            "c'est quoi", "quoi|0.9", "comment|0.9", "pourquoi|0.9", "combien", "qui êtes-vous", "vous êtes qui",
            "c'est qui", "de la part de qui", "qui est à l'appareil", "qui vous a", "quelle société", "quel|0.8",
            "quelle|0.8", "quels|0.8", "quelles|0.8", "qu'est-ce que", "qu'est-ce qu'il", "est-ce que|0.8",
            "est-ce qu'il|0.8", "où avez-vous", "êtes où", "basés où", "c'est où", "où êtes-vous", "où ça", "payant",
            "gratuit", "engagement", "frais|0.6", "sécurisé", "répéter", "répétez", "pardon|0.9", "vous avez dit",
            "robot", "vraie personne", "en savoir plus", "en dire plus", "dites-m'en plus", "expliquez", "expliquer",
            "taux|0.6", "conditions", "rendement", "rapporte", "résilier", "site internet", "légal", "consiste",
            "il faut payer", "mon numéro|0.6", "ça coûte", "le prix|0.7", "vous proposez", "vous vendez",
            "ça fonctionne", "c'est pour quoi", "pour qui", "dois payer", "faut payer", "rappeler votre nom", "redire votre nom", "votre nom|0.9",
            // Issue 4 generalisation: questions said without a question mark.
            "d'où", "appelez d'où", "vous appelez d'où", "quelle boîte", "quelle boite", "remboursable", "remboursé",
            "pour l'état", "vous travaillez pour", "travaillez pour qui", "parler plus fort", "comprends pas",
            "compris quoi", "de quoi vous parlez", "de quoi il s'agit",
            "de quoi ça parle", "ça concerne", "concerne quoi", "je paye", "que je paye", "payer quelque chose",
            "quelque chose à payer", "c'est compris|0.6", "inclus|0.8", "compris dedans", "le piège", "machine|0.8",
            "vous voulez quoi", "me voulez", "vous me voulez", "à gagner", "on gagne", "ça rapporte", "c'est quoi ce",
            "vous êtes de", "vous êtes d'où", "ça sort d'où", "pourriez-vous", "pouvez-vous", "auriez-vous",
        ],
        .objection: [
            "trop cher", "hors de prix", "vos prix", "délirant", "délirants", "pas le temps", "occupé", "occupée",
            "très pris", "très prise", "j'ai déjà", "on a déjà", "suis déjà", "est déjà|0.8", "déjà|0.6",
            "en parler à", "en parle à", "voir avec", "voie avec", "ma femme|0.6", "mon mari|0.6", "mon épouse|0.6",
            "réfléchir", "arnaque", "arnaques", "arnaqueurs", "arnaqueur", "arnaqué", "escroquerie", "escrocs",
            "louche", "pas confiance", "confiance|0.5", "pas d'argent", "pas les moyens", "pas le budget",
            "pas de budget", "budget|0.6", "pas le moment", "pas le bon moment", "locataire", "trop vieux",
            "trop vieille", "trop âgé", "du vent", "risqué", "risquée", "peur de perdre", "perdre mon argent",
            "envoyez", "un mail", "par mail", "un email", "documentation", "par écrit", "brochure", "par téléphone",
            "pas rentable", "sert à rien", "crois pas à", "crois pas en", "trop élevés", "trop élevé", "compliqué",
            "isolé", "isolée", "isolation", "m'endetter", "endetter", "satisfait de", "satisfaite de", "content de",
            "contente de", "ailleurs", "banquier", "mon conseiller", "volatil", "la bourse", "trop hauts",
            "trop haut", "déménager", "en appartement", "appartement|0.6", "trop petit", "attendre", "notaire",
            "je préfère|0.6", "assurance|0.5", "pas de crédit|0.4", "fait le coup", "mes moyens", "au téléphone",
            "cher|0.9", "onéreux", "coûteux", "coûte cher", "méfie", "méfiance", "méfiant", "méfiante", "pipeau",
            "bidon", "foutaise", "foutaises", "baratin", "conneries", "temps à perdre", "pas de temps", "débordé",
            "débordée", "les moyens|0.9", "moyens|0.6", "concurrent", "s'occupe de", "s'occupe|0.6", "déjà signé",
            "sous contrat", "contrat en cours", "déjà engagé", "équipé|0.9", "équipés|0.9", "équipée|0.9", "équipées|0.9", "je voie avec", "signe rien", "signer quoi que ce soit",
            "trop beau pour être vrai", "pressé|0.9", "pressée|0.9", "qui décide", "décide pas", "réfléchis", "réfléchit", "je vends", "vendre|0.6",
            // Issue 4 generalisation: money slang, age, family decision-makers, distrust of sellers.
            "les sous", "des sous", "pas de sous", "pas un sou", "thunes", "thune", "pas un rond", "un rond",
            "fauché", "fauchée", "pas un radis", "pas de fric", "fric", "pognon", "retraite|0.6", "retraité|0.6",
            "retraitée|0.6", "à mon âge", "mon âge", "cryptos", "crypto|0.6", "bitcoin|0.6", "touche pas à",
            "touche pas aux", "du flan", "flan", "vendeurs", "tous pareils", "tous les mêmes", "en cause à", "en causer",
            "mon époux|0.6", "mon épouse|0.6", "ma compagne|0.6", "mon compagnon|0.6", "s'en occupe",
            "vachement cher", "hyper cher", "super cher", "trop cher pour", "beaucoup trop",
            "placements|0.6", "placement|0.6", "restent à la banque", "des travaux|0.6", "une doc", "inutile",
            "la doc", "plaquette", "par courrier", "un courrier", "aucune confiance", "j'ai tout",
            "tout ce qu'il me faut", "ce qu'il faut", "déjà tout", "escroc", "arnaquer", "voleurs", "pigeon",
            "achète jamais", "achète rien", "signe jamais", "pas intéressé par ce genre",
        ],
        .callback: [
            "!rappelez", "!rappeler", "!rappelle", "!appelez-moi", "!recontactez", "!recontacter", "!rappelez-moi",
            "!repassez", "rappellerai", "rappellerez", "rappellera", "rappellerons", "repasserai", "recontacterai", "plus tard", "demain", "après-demain", "ce soir", "cet après-midi", "semaine prochaine",
            "lundi|0.9", "mardi|0.9", "mercredi|0.9", "jeudi|0.9", "vendredi|0.9", "samedi|0.9", "dimanche|0.9",
            "plutôt|0.3", "fin de journée", "fin d'après-midi", "fin de semaine", "un autre jour", "une autre fois",
            "dans une heure", "dans * heure", "dans * heures", "dans * minutes", "dans une demi-heure",
            "vers # heures", "vers # h", "après # heures", "après # h", "à # h|0.6", "# h|0.5", "# heures|0.5", "vers midi",
            "vers * heures", "après le déjeuner", "en reparler", "reparler", "pas maintenant|0.5",
            "en réunion|0.5", "en voiture|0.5", "je conduis|0.5", "au travail|0.4", "au boulot|0.4", "pas dispo|0.9",
            "pas disponible|0.9",
        ],
        .optOut: [
            "!m'appelez|0", "!appelez|0", "!contactez|0", "!me contactez|0", "!appelé|0", "!appelée|0",
            "ne m'appelez plus", "ne me rappelez plus", "arrêtez de m'appeler", "arrêtez d'appeler",
            "arrêtez de me harceler", "arrêtez vos appels", "arrêtez|0.45", "fois que vous appelez|0.6",
            "laissez-moi tranquille", "foutez-moi la paix", "fichez-moi la paix", "lâchez-moi", "oubliez mon numéro",
            "rayez-moi", "retirez-moi", "retirez mon numéro", "enlevez-moi", "supprimez mon numéro",
            "supprimez mes données", "supprimez mes coordonnées", "effacez mes coordonnées", "effacez-moi",
            "effacez mon numéro", "bloctel", "liste rouge", "liste d'opposition", "porter plainte", "harcèlement",
            "harceler", "je m'oppose", "démarchage|0.5", "désinscrivez", "désinscrire", "stop", "ça suffit|0.6",
            "marre de vos appels", "j'en ai marre|0.6", "plus d'appels", "retiré de vos", "retirée de vos",
            "pas le droit de m'appeler", "pas le droit", "vous m'appelez tous les jours", "que vous m'appeliez",
            "veux plus être appelé", "plus recevoir d'appels", "ne veux plus recevoir",
            "retirez * liste", "retirez * listes", "retirez * fichier", "retirez * fichiers", "supprimez-moi",
            "supprimez * liste", "supprimez * listes", "supprimez * fichier", "supprimez * fichiers", "enlevez * liste",
            "enlevez * listes", "enlevez * fichier", "enlevez * fichiers", "effacez * fichier", "effacez * fichiers",
            "rayez * liste", "rayez * listes", "rayez * fichier", "signaler", "veux plus * contacté",
            "veux plus * contactée", "veux plus * appelé", "veux plus * appelée", "!contacté|0", "!contactée|0", "!dérangez|0", "!déranger|0", "veux plus * dérangé",
            "veux plus * dérangée", "plus être dérangé", "plus être dérangée",
            // Issue 4 generalisation: RGPD / opposition rights, exasperation, infinitive forms.
            "rgpd", "droit d'opposition", "opposition|0.8", "ras le bol", "ras-le-bol", "marre|0.7", "ôtez-moi",
            "ôtez * fichier", "ôtez * liste", "ôtez * listes", "ôtez mon numéro", "arrêter de m'appeler", "arrêter d'appeler",
            "arrêtez de me déranger", "arrêter de me déranger", "de me déranger|0.9", "me déranger|0.6", "interdis",
            "je vous interdis", "effacez", "virez-moi", "virez mon numéro", "virez * liste", "virez * listes",
            "virez * fichier", "désabonnez", "désabonner", "désabonnez-moi", "jamais d'appels", "plus jamais d'appels",
            "plus de coups de fil", "vos coups de fil|0.6", "bloque votre numéro", "bloquer votre numéro", "cnil",
            "plus me rappeler", "plus m'appeler", "plus me contacter", "plus me déranger", "jamais me rappeler",
            "jamais m'appeler", "deuxième fois|0.5", "troisième fois|0.5", "quatrième fois|0.5", "énième fois|0.6",
            "# fois|0.4", "rayez", "la grappe", "fichez-moi", "barrez-vous", "dégagez", "allez vous faire",
        ],
    ]

    /// Words that negate a neighbouring cue.
    static let negators: Set<String> = ["pas", "plus", "jamais", "aucun", "aucune", "rien", "guere"]

    /// Parses `cues` into `(phrase, cue)` pairs.
    static func entries() -> [(String, IntentCue)] {
        var result: [(String, IntentCue)] = []
        for intent in Intent.allCases {
            for line in cues[intent] ?? [] {
                var text = Substring(line)
                var negation = IntentCue.Negation.none
                if text.hasPrefix("~") { negation = .either(.deny); text = text.dropFirst() }
                else if text.hasPrefix("!") { negation = .after(.optOut); text = text.dropFirst() }
                var weight = 1.0
                if let bar = text.firstIndex(of: "|"), let parsed = Double(text[text.index(after: bar)...]) {
                    weight = parsed
                    text = text[..<bar]
                }
                result.append((String(text), IntentCue(intent: intent, weight: weight, negation: negation)))
            }
        }
        return result
    }
}
