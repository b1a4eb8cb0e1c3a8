import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import SampleSiteCore
import Testing

/// The opt-in that lets the sample site run in a container (docker compose's
/// demo profile): any address only when asked, links under the public name.
@Suite struct SampleSiteServerBindingTests {
    func get(_ url: String) async throws -> (HTTPURLResponse, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return (response as! HTTPURLResponse, String(decoding: data, as: UTF8.self))
    }

    @Test func anyAddressOnlyWithTheOptIn() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-site-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(#"<a href="{{BASE_URL}}/x">x</a>"#.utf8).write(to: directory.appendingPathComponent("page.html"))

        let refused = try SampleSiteServer(root: directory)
        await #expect(throws: SampleSiteServer.ServerError.self) { try await refused.start(host: "0.0.0.0", allowAnyAddress: false) }

        let server = try SampleSiteServer(root: directory)
        let port = try await server.start(host: "0.0.0.0", port: 0, allowAnyAddress: true, publicBaseURL: "http://demo-site:8088/")
        let result = await Result(catching: {
            #expect(server.baseURL == "http://demo-site:8088")
            // Bound on every address, so loopback reaches it too; links carry the public name.
            let (response, body) = try await get("http://127.0.0.1:\(port)/page.html")
            #expect(response.statusCode == 200)
            #expect(body == #"<a href="http://demo-site:8088/x">x</a>"#)
        })
        try await server.stop()
        try result.get()
    }
}
