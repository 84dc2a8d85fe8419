internal import GalleyMarkdown
internal import SwiftParser
internal import SwiftSyntax

/// What a program's top-level code is made of, read with swift-syntax, and whether it can be
/// compiled with other programs in one module without behaving differently.
///
/// A merged program becomes one file of the batch: its imports and the declarations that
/// main.swift would make global (types, functions, protocols, operators, extensions) stay at
/// file scope, and its statements and variables move into a `@MainActor static func main()`
/// of a namespace of its own, in order. That is the same program only when nothing at file
/// scope uses a top-level variable (which would now be a local), when no extension or
/// conformance reaches other programs, and when nothing prints where it runs (`#function`
/// at top level). Any program the analysis cannot prove equivalent is compiled alone.
struct MergeAnalysis: Sendable, Hashable {
    /// Why a program is compiled alone.
    enum StandaloneReason: String, Sendable, Hashable {
        case compileFail = "it is `compile-fail`"
        case markedStandalone = "it is marked `standalone`"
        case syntaxErrors = "it does not parse"
        case fileScopeUsesVariable = "a declaration at its top level uses one of its top-level variables"
        case unsupportedDeclaration = "it declares something that only main.swift may hold"
        case attributedVariable = "a top-level variable has an attribute or an access modifier"
        case externalConformance = "it adds a conformance to a type it does not declare"
        case accessInExtension = "an extension of a type it does not declare gives its members an access level"
        case topLevelFunctionName = "its top-level code uses `#function`"
        case conditionalCompilation = "its top level holds `#if`"
        case entryPoint = "it has its own `@main`"
        case reservedName = "it declares a name the merged program's own code uses"
        case tooDeep = "it is too large or nests too deep for swift-syntax to read safely"
    }

    /// One block's top-level code, sorted into what stays at file scope and what runs in order.
    struct Block: Sendable, Hashable {
        /// `import` lines, hoisted to the top of the file.
        var imports: [Chunk] = []
        /// Declarations that live at file scope.
        var declarations: [Chunk] = []
        /// Statements and local declarations, in order, run by the program's entry.
        var statements: [Chunk] = []
    }

    /// A run of source text and the line (in its block, 1-based) where it starts.
    struct Chunk: Sendable, Hashable {
        var text: String
        var line: Int
    }

    /// The program's blocks, in order; empty when it is compiled alone.
    var blocks: [Block] = []
    /// Why it must be compiled alone, or `nil` when it can be merged.
    var standaloneReason: StandaloneReason?
    /// Names it declares at file scope (types, functions, operators…): no other program of a
    /// batch may declare or use them.
    var declaredNames: Set<String> = []
    /// Every identifier and operator it writes: no other program of a batch may declare them.
    var usedNames: Set<String> = []

    /// Whether the program can be compiled with others.
    var isMergeable: Bool { standaloneReason == nil }

    /// Names the merged program's own files use; a program that declares one is compiled alone.
    static let reservedNames: Set<String> = [
        "String", "Optional", "Array", "fatalError", "getenv", "unsetenv", "write", "fflush", "main", "_GalleyBlocks",
    ]

