import ArgumentParser
import Hummingbird
import SQLiteKit
@main struct Siaga: AsyncParsableCommand { func run() async throws {} }
