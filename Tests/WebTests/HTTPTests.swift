import Foundation
import Shared
import Testing
import WebCore

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The server over real HTTP on 127.0.0.1: the app's files, the API, errors.
@Suite struct HTTPTests {
    struct Unreachable: Error {}

    @Test func servesTheAppAndTheAPI() async throws {
        let server = try await RunningServer(.sqlite) { throw Unreachable() }
        try await withCleanup {
            let page = try await server.get("/")
            #expect(page.status == 200)
            #expect(page.type.hasPrefix("text/html"))
            #expect(String(decoding: page.body, as: UTF8.self).contains("/app.js"))
            for asset in ["/app.js", "/app.css", "/world.svg"] {
                let file = try await server.get(asset)
                #expect(file.status == 200, "\(asset)")
                #expect(!file.body.isEmpty)
            }
            let search = try await server.get("/api/search?q=%22Joseph+Votel%22&limit=3")
            #expect(search.status == 200)
            #expect(search.type == "application/json")
            let object = try JSONSerialization.jsonObject(with: search.body) as? [String: Any]
            #expect((object?["results"] as? [Any])?.isEmpty == false)
            #expect(object?.keys.contains("next") == true)

            #expect(try await server.get("/api/articles/424242").status == 404)
            #expect(try await server.get("/api/search?limit=-3").status == 400)
            #expect(try await server.get("/../Package.swift").status == 404)
            #expect(try await server.get("/nothing-here.html").status == 404)
        } cleanup: {
            await server.stop()
        }
    }
}