    /// Analyses `program`.
    init(_ program: SnippetProgram) {
        if program.mode == .compileFail {
            standaloneReason = .compileFail
            return
        }
        if program.snippets.contains(where: \.attributes.standalone) {
            standaloneReason = .markedStandalone
            return
        }
        var bindings: Set<String> = []
        var fileScopeNames: Set<String> = []
        var declaredTypes: Set<String> = []
        var extensions: [ExtensionDeclSyntax] = []
        var protocols: [String: ProtocolDeclSyntax] = [:]
        // swift-syntax's parser recurses without a limit: what would take it down is compiled alone.
        if program.snippets.contains(where: { SwiftHighlighter.fallback(for: $0.code) != nil }) {
            standaloneReason = .tooDeep
            return
        }
        for snippet in program.snippets {
            let file = Parser.parse(source: snippet.code)
            guard !file.hasError else {
                standaloneReason = .syntaxErrors
                return
            }
            let converter = SourceLocationConverter(fileName: "", tree: file)
            var block = Block()
            for item in file.statements {
                let chunk = Chunk(text: item.description, line: converter.location(for: item.position).line)
                switch Self.placement(of: item) {
                case .import: block.imports.append(chunk)
                case .fileScope(let names, let isType):
                    block.declarations.append(chunk)
                    if case .decl(let declaration) = item.item, let protocolDeclaration = declaration.as(ProtocolDeclSyntax.self) {
                        protocols[protocolDeclaration.name.text] = protocolDeclaration
                    }
                    declaredNames.formUnion(names)
                    if isType { declaredTypes.formUnion(names) }
                    fileScopeNames.formUnion(Self.freeNames(in: item))
                case .extension(let declaration):
                    block.declarations.append(chunk)
                    extensions.append(declaration)
                    fileScopeNames.formUnion(Self.freeNames(in: item))
                case .statement(let bound):
                    block.statements.append(chunk)
                    bindings.formUnion(bound)
                case .standalone(let reason):
                    standaloneReason = reason
                    return
                }
                usedNames.formUnion(Self.identifiers(in: item))
                if case .statement = Self.placement(of: item), Self.usesFunctionName(item) {
                    standaloneReason = .topLevelFunctionName
                    return
                }
            }
            blocks.append(block)
        }
        if !bindings.isDisjoint(with: fileScopeNames) {
            standaloneReason = .fileScopeUsesVariable
        } else if !declaredNames.isDisjoint(with: Self.reservedNames) {
            standaloneReason = .reservedName
        } else if let problem = Self.extensionProblem(extensions, declaredTypes: declaredTypes) {
            standaloneReason = problem
        } else {
            // A conformance of another type to the program's own protocol is seen by the whole
            // module, and so are the members it adds: no other program of the batch may use them.
            // Through such a conformance, the protocol's requirements and what its extensions
            // add become members of the other type too.
            var reached: Set<String> = []
            for declaration in extensions where declaration.inheritanceClause != nil {
                declaredNames.formUnion(declaration.memberBlock.members.flatMap { Self.declaredMemberNames($0.decl) })
                if !declaredTypes.contains(Self.extendedName(declaration)) {
                    reached.formUnion(declaration.inheritanceClause!.inheritedTypes.map { $0.type.trimmedDescription })
                }
            }
            for name in reached {
                declaredNames.formUnion(protocols[name]?.memberBlock.members.flatMap { Self.declaredMemberNames($0.decl) } ?? [])
            }
            for declaration in extensions where reached.contains(Self.extendedName(declaration)) {
                declaredNames.formUnion(declaration.memberBlock.members.flatMap { Self.declaredMemberNames($0.decl) })
            }
            // Extensions of types the program does not declare become file-private, so their
            // members reach no other program of the batch.
            makeForeignExtensionsFilePrivate(declaredTypes: declaredTypes)
        }
        if standaloneReason != nil { blocks = [] }
    }

    // MARK: - Sorting top-level items

    private enum Placement {
        case `import`
        case fileScope(names: [String], isType: Bool)
        case `extension`(ExtensionDeclSyntax)
        case statement(bound: [String])
        case standalone(StandaloneReason)
    }

