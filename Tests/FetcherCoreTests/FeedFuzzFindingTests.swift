import Foundation
import Shared
import TestSupport
import Testing
@testable import FetcherCore

/// The feed-parser inputs the fuzzer saved (Fuzz/crashes/feed-parser): each
/// once trapped inside FoundationXML's XMLParser (a name that was not valid
/// UTF-8, a processing instruction without data). Feeds are now read with
/// libxml2 directly (`XMLEventReader`); each input must end in a typed error
/// or a repaired parse.
@Suite struct FeedFuzzFindingTests {
    /// `<?\xf3ml version="1.0"?>` before an RSS feed: a processing
    /// instruction whose target is not UTF-8. Repaired (U+FFFD), the feed is
    /// read, its mismatched `</liNk>` recovered by libxml2.
    @Test func processingInstructionNameThatIsNotUTF8() throws {
        let input = try FuzzReproducers.input("feed-parser", "crash-12f4c78d0c957b90549496e5fbf66d2bb9241f8d")
        #expect(!TextDecoding.isValidUTF8(input))
        let document = try FeedParser.parse(input, baseURL: "https://example.org/feeds/")
        #expect(document.title == "T")
        #expect(document.entries == [.init(url: "https://example.org/a", title: "A", published: "2019-08-02T10:00:00.000Z")])
    }

    /// `<u\xf2lset xmlns<?xml …`: an element name that is not UTF-8.
    @Test func elementNameThatIsNotUTF8() throws {
        let input = try FuzzReproducers.input("feed-parser", "crash-1c3f7fe162e4c478566e406b588310dbb710f880")
        #expect(!TextDecoding.isValidUTF8(input))
        #expect(throws: FetchError.self) { try FeedParser.parse(input, baseURL: "https://example.org/feeds/") }
    }

    /// `<?xml?>` after the declaration the parser input gets: a processing
    /// instruction without data, which FoundationXML handed to strlen().
    @Test func processingInstructionWithoutData() throws {
        let input = try FuzzReproducers.input("feed-parser", "crash-106e21d7d9a317a6e60274f83c3f3557e8ff62c3")
        #expect(input.starts(with: Data("<?xml?>".utf8)))
        #expect(throws: FetchError.self) { try FeedParser.parse(input, baseURL: "https://example.org/feeds/") }
        let feed = #"<?xml version="1.0"?><?generator?><rss><channel><?php?><item><link>/a</link></item></channel></rss>"#
        #expect(try FeedParser.parse(Data(feed.utf8), baseURL: "https://example.org/").entries.map(\.url)
                == ["https://example.org/a"])
    }

    /// Attribute values keep their escaped ampersands as ampersands, and
    /// an entity declared inside the document is not expanded from outside.
    @Test func attributeEntitiesAndNoExternalEntities() throws {
        let feed = #"<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "file:///etc/passwd">]>"#
            + #"<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&x;</title>"#
            + #"<link href="/a?x=1&amp;y=2"/></entry></feed>"#
        let document = try FeedParser.parse(Data(feed.utf8), baseURL: "https://example.org/")
        #expect(document.entries.map(\.url) == ["https://example.org/a?x=1&y=2"])
        #expect(document.entries.first?.title?.contains("root:") != true)
    }

    /// Every saved input, present and future, parses or throws.
    @Test(arguments: FuzzReproducers.names("feed-parser"))
    func savedInputNoLongerTraps(name: String) throws {
        let input = try FuzzReproducers.input("feed-parser", name)
        _ = FeedParser.looksLikeFeed(input)
        do {
            _ = try FeedParser.parse(input, baseURL: "https://example.org/feeds/")
        } catch is FetchError {}
    }

    /// The repair keeps a feed's entries: an invalid byte in an item's
    /// element name and in its title becomes U+FFFD, the other items stay.
    @Test func invalidBytesInsideAFeedAreRepairedNotFatal() throws {
        var feed = Data(#"<rss version="2.0"><channel><title>T</title>"#.utf8)
        feed += Data("<item><title>Caf".utf8) + Data([0xE9]) + Data("</title><link>/one</link></item>".utf8)
        feed += Data("<item><x".utf8) + Data([0xF2]) + Data("y/><link>/two</link></item></channel></rss>".utf8)
        let document = try FeedParser.parse(feed, baseURL: "https://example.org/feeds/")
        #expect(document.entries.map(\.url) == ["https://example.org/one", "https://example.org/two"])
        #expect(document.entries.first?.title == "Caf\u{FFFD}")
    }

    /// Feeds generated with a blank line or a byte order mark before the
    /// declaration are read; so is a feed without any declaration.
    @Test func leadingWhitespaceAndByteOrderMarkBeforeTheDeclaration() throws {
        let body = #"<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel><item><link>/a</link></item></channel></rss>"#
        for prefix in [Data("\n\n".utf8), Data([0xEF, 0xBB, 0xBF]), Data([0xEF, 0xBB, 0xBF, 0x0A])] {
            let document = try FeedParser.parse(prefix + Data(body.utf8), baseURL: "https://example.org/")
            #expect(document.entries.map(\.url) == ["https://example.org/a"])
        }
        let bare = #"<?xml-stylesheet href="s.xsl"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="/b"/></entry></feed>"#
        #expect(try FeedParser.parse(Data(bare.utf8), baseURL: "https://example.org/").entries.map(\.url)
                == ["https://example.org/b"])
    }
}
