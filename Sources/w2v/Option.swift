import Foundation

/// What an option table fills in. A fresh value holds the defaults: an option not given keeps
/// the value its field has when the table is read, and the help shows the fresh value's.
protocol OptionSettings: SendableMetatype {
    init()
}

/// One command-line option, declared once: its name, help line, default, allowed range and how
/// it is read. A command's options are a table of these (`TrainOption.all`, the subcommands of
/// `classify`, `tag` and `lm`); its `--help`, its parsing, its required-option messages and
/// (for `train`) its resume check are all generated from the table. To add an option, add one
/// entry (and the field it sets).
struct Option<Settings: OptionSettings>: Sendable {
    /// The heading of the help section the option is listed under.
    let section: String
    let name: String
    var aliases: [String] = []
    /// The value's placeholder in the help ("N"); nil for a flag without a value.
    let placeholder: String?
    /// The help text; "\n" starts a continuation line.
    let help: String
    /// The default as the help shows it, nil to show none.
    let defaultText: String?
    /// The allowed values as the help shows them ("1...16"), nil to show none.
    var rangeText: String? = nil
    /// Shown in brackets after the help (`train`: word2vec.c's name for the option).
    var bracket: String? = nil
    /// `train`: false when a checkpoint fixes the value, so `--resume` refuses the option.
    var resumable: Bool = false
    /// The library's name of the value the option sets, so that the library's validation error
    /// (which names it) can be reported with the option's name.
    var field: String? = nil
    /// The message when the option is required and was not given; nil when it is optional.
    var missing: (@Sendable (Settings) -> String?)? = nil
    /// Removes the option from `arguments` and stores its value in `settings`.
    let read: @Sendable (inout Arguments, inout Settings) throws -> Void

    var isRequired: Bool { missing != nil }

    /// True when `arguments` holds this option (removing it).
    func isGiven(in arguments: inout Arguments) throws -> Bool {
        placeholder == nil ? arguments.flag(name, aliases: aliases) : try arguments.option(name, aliases: aliases) != nil
    }

    /// "--name PLACEHOLDER", as the usage line and the help show it.
    var synopsis: String { name + (placeholder.map { " " + $0 } ?? "") }

    /// The same option setting the `Settings` part `keyPath` of a larger settings value (a
    /// group of options declared once and shared by several tables).
    func on<Outer: OptionSettings>(_ keyPath: any WritableKeyPath<Outer, Settings> & Sendable) -> Option<Outer> {
        let read = self.read
        let missing: (@Sendable (Outer) -> String?)? = self.missing.map { check in { @Sendable outer in check(outer[keyPath: keyPath]) } }
        return Option<Outer>(section: section, name: name, aliases: aliases, placeholder: placeholder, help: help,
                             defaultText: defaultText, rangeText: rangeText, bracket: bracket, resumable: resumable, field: field,
                             missing: missing) { arguments, settings in
            try read(&arguments, &settings[keyPath: keyPath])
        }
    }

    /// The same option listed under `section`.
    func under(_ section: String) -> Option {
        Option(section: section, name: name, aliases: aliases, placeholder: placeholder, help: help, defaultText: defaultText,
               rangeText: rangeText, bracket: bracket, resumable: resumable, field: field, missing: missing, read: read)
    }
}

extension Array {
    /// The options of a table listed under `section`.
    func under<S>(_ section: String) -> [Option<S>] where Element == Option<S> { map { $0.under(section) } }
}

// MARK: Reading and listing a table

extension Option {
    /// Reads every option of `options` into `settings` (whose values stand for the options not
    /// given).
    static func parse(_ options: [Option], _ arguments: inout Arguments, into settings: inout Settings) throws {
        for option in options { try option.read(&arguments, &settings) }
    }

    /// Refuses, once the command line is read, a required option that was not given.
    static func checkRequired(_ options: [Option], _ settings: Settings) throws {
        for option in options {
            if let message = option.missing?(settings) { throw UsageError(message: message) }
        }
    }

