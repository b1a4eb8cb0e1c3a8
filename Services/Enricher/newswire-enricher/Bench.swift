import ArgumentParser
import EnricherCore
import Foundation

struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "placeholder")
    func run() async throws {}
}
