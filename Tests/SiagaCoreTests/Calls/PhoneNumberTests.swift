import Foundation
import SiagaCore
import SiagaTestSupport
import Testing

@Suite("Caller phone numbers")
struct PhoneNumberTests {
    @Test(
        "Every way of writing an Indonesian mobile number is the same caller",
        arguments: [
            "0812-3456-7890", "081234567890", "6281234567890", "62 812 3456 7890", "+6281234567890",
            "+62 812 3456 7890", "+62 812-3456-7890", "(0812) 3456.7890", " +62 812 3456 7890 ",
        ])
    func indonesianForms(text: String) throws {
        // when
        let number = try #require(PhoneNumber(text))

        // then
        #expect(number.rawValue == "+6281234567890")
        #expect(number == .demoCaller)
    }

    @Test(
        "A number reads back as itself once stored; one too long once 62 is added is refused",
        arguments: ["0070176145049065", "0812345678901234", "081234567890", "+1 (415) 555-0100", "112"])
    func normalisedFormReadsBack(text: String) {
        // when
        let number = PhoneNumber(text)

        // then either it is refused, or its stored text is the same number
        if let number {
            #expect(PhoneNumber(number.rawValue) == number)
        }
        #expect((number == nil) == (text.count { $0.isNumber } == 16 && text.hasPrefix("0")))
    }

    @Test("A foreign number keeps its own country code")
    func foreignNumber() throws {
        // when
        let number = try #require(PhoneNumber("+1 (415) 555-0100"))

        // then
        #expect(number.rawValue == "+14155550100")
    }

    @Test("Short service numbers stay as dialled", arguments: ["112", "110", "113", "119"])
    func shortNumbers(text: String) throws {
        // when
        let number = try #require(PhoneNumber(text))

        // then
        #expect(number.rawValue == text)
        #expect(number.masked == text)
    }

    @Test(
        "Text with letters, or too few or too many digits, is not a number",
        arguments: [
            "", "11", "0812-CALL-ME", "08123456789O", "nomor 0812", "+62 812 3456 7890 ext 1", "12345678901234567",
            "0812_3456_7890",
        ])
    func invalidNumbers(text: String) {
        // when
        let number = PhoneNumber(text)

        // then
        #expect(number == nil)
    }

    @Test("The masked form shows only the last four digits")
    func masked() {
        // given
        let number = PhoneNumber.demoCaller

        // when
        let masked = number.masked

        // then
        #expect(masked == "••••••••••7890")
        #expect(masked.count == number.rawValue.count)
    }

    @Test("A number is stored as its normalised text and malformed text is not decoded")
    func coding() throws {
        // given
        let json = Data(#""0812-3456-7890""#.utf8)

        // when
        let decoded = try JSONDecoder().decode(PhoneNumber.self, from: json)
        let encoded = try JSONEncoder().encode(decoded)

        // then
        #expect(decoded == .demoCaller)
        #expect(String(decoding: encoded, as: UTF8.self) == #""+6281234567890""#)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(PhoneNumber.self, from: Data(#""abc""#.utf8)) }
    }
}
