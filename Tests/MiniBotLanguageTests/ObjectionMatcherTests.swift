import Foundation
import Testing
import MiniBotLanguage

/// Paraphrased, ASR-style utterances must reach the entry a telemarketer would answer with.
@Suite struct ObjectionMatcherTests {
    static let matcher = ObjectionMatcher(database: try! ObjectionDatabase.bundled())

    @Test(arguments: [
        ("euh c'est trop chair pour moi", "finance", "fin_trop_cher"),
        ("oui mais c'est trop cher vos taux", "finance", "fin_trop_cher"),
        ("sait trop cher", "immobilier", "gen_trop_cher"),
        ("j'ai pas le tant là", "finance", "gen_pas_le_temps"),
        ("je suis très pris en ce moment", "crypto", "gen_pas_le_temps"),
        ("ça m'intéresse pas", "energie", "gen_pas_interesse"),
        ("j'ai déjà un fournisseur merci", "immobilier", "gen_deja_fournisseur"),
        ("je vais réfléchir", "finance", "gen_reflechir"),
        ("faut que j'en parle à ma femme", "energie", "gen_conjoint"),
        ("c'est encore une arnaque votre truc", "finance", "gen_arnaque"),
        ("envoyez moi une documentation", "immobilier", "gen_envoyer_doc"),
        ("je n'achète rien par téléphone", "energie", "gen_pas_telephone"),
        ("vous êtes qui", "finance", "gen_faq_qui"),
        ("c'est de la part de qui", "crypto", "gen_faq_qui"),
        ("comment vous avez eu mon numero", "finance", "gen_faq_numero"),
        ("est ce que je parle à un robot", "energie", "gen_faq_robot"),
        ("c'est gratuit", "immobilier", "gen_faq_gratuit"),
        ("y a un engagement", "finance", "gen_faq_engagement"),
        ("ça prend combien de temps", "crypto", "gen_faq_duree"),
        ("je suis satisfait de ma banque", "finance", "fin_deja_banque"),
        ("mon conseiller s'occupe de tout", "finance", "fin_conseiller"),
        ("j'ai pas d'argent à placer", "finance", "fin_pas_argent"),
        ("je veux pas m'endetter", "finance", "fin_endettement"),
        ("c'est quoi le taux", "finance", "fin_faq_taux"),
        ("ça rapporte combien", "finance", "fin_faq_rendement"),
        ("quels papiers il faut fournir", "finance", "fin_faq_documents"),
        ("la crypto c'est du vent", "crypto", "cry_du_vent"),
        ("le bitcoin c'est trop volatil", "crypto", "cry_risque"),
        ("j'ai déjà un compte sur binance", "crypto", "cry_deja_plateforme"),
        ("on peut retirer son argent quand on veut", "crypto", "cry_faq_retrait"),
        ("il faut mettre combien au minimum", "crypto", "cry_faq_minimum"),
        ("et pour les impôts comment ça se passe", "crypto", "cry_faq_fiscalite"),
        ("je suis locataire", "energie", "ene_locataire"),
        ("ma maison est déjà isolée", "energie", "ene_deja_isole"),
        ("il y a des aides de l'état", "energie", "ene_faq_aides"),
        ("vos artisans sont rge", "energie", "ene_faq_rge"),
        ("c'est quoi une pompe à chaleur", "energie", "ene_faq_pac"),
        ("ma prime renov ça marche comment", "energie", "ene_faq_aides"),
        ("la maison n'est pas à vendre", "immobilier", "imm_pas_vendre"),
        ("on a déjà une agence", "immobilier", "imm_deja_agence"),
        ("je préfère vendre entre particuliers", "immobilier", "imm_particuliers"),
        ("combien vaut ma maison", "immobilier", "imm_faq_estimation"),
        ("je dois voir avec mon notaire", "immobilier", "imm_notaire"),
        ("les frais d'agence sont trop élevés", "immobilier", "imm_frais_agence"),
        ("c'est quoi vos honoraires", "immobilier", "imm_faq_honoraires"),
    ])
    func paraphraseFindsEntry(text: String, theme: String, expectedID: String) throws {
        let match = try #require(Self.matcher.bestMatch(for: text, themes: [theme]), "\(text)")
        #expect(match.entry.id == expectedID, "\(text) → \(match.entry.id) (\(match.score))")
        #expect(match.score >= Self.matcher.threshold && match.score <= 1)
    }

    @Test(arguments: ["oui d'accord", "il fait beau", "oui oui allez-y", "non merci", "bonjour madame", "je regarde la télé",
                      "le chien aboie", "", "euh", "vingt-deux"])
    func unrelatedUtterancesMatchNothing(text: String) {
        let match = Self.matcher.bestMatch(for: text, themes: ["finance", "crypto", "energie", "immobilier"])
        #expect(match == nil, "\(text) → \(match?.entry.id ?? "")")
    }

    @Test func generalIsAlwaysSearchedAndOtherThemesAreNot() throws {
        let general = try #require(Self.matcher.bestMatch(for: "vous êtes qui", themes: []))
        #expect(general.entry.theme == "general")
        let outside = Self.matcher.bestMatch(for: "la crypto c'est du vent", themes: ["immobilier"])
        #expect(outside?.entry.theme != "crypto")
    }

    @Test func themedEntryBeatsGeneralOnTheSameKeyword() throws {
        let themed = try #require(Self.matcher.bestMatch(for: "c'est trop cher", themes: ["energie"]))
        #expect(themed.entry.id == "ene_trop_cher")
    }
}
