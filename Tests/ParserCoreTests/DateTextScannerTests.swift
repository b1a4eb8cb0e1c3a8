import Foundation
@testable import ParserCore
import Testing

/// Dates as pages write them in running text, per language.
@Suite struct DateTextScannerTests {
    func first(_ text: String, _ order: TextDateScanner.NumericOrder = .dayFirst) -> String? {
        TextDateScanner.dates(in: text, order: order).first?.date.iso
    }

    @Test(arguments: [
        // English
        ("Published August 2, 2019 at 10:00", "2019-08-02"),
        ("Posted on Aug. 2nd, 2019", "2019-08-02"),
        ("the 2nd of August 2019", "2019-08-02"),
        ("2 Sept 2019", "2019-09-02"),
        // German
        ("Veröffentlicht am 31. Mai 2012, 14:02 Uhr", "2012-05-31"),
        ("3. März 2020", "2020-03-03"),
        ("1. Jänner 2021", "2021-01-01"),
        // French
        ("Publié le 12 janvier 2019 à 08h00", "2019-01-12"),
        ("1er février 2020", "2020-02-01"),
        ("15 août 2018", "2018-08-15"),
        // Spanish
        ("2 de agosto de 2019", "2019-08-02"),
        ("Actualizado: 14 dic. 2022", "2022-12-14"),
        // Italian
        ("Pubblicato il 5 settembre 2021", "2021-09-05"),
        ("12 gen 2023", "2023-01-12"),
        // Portuguese
        ("Publicado em 7 de março de 2022", "2022-03-07"),
        ("3 de outubro de 2021", "2021-10-03"),
        // Dutch
        ("Gepubliceerd op 4 maart 2019", "2019-03-04"),
        ("22 mei 2020", "2020-05-22"),
        // Polish (genitive)
        ("Opublikowano: 2 sierpnia 2019", "2019-08-02"),
        ("15 października 2020 r.", "2020-10-15"),
        // Russian (genitive)
        ("Опубликовано 2 августа 2019 г.", "2019-08-02"),
        ("31 декабря 2020", "2020-12-31"),
        // Turkish
        ("2 Ağustos 2019 Cuma", "2019-08-02"),
        ("14 Şubat 2022", "2022-02-14"),
        // Japanese
        ("2019年8月2日 10時00分", "2019-08-02"),
        // Chinese
        ("发布时间：2019年8月2日", "2019-08-02"),
        ("2021年12月31日", "2021-12-31"),
        // Korean
        ("입력 2019년 8월 2일 오후 3:00", "2019-08-02"),
        ("2019. 8. 2. 15:00", "2019-08-02"),
        // Numeric
        ("2019-08-02", "2019-08-02"),
        ("02.08.2019", "2019-08-02"),
    ])
    func monthNamesAndFormats(text: String, expected: String) {
        #expect(first(text) == expected, "\(text)")
    }

    @Test func ambiguousNumericOrderFollowsThePage() {
        #expect(first("03/04/2019", .monthFirst) == "2019-03-04")
        #expect(first("03/04/2019", .dayFirst) == "2019-04-03")
        // A number above 12 decides by itself.
        #expect(first("13/04/2019", .monthFirst) == "2019-04-13")
        #expect(first("04/13/2019", .dayFirst) == "2019-04-13")
        // Dots are written day first everywhere.
        #expect(first("03.04.2019", .monthFirst) == "2019-04-03")
    }

    @Test func notDates() {
        #expect(first("31 February 2019") == nil)
        #expect(first("version 2.3.4 of 2019") == nil)
        #expect(first("May I ask about 2019?") == nil)
        #expect(first("call 12 34 5678") == nil)
    }

    @Test func labelsBeforeADateAreKept() {
        let found = TextDateScanner.dates(in: "Published 2 May 2019 · Updated 3 May 2019", order: .dayFirst)
        #expect(found.map(\.date.iso) == ["2019-05-02", "2019-05-03"])
        #expect(found.first?.precedingWords.contains("published") == true)
        #expect(found.last?.precedingWords.contains("updated") == true)
    }

    @Test func numericOrderFromTheLanguage() {
        #expect(PublicationDatePicker.numericOrder(["en-US"]) == .monthFirst)
        #expect(PublicationDatePicker.numericOrder(["en"]) == .monthFirst)
        #expect(PublicationDatePicker.numericOrder(["en", "en_GB"]) == .dayFirst)
        #expect(PublicationDatePicker.numericOrder(["de-DE"]) == .dayFirst)
        #expect(PublicationDatePicker.numericOrder([nil, nil, "fr"]) == .dayFirst)
        #expect(PublicationDatePicker.numericOrder([]) == .dayFirst)
    }

    @Test func urlDates() {
        #expect(URLDate.find("https://x.org/2018/07/02/story")?.iso == "2018-07-02")
        #expect(URLDate.find("https://x.org/news/story-2019-08-02.html")?.iso == "2019-08-02")
        #expect(URLDate.find("https://x.org/20190802/story")?.iso == "2019-08-02")
        #expect(URLDate.find("https://x.org/2019/08/story") == nil)
        #expect(URLDate.find("https://2019.x.org/12/31/a") == nil)
        #expect(URLDate.find("https://x.org/item/12345678") == nil)
        // A timestamp id: the day counts when an hour and minute follow it.
        #expect(URLDate.find("https://x.org/news/article/A2026012914320005196")?.iso == "2026-01-29")
        #expect(URLDate.find("https://x.org/p/2026012999990005196") == nil)
    }
}
