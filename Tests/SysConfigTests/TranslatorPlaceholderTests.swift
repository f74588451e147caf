import Testing

@testable import SysConfig

@Suite("Translator: %s placeholders, the OTRS way")
struct TranslatorPlaceholderTests {
    let translator = Translator(languages: ["de": [
        "%s has joined the chat.": "%s hat den Chat betreten.",
        "%s has invited %s.": "%s hat %s eingeladen.",
        "%s has left the chat.": "Jemand ist gegangen.",  // lost its %s
        "%s has closed the chat.": "%s und %s: beendet.",  // one too many
    ]])

    @Test("values fill the translation's %s in order; a name's %, %s or $ stays as it is")
    func fills() {
        #expect(translator.translate("%s has joined the chat.", into: "de", ["Carla"]) == "Carla hat den Chat betreten.")
        #expect(translator.translate("%s has invited %s.", into: "de", ["A", "B"]) == "A hat B eingeladen.")
        #expect(translator.translate("%s has joined the chat.", into: "de", ["50% $1 %s"]) == "50% $1 %s hat den Chat betreten.")
        #expect(translator.translate("%s has joined the chat.", into: "en", ["Carla"]) == "Carla has joined the chat.")
        #expect(translator.translate("%s has joined the chat.", into: "fr", ["Carla"]) == "Carla has joined the chat.")
    }

    @Test("a translation with the wrong number of %s is not used: English, with every value, instead")
    func wrongCount() {
        #expect(translator.translate("%s has left the chat.", into: "de", ["Carla"]) == "Carla has left the chat.")
        #expect(translator.translate("%s has closed the chat.", into: "de", ["Carla"]) == "Carla has closed the chat.")
        #expect(translator.translate("%s has joined the chat.", into: "de", []) == "%s has joined the chat.",
            "values missing from the call itself: the source as it is, no crash")
    }
}