    /// The help of `options`, each section under its heading in the order the table lists them
    /// (`leading` puts extra lines, such as positionals', under a heading before its options;
    /// `width`: see `helpLines`).
    static func help(_ options: [Option], leading: [String: [String]] = [:], width: Int? = 100) -> String {
        var sections: [String] = []
        for option in options where !sections.contains(option.section) { sections.append(option.section) }
        return sections.map { section in
            ([section] + (leading[section] ?? []) + options.filter { $0.section == section }.flatMap { $0.helpLines(width: width) }).joined(separator: "\n")
        }.joined(separator: "\n\n")
    }

    /// The option's lines in the help: the synopsis in a 25-column margin, then the text with
    /// "(required)", the default and the range, and the bracket; these on a line of their own
    /// when they would take the last line past `width` columns.
    func helpLines(width: Int?) -> [String] {
        let head = "  " + synopsis
        var text = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let notes = [isRequired ? "required" : nil, defaultText.map { "default \($0)" }, rangeText].compactMap { $0 }
        var suffix = notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"
        if let bracket { suffix += " [\(bracket)]" }
        if let width, 25 + text[text.count - 1].count + suffix.count > width {
            text.append(String(suffix.dropFirst()))
        } else {
            text[text.count - 1] += suffix
        }
        var lines: [String] = []
        if head.count <= 24 {
            lines.append(head.padding(toLength: 25, withPad: " ", startingAt: 0) + text[0])
            text.removeFirst()
        } else {
            lines.append(head)
        }
        return lines + text.map { String(repeating: " ", count: 25) + $0 }
    }
}

// MARK: Entries for the common kinds of option

extension Option {
    /// How the help shows a whole-number range ("1...16", ">= 0"); nil for any number.
    static func rangeText(_ range: ClosedRange<Int>) -> String? {
        switch (range.lowerBound, range.upperBound) {
        case (Int.min, Int.max): nil
        case (let low, Int.max): ">= \(low)"
        case (let low, let high): "\(low)...\(high)"
        }
    }

    /// A whole-number option; given, it must be in `range`.
    static func int(_ section: String, _ name: String, aliases: [String] = [], _ placeholder: String = "N", help: String,
                    range: ClosedRange<Int> = Int.min...Int.max, showsRange: Bool = true,
                    _ keyPath: any WritableKeyPath<Settings, Int> & Sendable, bracket: String? = nil,
                    defaultText: String? = nil, field: String? = nil) -> Option {
        Option(section: section, name: name, aliases: aliases, placeholder: placeholder, help: help,
               defaultText: defaultText ?? String(Settings()[keyPath: keyPath]), rangeText: showsRange ? rangeText(range) : nil,
               bracket: bracket, field: field) { arguments, settings in
            settings[keyPath: keyPath] = try arguments.int(name, aliases: aliases, default: settings[keyPath: keyPath], range: range)
        }
    }

    /// An optional whole-number option in `range`, nil when not given ("--vocab-limit expects a
    /// positive whole number, got 'x'").
    static func int(_ section: String, _ name: String, _ placeholder: String = "N", help: String, range: ClosedRange<Int>,
                    _ keyPath: any WritableKeyPath<Settings, Int?> & Sendable, defaultText: String? = nil) -> Option {
        let expected = range == 1...Int.max ? "a positive whole number" : "a whole number in \(range.lowerBound)...\(range.upperBound)"
        return Option(section: section, name: name, placeholder: placeholder, help: help, defaultText: defaultText,
                      rangeText: range == 1...Int.max ? nil : rangeText(range)) { arguments, settings in
            guard let text = try arguments.option(name) else { return }
            guard let n = Int(text), range.contains(n) else { throw UsageError(message: "\(name) expects \(expected), got '\(text)'") }
            settings[keyPath: keyPath] = n
        }
    }

