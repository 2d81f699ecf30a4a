import XCTest
@testable import Recurrent
