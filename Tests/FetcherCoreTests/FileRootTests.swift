import Foundation
import Testing
@testable import FetcherCore

/// The file root a command derives from the `file://` URLs it was given.
@Suite struct FileRootCoveringTests {
    @Test func oneArchiveGivesItsFolder() throws {
        let folder = try temporaryFolder()
        let archive = folder.appendingPathComponent("news.warc")
        let root = try #require(FileRoot.covering([archive.absoluteString, "http://127.0.0.1:8080/feed.xml"]))
        #expect(root == FileRoot(folder.path))
        #expect(root.contains(archive.path) != nil)
        #expect(root.contains(folder.deletingLastPathComponent().appendingPathComponent("other.warc").path) == nil)
    }

    @Test func archivesInSeveralFoldersGiveTheirDeepestCommonFolder() throws {
        let folder = try temporaryFolder()
        let first = folder.appendingPathComponent("2026/01/a.warc.gz")
        let second = folder.appendingPathComponent("2026/02/b.warc.gz")
        let third = folder.appendingPathComponent("2026/02/c.warc.gz")
        let root = try #require(FileRoot.covering([first, second, third].map(\.absoluteString)))
        #expect(root == FileRoot(folder.appendingPathComponent("2026").path))
        for url in [first, second, third] { #expect(root.contains(url.path) != nil) }
    }

    @Test func noFileURLGivesNoRoot() {
        #expect(FileRoot.covering([]) == nil)
        #expect(FileRoot.covering(["https://127.0.0.1/a.warc", "/not/a/url.warc"]) == nil)
    }

    @Test func siblingFoldersWithACommonNamePrefixShareOnlyTheirParent() throws {
        let folder = try temporaryFolder()
        let urls = ["news", "newsletters"].map { folder.appendingPathComponent("\($0)/x.warc").absoluteString }
        #expect(FileRoot.covering(urls) == FileRoot(folder.path))
    }

    private func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("fileroot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.resolvingSymlinksInPath()
    }
}