    /// A decimal option; given, it must be in `range`.
    static func double(_ section: String, _ name: String, _ placeholder: String, help: String, range: ClosedRange<Double>,
                       showsRange: Bool = true, _ keyPath: any WritableKeyPath<Settings, Double> & Sendable,
                       bracket: String? = nil, defaultText: String? = nil, field: String? = nil) -> Option {
        let shown = { (x: Double) in String(format: "%g", x) }
        return Option(section: section, name: name, placeholder: placeholder, help: help,
                      defaultText: defaultText ?? shown(Settings()[keyPath: keyPath]),
                      rangeText: showsRange ? "\(shown(range.lowerBound))...\(shown(range.upperBound))" : nil,
                      bracket: bracket, field: field) { arguments, settings in
            settings[keyPath: keyPath] = try arguments.double(name, default: settings[keyPath: keyPath], range: range)
        }
    }

    /// A flag without a value (given, it sets the setting; absent, it leaves it).
    static func flag(_ section: String, _ name: String, aliases: [String] = [], help: String,
                     _ keyPath: any WritableKeyPath<Settings, Bool> & Sendable, resumable: Bool = false) -> Option {
        Option(section: section, name: name, aliases: aliases, placeholder: nil, help: help, defaultText: nil,
               resumable: resumable) { arguments, settings in
            if arguments.flag(name, aliases: aliases) { settings[keyPath: keyPath] = true }
        }
    }

    /// An option whose value is a path or name, kept as given; `required` refuses its absence
    /// ("--data is required", or the message given).
    static func string(_ section: String, _ name: String, aliases: [String] = [], _ placeholder: String, help: String,
                       _ keyPath: any WritableKeyPath<Settings, String?> & Sendable, bracket: String? = nil,
                       resumable: Bool = false, defaultText: String? = nil, required: String? = nil) -> Option {
        let missing: (@Sendable (Settings) -> String?)? = required.map { message in { @Sendable in $0[keyPath: keyPath] == nil ? message : nil } }
        return Option(section: section, name: name, aliases: aliases, placeholder: placeholder, help: help, defaultText: defaultText,
                      bracket: bracket, resumable: resumable, missing: missing) { arguments, settings in
            if let value = try arguments.option(name, aliases: aliases) { settings[keyPath: keyPath] = value }
        }
    }

    /// A repeatable path option (`--data a --data b`), its values in order.
    static func strings(_ section: String, _ name: String, _ placeholder: String, help: String,
                        _ keyPath: any WritableKeyPath<Settings, [String]> & Sendable, required: String? = nil) -> Option {
        let missing: (@Sendable (Settings) -> String?)? = required.map { message in { @Sendable in $0[keyPath: keyPath].isEmpty ? message : nil } }
        return Option(section: section, name: name, placeholder: placeholder, help: help, defaultText: nil, missing: missing) { arguments, settings in
            let values = try arguments.options(name)
            if !values.isEmpty { settings[keyPath: keyPath] = values }
        }
    }

    /// An option taking one of `values` (placeholder "a|b|c"; "--cell must be gru, lstm or
    /// rnn, got 'x'"); `then` runs after a value is stored (`--optimizer` sets its learning rate).
    static func choice<Value: Sendable & Equatable>(_ section: String, _ name: String, help: String, _ values: [(String, Value)],
                                                   _ keyPath: any WritableKeyPath<Settings, Value> & Sendable,
                                                   then: (@Sendable (inout Settings) -> Void)? = nil) -> Option {
        let names = values.map(\.0)
        let initial = Settings()[keyPath: keyPath]
        return Option(section: section, name: name, placeholder: names.joined(separator: "|"), help: help,
                      defaultText: values.first { $0.1 == initial }?.0) { arguments, settings in
            guard let text = try arguments.option(name) else { return }
            guard let value = values.first(where: { $0.0 == text })?.1 else {
                throw UsageError(message: "\(name) must be \(alternatives(names)), got '\(text)'")
            }
            settings[keyPath: keyPath] = value
            then?(&settings)
        }
    }
}

/// "a, b or c".
func alternatives(_ words: [String]) -> String {
    words.count < 2 ? words.joined() : words.dropLast().joined(separator: ", ") + " or " + words.last!
}
