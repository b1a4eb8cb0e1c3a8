import Foundation
import PipelineRuntime
import Shared
import StorageCore
import TestSupport
import Testing

/// The web app in a real browser (headless Chromium over the DevTools
/// protocol) against the server over the sample-site archive, with a real
/// broker behind the status strip. Screenshots go to the build folder
/// (.build/web-screenshots, or NEWSWIRE_SCREENSHOTS_DIR), where
/// scripts/web/screenshots.sh picks the documentation's from.
@Suite(.serialized) struct BrowserTests {
    static let screenshots: URL = {
        if let folder = ProcessInfo.processInfo.environment["NEWSWIRE_SCREENSHOTS_DIR"], !folder.isEmpty {
            return URL(fileURLWithPath: folder)
        }
        return Archives.testsFolder.deletingLastPathComponent().appendingPathComponent(".build/web-screenshots")
    }()

    static let seedTitle = "US Officials Warn ISIS-K Poses a Major Threat"

    func save(_ png: Data, _ name: String) throws {
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        try png.write(to: Self.screenshots.appendingPathComponent(name))
    }

    /// Waits until `expression` is true in the page; on a timeout, keeps a
    /// screenshot (timeout.png) and says where the page was.
    func waitFor(_ expression: String, in browser: HeadlessChromium, session: String) async throws -> Bool {
        let met = try await eventually(timeout: 30, interval: 0.1) {
            (try await browser.evaluate("Boolean(\(expression))", session: session) as? Bool) == true
        }
        if !met {
            try save(try await browser.screenshot(session: session), "timeout.png")
            let state = try await browser.evaluate(
                "location.href + ' | ' + document.getElementById('view').innerText.slice(0, 300)", session: session)
            Issue.record("timed out waiting for \(expression) at \(state ?? "?")")
        }
        return met
    }

    @Test func searchOpenTheSeedArticleAndFollowItsStory() async throws {
        let harness = try ProcessHarness(name: "web-browser")
        let endpoint = ProcessHarness.endpoint()
        _ = try harness.startBroker(endpoint: endpoint)
        let client = try BrokerClient(endpoint: endpoint, requestTimeout: 1)
        let server = try await RunningServer(.sqlite) { try await client.status() }
        let browser = try HeadlessChromium()
        try await withCleanup {
            try await drive(browser, server: server)
        } cleanup: {
            browser.close()
            await server.stop()
            await client.close()
        }
    }

    func drive(_ browser: HeadlessChromium, server: RunningServer) async throws {
        let page = try await browser.openPage()
        try await browser.send("Page.navigate", ["url": server.base + "/"], session: page)
        // The box is in the HTML before the app's script runs, and the script's first render fills the
        // form from the address: wait for that render (the newest articles listed) before typing.
        #expect(try await waitFor("document.querySelector('.result a.title')", in: browser, session: page))

        // Search the way a reader does: type into the box, press Enter.
        _ = try await browser.evaluate("document.getElementById('q').focus()", session: page)
        try await browser.type("Votel", pressingEnter: true, session: page)
        let seedLink = "[...document.querySelectorAll('.result a.title')].find(a => a.textContent === \(Self.jsString(Self.seedTitle)))"
        #expect(try await waitFor(seedLink, in: browser, session: page), "the seed article is among the results")
        #expect(try await waitFor("document.querySelector('.result mark.hit')", in: browser, session: page))
        #expect(try await waitFor("document.querySelector('#facets a')", in: browser, session: page))
        // The status strip shows the broker's answer.
        #expect(try await waitFor("document.querySelector('#status.up')", in: browser, session: page))
        try save(try await browser.screenshot(session: page), "search.png")

        // Open the seed article: Joseph Votel marked as a person, his quote listed.
        let seedID = try #require(
            try await browser.evaluate("\(seedLink).closest('.result').dataset.id", session: page) as? String)
        try await browser.click(".result[data-id='\(seedID)'] a.title", session: page)
        let votel = "[...document.querySelectorAll('#text mark.entity')].find(m => m.dataset.entity === 'Joseph Votel')"
        #expect(try await waitFor(votel, in: browser, session: page))
        #expect(try await browser.evaluate("\(votel).dataset.type", session: page) as? String == "PER")
        #expect(try await browser.evaluate("\(votel).classList.contains('PER')", session: page) as? Bool == true)
        let quote = "[...document.querySelectorAll('#quotes li')].find(li => li.textContent.includes('Joseph Votel'))"
        #expect(try await waitFor(quote, in: browser, session: page), "the Votel quote is listed")
        #expect(try await waitFor("document.querySelector('#map circle')", in: browser, session: page))
        try save(try await browser.screenshot(session: page), "article.png")

        // A story with a syndicated copy: open one copy, follow the story to the other.
        let story = try #require(
            try await server.repository.search(SearchQuery(limit: 100)).first { $0.clusterSize > 1 })
        try await browser.send("Page.navigate", ["url": server.base + "/#/article/\(story.id)"], session: page)
        #expect(try await waitFor("document.querySelector('#story a.title')", in: browser, session: page))
        let copyID = try #require(
            try await browser.evaluate("document.querySelector('#story .result').dataset.id", session: page) as? String)
        #expect(copyID != String(story.id))
        try await browser.click("#story a.title", session: page)
        #expect(try await waitFor("document.querySelector('article[data-id=\"\(copyID)\"]')", in: browser, session: page))
        let backLink = "document.querySelector('#story .result[data-id=\"\(story.id)\"]')"
        #expect(try await waitFor(backLink, in: browser, session: page), "the copy lists the first article as its story")
        try save(try await browser.screenshot(session: page), "story.png")
        #expect(FileManager.default.fileExists(atPath: Self.screenshots.appendingPathComponent("story.png").path))
    }

    static func jsString(_ text: String) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: [text]), as: UTF8.self).dropFirst().dropLast().description
    }
}