    private static func placement(of item: CodeBlockItemSyntax) -> Placement {
        guard case .decl(let declaration) = item.item else {
            if case .stmt(let statement) = item.item, let guardStatement = statement.as(GuardStmtSyntax.self) {
                // A top-level `guard let` binds names for the rest of main.swift.
                return .statement(bound: guardStatement.conditions.flatMap { identifiers(in: $0) })
            }
            return .statement(bound: [])
        }
        if declaration.is(ImportDeclSyntax.self) { return .import }
        if declaration.is(IfConfigDeclSyntax.self) { return .standalone(.conditionalCompilation) }
        if let variable = declaration.as(VariableDeclSyntax.self) {
            // `async let` is as much a local as a global; other modifiers and attributes
            // (`lazy`, `nonisolated(unsafe)`, `@MainActor`) mean something else on a local.
            guard variable.attributes.isEmpty, variable.modifiers.allSatisfy({ $0.name.tokenKind == .keyword(.async) }) else {
                return .standalone(.attributedVariable)
            }
            return .statement(bound: variable.bindings.flatMap { identifiers(in: $0.pattern) })
        }
        if let attributes = declaration.asProtocol((any WithAttributesSyntax).self)?.attributes,
            attributes.contains(where: { $0.as(AttributeSyntax.self)?.attributeName.trimmedDescription == "main" })
        {
            return .standalone(.entryPoint)
        }
        if let extensionDeclaration = declaration.as(ExtensionDeclSyntax.self) { return .extension(extensionDeclaration) }
        if let named = declaration.asProtocol((any NamedDeclSyntax).self) {
            let isType =
                declaration.is(StructDeclSyntax.self) || declaration.is(ClassDeclSyntax.self) || declaration.is(EnumDeclSyntax.self)
                || declaration.is(ActorDeclSyntax.self) || declaration.is(ProtocolDeclSyntax.self)
                || declaration.is(TypeAliasDeclSyntax.self)
            guard isType || declaration.is(FunctionDeclSyntax.self) || declaration.is(OperatorDeclSyntax.self)
                || declaration.is(PrecedenceGroupDeclSyntax.self)
            else { return .standalone(.unsupportedDeclaration) }
            return .fileScope(names: [named.name.text], isType: isType)
        }
        return .standalone(.unsupportedDeclaration)
    }

    /// Why the program's extensions keep it alone, if they do.
    private static func extensionProblem(_ extensions: [ExtensionDeclSyntax], declaredTypes: Set<String>) -> StandaloneReason? {
        for declaration in extensions where !declaredTypes.contains(extendedName(declaration)) {
            // A conformance is seen by the whole module: only one to a protocol of the program's
            // own, which no other program of a batch can name, stays the program's business.
            if let inheritance = declaration.inheritanceClause {
                let protocols = inheritance.inheritedTypes.map { $0.type.trimmedDescription }
                if !protocols.allSatisfy(declaredTypes.contains) { return .externalConformance }
                continue
            }
            if !declaration.modifiers.isEmpty { return .accessInExtension }
            let membersHaveAccess = declaration.memberBlock.members.contains { member in
                member.decl.asProtocol((any WithModifiersSyntax).self)?.modifiers.contains { modifier in
                    ["public", "open", "internal", "package", "fileprivate", "private"].contains(modifier.name.text)
                } ?? false
            }
            if membersHaveAccess { return .accessInExtension }
        }
        return nil
    }

    private mutating func makeForeignExtensionsFilePrivate(declaredTypes: Set<String>) {
        for blockIndex in blocks.indices {
            for chunkIndex in blocks[blockIndex].declarations.indices {
                let chunk = blocks[blockIndex].declarations[chunkIndex]
                let file = Parser.parse(source: chunk.text)
                guard let item = file.statements.first, case .decl(let declaration) = item.item,
                    let extensionDeclaration = declaration.as(ExtensionDeclSyntax.self),
                    extensionDeclaration.inheritanceClause == nil, !declaredTypes.contains(Self.extendedName(extensionDeclaration))
                else { continue }
                // `fileprivate` goes right before `extension`, after any leading comments, so
                // the lines do not move.
                let keyword = extensionDeclaration.extensionKeyword
                let offset = keyword.positionAfterSkippingLeadingTrivia.utf8Offset
                var bytes = Array(chunk.text.utf8)
                bytes.insert(contentsOf: Array("fileprivate ".utf8), at: offset)
                blocks[blockIndex].declarations[chunkIndex].text = String(decoding: bytes, as: UTF8.self)
            }
        }
    }

