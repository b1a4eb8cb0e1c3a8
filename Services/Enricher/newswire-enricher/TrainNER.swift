import ArgumentParser
import EnricherCore
import Foundation

/// `train-ner`: builds one language's tagger model from BIO train/dev files
/// (scripts/enricher/prepare_ner_corpora.py) and prints its dev figures.
struct TrainNER: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-ner",
        abstract: "Train a language's entity tagger (averaged perceptron) and print dev P/R/F1 per type.")

    @Option(help: "Language code the model is for (de, fr, es, ...); only named in the log.")
    var language: String
    @Option(help: "Training file: 'word<TAB>BIO-tag' lines, a blank line between sentences.")
    var train: String
    @Option(help: "Development file in the same format, kept apart from training.")
    var dev: String
    @Option(help: "Where to write the model file (e.g. Services/Enricher/EnricherCore/Data/ner-de.bin).")
    var out: String
    @Option(help: "Further held-out files in the same format, each scored after training (repeatable).")
    var check: [String] = []
    @Option(help: "Passes over the training sentences.")
    var epochs = 10
    @Option(help: "log2 of the feature table rows (the file is 14 x 2^bits bytes).")
    var rowBits = 19

    func run() async throws {
        let trainSet = try LabelledCorpus(contentsOf: train)
        let devSet = try LabelledCorpus(contentsOf: dev)
        print("\(language): train \(trainSet.sentenceCount) sentences, \(trainSet.tokenCount) tokens; dev \(devSet.sentenceCount) sentences")
        let trainer = PerceptronTrainer(gazetteer: try Gazetteer(), names: try NameLexicon(), rowBits: rowBits, epochs: epochs)
        let model = trainer.train(trainSet) { epoch, errorRate in
            print("epoch \(epoch): \(String(format: "%.4f", errorRate)) of training tokens mislabelled")
        }
        try model.write(to: URL(fileURLWithPath: out))
        print("wrote \(out) (\(model.count) bytes)")
        print("dev (exact spans):")
        print(try trainer.evaluate(model: model, on: devSet).report)
        for path in check {
            print("check \(path) (exact spans):")
            print(try trainer.evaluate(model: model, on: try LabelledCorpus(contentsOf: path)).report)
        }
    }
}
