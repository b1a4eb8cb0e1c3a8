import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SampleSiteCore
import Testing

/// The sample site's own HTTP behaviour, seen by a client other than ours.
@Suite struct SampleSiteServerTests {
    func send(_ method: String, _ url: String, headers: [String: String] = [:]) async throws
        -> (HTTPURLResponse, Data) {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await URLSession.shared.data(for: request)
        return (response as! HTTPURLResponse, data)
    }

    @Test func headConditionalAndNotFound() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let page = #"<a href="{{BASE_URL}}/x">x</a>"#
        try Data(page.utf8).write(to: directory.appendingPathComponent("page.html"))
        let server = try SampleSiteServer(root: directory)
        try await server.start()
        let base = server.baseURL
        let result = await Result(catching: {
            let (get, body) = try await send("GET", base + "/page.html")
            let expected = Data(page.replacingOccurrences(of: "{{BASE_URL}}", with: base).utf8)
            #expect(get.statusCode == 200)
            #expect(body == expected)
            #expect(get.value(forHTTPHeaderField: "Content-Type") == "text/html")
            let etag = try #require(get.value(forHTTPHeaderField: "ETag"))
            let lastModified = try #require(get.value(forHTTPHeaderField: "Last-Modified"))

            let (head, headBody) = try await send("HEAD", base + "/page.html")
            #expect(head.statusCode == 200)
            #expect(headBody.isEmpty)
            #expect(head.value(forHTTPHeaderField: "Content-Length") == String(expected.count))

            let (byTag, _) = try await send("GET", base + "/page.html", headers: ["If-None-Match": etag])
            #expect(byTag.statusCode == 304)
            let (byDate, _) = try await send("GET", base + "/page.html", headers: ["If-Modified-Since": lastModified])
            #expect(byDate.statusCode == 304)
            let (missing, _) = try await send("GET", base + "/nope.html")
            #expect(missing.statusCode == 404)
            let (escape, _) = try await send("GET", base + "/../../etc/passwd")
            #expect(escape.statusCode == 404)
            #expect(server.requests.map(\.method) == ["GET", "HEAD", "GET", "GET", "GET", "GET"])
        })
        try await server.stop()
        try result.get()
    }

    @Test func refusesNonLoopbackHosts() async throws {
        let server = try SampleSiteServer(root: FileManager.default.temporaryDirectory)
        await #expect(throws: SampleSiteServer.ServerError.self) { try await server.start(host: "0.0.0.0") }
    }
}
