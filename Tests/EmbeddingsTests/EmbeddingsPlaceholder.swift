import XCTest
@testable import Embeddings
