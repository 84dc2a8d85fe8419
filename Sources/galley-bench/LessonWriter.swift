import _GalleyTestSupport

/// Writes the book's programs, one lesson at a time, each with its own numbers and names
/// and with the output it prints worked out here, in Swift, as the program computes it.
struct LessonWriter {
    /// The kinds of lone program a chapter teaches with.
    enum Lesson {
        case structBasics, mutatingMethods, extensionOwnType, staticMembers, failableInit, comparableStruct
        case hashableSet, nestedEnum, classReference, deinitOnNil, propertyObservers, inheritance
        case caseIterableEnum, associatedValues, commandEnum, subscriptGrid, customOperator
        case protocolExistentials, protocolDefaults, ownProtocolOnStandard, associatedTypeProtocol
        case intExtension, stringExtension, arrayExtension, genericFunction, genericContainer
        case closureHigherOrder, counterClosure, escapingHandlers, arrayPipeline, dictionaryGrouping
        case strideLazy, switchPatterns, deferOrder, tuples, optionals, stringFacts, foundationFormat
        case globalConstant, throwingErrors, optionalTry, resultType, typedThrows
        case actorBasics, asyncLet, taskGroup, actorTaskGroup, asyncSleep
    }

    /// The kinds of session: what the state that flows from block to block is.
    enum SessionKind {
        /// A structure, changed through `var`.
        case value
        /// A class, shared by reference.
        case reference
        /// An actor, reached with top-level `await`.
        case actor
        /// An array of structures.
        case collection
        /// A protocol, adopted by a structure and by standard types.
        case `protocol`
        /// A structure whose report function reads the session's variable, as books do to
        /// keep examples short (such a program cannot be merged).
        case globalState
    }

    /// A lone program teaching `lesson`.
    mutating func program(_ lesson: Lesson) -> BookProgram {
        switch lesson {
        case .structBasics: structBasics()
        case .mutatingMethods: mutatingMethods()
        case .extensionOwnType: extensionOwnType()
        case .staticMembers: staticMembers()
        case .failableInit: failableInit()
        case .comparableStruct: comparableStruct()
        case .hashableSet: hashableSet()
        case .nestedEnum: nestedEnum()
        case .classReference: classReference()
        case .deinitOnNil: deinitOnNil()
        case .propertyObservers: propertyObservers()
        case .inheritance: inheritance()
        case .caseIterableEnum: caseIterableEnum()
        case .associatedValues: associatedValues()
        case .commandEnum: commandEnum()
        case .subscriptGrid: subscriptGrid()
        case .customOperator: customOperator()
        case .protocolExistentials: protocolExistentials()
        case .protocolDefaults: protocolDefaults()
        case .ownProtocolOnStandard: ownProtocolOnStandard()
        case .associatedTypeProtocol: associatedTypeProtocol()
        case .intExtension: intExtension()
        case .stringExtension: stringExtension()
        case .arrayExtension: arrayExtension()
        case .genericFunction: genericFunction()
        case .genericContainer: genericContainer()
        case .closureHigherOrder: closureHigherOrder()
        case .counterClosure: counterClosure()
        case .escapingHandlers: escapingHandlers()
        case .arrayPipeline: arrayPipeline()
        case .dictionaryGrouping: dictionaryGrouping()
        case .strideLazy: strideLazy()
        case .switchPatterns: switchPatterns()
        case .deferOrder: deferOrder()
        case .tuples: tuples()
        case .optionals: optionals()
        case .stringFacts: stringFacts()
        case .foundationFormat: foundationFormat()
        case .globalConstant: globalConstant()
        case .throwingErrors: throwingErrors()
        case .optionalTry: optionalTry()
        case .resultType: resultType()
        case .typedThrows: typedThrows()
        case .actorBasics: actorBasics()
        case .asyncLet: asyncLet()
        case .taskGroup: taskGroup()
        case .actorTaskGroup: actorTaskGroup()
        case .asyncSleep: asyncSleep()
        }
    }

    private(set) var vocabulary = BookVocabulary()
    private var random = SeededGenerator(seed: 1)
    private var cast: [Int] = []
    private var picked: Set<String> = []

    /// Starts program number `index` of the book: its own numbers, and names preferred from
    /// `cast` (positions in ``BookVocabulary/entities``).
    mutating func start(program index: Int, cast: [Int]) {
        random = SeededGenerator(seed: 0x600D_B00C &+ UInt64(index))
        self.cast = cast
        picked = []
    }

    /// Counts the names `program` declares, so later programs prefer others.
    mutating func finish(_ program: BookProgram) -> BookProgram {
        vocabulary.declare(program.declares)
        return program
    }

    // MARK: - Numbers and names

    mutating func number(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(random.next() % UInt64(range.count))
    }

    /// `count` different numbers from `range`, in no particular order.
    mutating func distinctNumbers(_ count: Int, in range: ClosedRange<Int>) -> [Int] {
        var chosen: [Int] = []
        while chosen.count < count {
            let candidate = number(range)
            if !chosen.contains(candidate) { chosen.append(candidate) }
        }
        return chosen
    }

    mutating func pick<Value>(_ values: [Value]) -> Value {
        values[Int(random.next() % UInt64(values.count))]
    }

    /// `count` different values of `values`, in no particular order.
    mutating func distinctPicks(_ count: Int, from values: [String]) -> [String] {
        distinctNumbers(count, in: 0...(values.count - 1)).map { values[$0] }
    }

    mutating func label(_ kind: BookVocabulary.LabelKind) -> String {
        pick(BookVocabulary.labels(kind))
    }

    mutating func labels(_ count: Int, _ kind: BookVocabulary.LabelKind) -> [String] {
        distinctPicks(count, from: BookVocabulary.labels(kind))
    }

    /// An entity the program has not picked yet, from `preferred` (positions in
    /// ``BookVocabulary/entities``, the chapter's cast by default) while it lasts.
    mutating func entity(preferring preferred: [Int]? = nil) -> BookVocabulary.Entity {
        let entity = vocabulary.entity(preferring: preferred ?? cast, excluding: picked)
        picked.insert(entity.name)
        return entity
    }

    /// A name of `pool` the program has not picked yet, the least declared so far.
    mutating func name(from pool: [String]) -> String {
        let name = vocabulary.name(from: pool, excluding: picked)
        picked.insert(name)
        return name
    }

    func plural(_ word: String) -> String { BookVocabulary.plural(word) }
}

// MARK: - How Swift prints values

/// `[1, 2, 3]`, as `print` shows an array of numbers.
func printed(_ numbers: [Int]) -> String {
    "[" + numbers.map(String.init).joined(separator: ", ") + "]"
}

/// `["a", "b"]`, as `print` shows an array of strings.
func printed(_ strings: [String]) -> String {
    "[" + strings.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
}

/// `"text"`, as a string literal in Swift source and as `print` shows a string inside a value.
func quoted(_ text: String) -> String {
    "\"\(text)\""
}

/// Swift source for an array of numbers: `[1, 2, 3]`.
func literal(_ numbers: [Int]) -> String { printed(numbers) }

/// Swift source for an array of strings: `["a", "b"]`.
func literal(_ strings: [String]) -> String { printed(strings) }
