import XCTest
@testable import SkipGram