    /// The names a member declaration adds: a property's, a function's, a type's.
    private static func declaredMemberNames(_ declaration: DeclSyntax) -> [String] {
        if let variable = declaration.as(VariableDeclSyntax.self) {
            return variable.bindings.flatMap { identifiers(in: $0.pattern) }
        }
        if let named = declaration.asProtocol((any NamedDeclSyntax).self) { return [named.name.text] }
        return []
    }

    /// The first name of an extension's type: `Array` for `extension Array where …`, `Outer` for `Outer.Inner`.
    private static func extendedName(_ declaration: ExtensionDeclSyntax) -> String {
        let type = declaration.extendedType.trimmedDescription
        return String(type.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
    }

    // MARK: - Names

    /// Every identifier and operator token in `node`.
    static func identifiers(in node: some SyntaxProtocol) -> [String] {
        node.tokens(viewMode: .sourceAccurate).compactMap { token in
            switch token.tokenKind {
            case .identifier(let name): name
            case .binaryOperator(let name), .prefixOperator(let name), .postfixOperator(let name): name
            case .dollarIdentifier(let name): name
            default: nil
            }
        }
    }

    /// The names `node` refers to without declaring them itself: references that are not
    /// members (`x.count`), minus every name it binds (parameters, locals, members, cases).
    ///
    /// A miss here is safe: a name that main.swift made global and the merged file cannot
    /// see fails to compile, and the program is then compiled alone. The check exists for
    /// names that would still compile, bound to something else (`min`, a standard function).
    static func freeNames(in node: some SyntaxProtocol) -> Set<String> {
        let names = NameCollector(viewMode: .sourceAccurate)
        names.walk(node)
        return names.referenced.subtracting(names.bound)
    }

    private final class NameCollector: SyntaxVisitor {
        var referenced: Set<String> = []
        var bound: Set<String> = []

        override func visit(_ node: DeclReferenceExprSyntax) -> SyntaxVisitorContinueKind {
            if let member = node.parent?.as(MemberAccessExprSyntax.self), member.declName.id == node.id { return .visitChildren }
            referenced.insert(node.baseName.text)
            return .visitChildren
        }

        override func visit(_ node: IdentifierPatternSyntax) -> SyntaxVisitorContinueKind {
            bound.insert(node.identifier.text)
            return .visitChildren
        }

        override func visit(_ node: FunctionParameterSyntax) -> SyntaxVisitorContinueKind {
            bound.insert((node.secondName ?? node.firstName).text)
            return .visitChildren
        }

        override func visit(_ node: ClosureShorthandParameterSyntax) -> SyntaxVisitorContinueKind {
            bound.insert(node.name.text)
            return .visitChildren
        }

        override func visit(_ node: ClosureParameterSyntax) -> SyntaxVisitorContinueKind {
            bound.insert((node.secondName ?? node.firstName).text)
            return .visitChildren
        }

        override func visit(_ node: FunctionDeclSyntax) -> SyntaxVisitorContinueKind {
            bound.insert(node.name.text)
            return .visitChildren
        }

        override func visit(_ node: EnumCaseElementSyntax) -> SyntaxVisitorContinueKind {
            bound.insert(node.name.text)
            return .visitChildren
        }

        override func visit(_ node: GenericParameterSyntax) -> SyntaxVisitorContinueKind {
            bound.insert(node.name.text)
            return .visitChildren
        }
    }

    /// Whether `node` writes `#function` outside any function of its own.
    private static func usesFunctionName(_ node: CodeBlockItemSyntax) -> Bool {
        node.tokens(viewMode: .sourceAccurate).contains { token in
            guard token.tokenKind == .identifier("function"), token.previousToken(viewMode: .sourceAccurate)?.tokenKind == .pound else {
                return false
            }
            var parent = token.parent
            while let node = parent {
                if node.is(FunctionDeclSyntax.self) || node.is(AccessorBlockSyntax.self) || node.is(InitializerDeclSyntax.self) { return false }
                parent = node.parent
            }
            return true
        }
    }
}
