import MiniBotDialogue
import Testing

@Suite struct TemplateRendererTests {
    @Test func rendersKnownAndBlanksUnknownPlaceholders() {
        #expect(TemplateRenderer.render("Bonjour {{first_name}} !", ["first_name": "Jean"]) == "Bonjour Jean !")
        #expect(TemplateRenderer.render("Bonjour {{ first_name }}", ["first_name": "Jean"]) == "Bonjour Jean")
        #expect(TemplateRenderer.render("De {{company}}.", [:]) == "De.")
        #expect(TemplateRenderer.render("Pas de {{ fermeture", ["x": "y"]) == "Pas de {{ fermeture")
    }

    @Test func listsPlaceholders() {
        #expect(TemplateRenderer.placeholders(in: "{{a}} et {{ b }} puis {{a}}") == ["a", "b", "a"])
    }

    @Test func contactColumnsWinAndScenarioVariablesAreRendered() {
        let merged = TemplateRenderer.mergedVariables(
            scenario: ["first_name": "{{first_name}}", "greeting": "Bonjour {{first_name}}", "company_name": "EcoEnergie"],
            contact: ["first_name": "Marie", "ville": "Lyon"])
        #expect(merged["first_name"] == "Marie")
        #expect(merged["greeting"] == "Bonjour Marie")
        #expect(merged["company_name"] == "EcoEnergie")
        #expect(merged["ville"] == "Lyon")
    }
}

@Suite struct TemplateRendererSpacingTests {
    @Test func emptyVariablesLeaveNoStraySpaces() {
        let text = TemplateRenderer.render("Allô, bonjour {{first_name}} {{last_name}}. Merci {{first_name}} {{last_name}} et à bientôt ?",
                                           ["first_name": "Jean"])
        #expect(text == "Allô, bonjour Jean. Merci Jean et à bientôt ?")
    }
}
