import Foundation
import Testing
@testable import FetcherCore

@Suite struct RobotsTxtTests {
    @Test func longestMatchWinsAndAllowWinsTies() {
        let robots = RobotsTxt(parsing: """
            User-agent: *
            Disallow: /private
            Allow: /private/public
            Disallow: /tmp/
            Allow: /tmp/
            Disallow: /*.json$
            Disallow: /search*q=
            """)
        #expect(!robots.isAllowed("/private/x", agent: "Newswire"))
        #expect(robots.isAllowed("/private/public/x", agent: "Newswire"))
        #expect(robots.isAllowed("/tmp/x", agent: "Newswire"))
        #expect(!robots.isAllowed("/data/a.json", agent: "Newswire"))
        #expect(robots.isAllowed("/data/a.json?x=1", agent: "Newswire"))
        #expect(!robots.isAllowed("/search?lang=en&q=x", agent: "Newswire"))
        #expect(robots.isAllowed("/", agent: "Newswire"))
        #expect(robots.isAllowed("/robots.txt", agent: "Newswire"))
    }

    @Test func namedGroupReplacesTheStarGroup() {
        let robots = RobotsTxt(parsing: """
            User-agent: *
            Disallow: /

            User-agent: OtherBot
            User-agent: newswire
            Disallow: /admin
            Crawl-delay: 2

            User-agent: Newswire-Images
            Disallow: /
            """)
        #expect(robots.isAllowed("/news/1", agent: "Newswire"))
        #expect(!robots.isAllowed("/admin/x", agent: "Newswire"))
        #expect(robots.isAllowed("/news/1", agent: "OtherBot"))
        #expect(!robots.isAllowed("/news/1", agent: "SomeoneElse"))
        #expect(robots.crawlDelay(for: "Newswire") == 2)
    }

    @Test func emptyDisallowAllowsEverything() {
        let robots = RobotsTxt(parsing: "User-agent: *\nDisallow:\n")
        #expect(robots.isAllowed("/anything", agent: "Newswire"))
    }
}

@Suite struct AddressPolicyTests {
    @Test(arguments: ["127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                      "0.0.0.0", "224.0.0.1", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1",
                      "::ffff:10.0.0.1", "fe80::1%eth0", "not an address"])
    func nonPublic(_ address: String) {
        #expect(AddressPolicy.isNonPublic(address))
    }

    @Test(arguments: ["8.8.8.8", "93.184.216.34", "172.32.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])
    func publicAddresses(_ address: String) {
        #expect(!AddressPolicy.isNonPublic(address))
    }

    @Test func resolvesNamesBeforeJudging() async throws {
        let addresses = try await AddressPolicy.resolve("localhost")
        #expect(!addresses.isEmpty)
        #expect(addresses.allSatisfy(AddressPolicy.isNonPublic))
        await #expect(throws: FetchError.self) {
            try await AddressPolicy.check(host: "localhost", allowPrivate: false)
        }
        try await AddressPolicy.check(host: "localhost", allowPrivate: true)
    }
}

@Suite struct URLNormalizerTests {
    @Test func normalises() {
        #expect(URLNormalizer.normalize("HTTP://Example.ORG:80/a?utm_source=x&id=3#frag") == "http://example.org/a?id=3")
        #expect(URLNormalizer.normalize("https://example.org") == "https://example.org/")
        #expect(URLNormalizer.normalize("https://example.org:8443/a?fbclid=1") == "https://example.org:8443/a")
        #expect(URLNormalizer.hostKey("https://News.Example.org/a") == "news.example.org")
        #expect(URLNormalizer.resolve("../b", against: "http://h/x/y/z") == "http://h/x/b")
    }

    @Test func feedDates() {
        #expect(FeedDate.normalize("Tue, 03 Mar 2026 14:30:00 +0100") == "2026-03-03T13:30:00.000Z")
        #expect(FeedDate.normalize("Sun, 1 Mar 26 09:05 EST") == "2026-03-01T14:05:00.000Z")
        #expect(FeedDate.normalize("2026-03-04T08:00:00+02:00") == "2026-03-04T06:00:00.000Z")
        #expect(FeedDate.normalize("sometime soon") == "sometime soon")
    }
}
