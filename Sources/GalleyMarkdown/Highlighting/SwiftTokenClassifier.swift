internal import SwiftSyntax

/// What a stretch of Swift source is, for highlighting: the classes of the theme's
/// stylesheet (`hl-keyword`, `hl-type`, …).
enum SwiftTokenClass: UInt8, Sendable, CaseIterable {
    case keyword, type, identifier, string, number, comment, docComment, `operator`, attribute
    case directive, regex, label, placeholder

    /// The CSS class of the stretch's `<span>`.
    var cssClass: String {
        switch self {
        case .keyword: "hl-keyword"
        case .type: "hl-type"
        case .identifier: "hl-identifier"
        case .string: "hl-string"
        case .number: "hl-number"
        case .comment: "hl-comment"
        case .docComment: "hl-doc-comment"
        case .operator: "hl-operator"
        case .attribute: "hl-attribute"
        case .directive: "hl-directive"
        case .regex: "hl-regex"
        case .label: "hl-label"
        case .placeholder: "hl-placeholder"
        }
    }
}

/// One classified stretch of source, in UTF-8 byte offsets.
struct SwiftClassifiedRange: Sendable, Hashable {
    var range: Range<Int>
    var tokenClass: SwiftTokenClass
}

/// Classifies the tokens and comments of a parsed Swift file as SwiftIDEUtils'
/// `classifications` does, from each token's kind and the node that holds it.
///
/// SwiftIDEUtils finds a token's context by comparing the key path of every child of every
/// node with a table of key paths, which cost more than parsing itself on a site's snippets
/// (12 % of a build, against 8 % for the parse). Here a token looks only at its parent, and
/// further up only for the rare places where the context is a whole subtree (an attribute's
/// name, the condition of `#if`). The test suite checks the two agree, byte for byte, on code
/// written for each such context, the guide's snippets, and hundreds of broken variants.
struct SwiftTokenClassifier {
    private(set) var ranges: [SwiftClassifiedRange] = []
    /// Where the condition of the `#if` or `#elseif` being read ends: its identifiers are
    /// directives (`#if DEBUG`, `#if os(Linux)`).
    private var conditionEnd = -1

    /// Where the name of the attribute being read ends: all of it is the attribute, its
    /// generic arguments and the spaces between them too, as SwiftIDEUtils has it.
    private var attributeNameEnd = -1
    /// Whether the token before is `@`, the only place an attribute's name starts.
    private var followsAtSign = false

    /// Classifies every token and comment of `tree`.
    init(_ tree: SourceFileSyntax) {
        ranges.reserveCapacity(256)
        for token in tree.tokens(viewMode: .sourceAccurate) {
            var offset = token.position.utf8Offset
            offset = classifyTrivia(token.leadingTrivia, at: offset)
            let end = offset + token.trimmedLength.utf8Length
            if offset >= attributeNameEnd, let tokenClass = classify(token, at: offset) { report(offset..<end, tokenClass) }
            _ = classifyTrivia(token.trailingTrivia, at: end)
        }
    }

    private mutating func report(_ range: Range<Int>, _ tokenClass: SwiftTokenClass) {
        guard !range.isEmpty else { return }
        // Adjacent stretches of one class are one span, as SwiftIDEUtils merges them.
        if let last = ranges.last, last.tokenClass == tokenClass, last.range.upperBound == range.lowerBound {
            ranges[ranges.count - 1].range = last.range.lowerBound..<range.upperBound
        } else {
            ranges.append(SwiftClassifiedRange(range: range, tokenClass: tokenClass))
        }
    }

    private mutating func classifyTrivia(_ trivia: Trivia, at start: Int) -> Int {
        var offset = start
        for piece in trivia {
            let length = piece.sourceLength.utf8Length
            if offset < attributeNameEnd {
                offset += length
                continue
            }
            switch piece {
            case .lineComment, .blockComment: report(offset..<offset + length, .comment)
            case .docLineComment, .docBlockComment: report(offset..<offset + length, .docComment)
            default: break
            }
            offset += length
        }
        return offset
    }

    private mutating func classify(_ token: TokenSyntax, at offset: Int) -> SwiftTokenClass? {
        let kind = token.tokenKind
        if case .poundIf = kind { enterCondition(of: token) } else if case .poundElseif = kind { enterCondition(of: token) }
        defer {
            if case .atSign = kind { followsAtSign = true } else { followsAtSign = false }
        }
        // An attribute's name is the attribute, whatever its tokens.
        if followsAtSign, let name = Self.attributeName(holding: token) {
            let range = name.positionAfterSkippingLeadingTrivia.utf8Offset..<name.endPositionBeforeTrailingTrivia.utf8Offset
            report(range, .attribute)
            attributeNameEnd = range.upperBound
            return nil
        }
        guard case .identifier(let text) = kind else { return Self.classification(of: kind) }
        if let contextual = Self.contextualClass(ofIdentifier: token) { return contextual }
        if offset < conditionEnd { return .directive }
        if text.hasPrefix("<#") && text.hasSuffix("#>") { return .placeholder }
        return .identifier
    }

    private mutating func enterCondition(of poundKeyword: TokenSyntax) {
        if let clause = poundKeyword.parent?.as(IfConfigClauseSyntax.self), let condition = clause.condition {
            conditionEnd = condition.endPositionBeforeTrailingTrivia.utf8Offset
        }
    }

    /// The class an identifier takes from the node that holds it, or `nil` when that node
    /// gives none.
    private static func contextualClass(ofIdentifier token: TokenSyntax) -> SwiftTokenClass? {
        guard let parent = token.parent else { return nil }
        switch parent.kind {
        case .identifierType, .memberType:
            // The only identifier these hold is their name.
            return .type
        case .labeledExpr:
            return .label
        case .functionParameter:
            guard let parameter = parent.as(FunctionParameterSyntax.self), parameter.firstName.id == token.id else { return nil }
            return .label
        case .declModifier:
            return .attribute
        case .operatorDecl:
            return .operator
        case .platformVersion, .precedenceGroupAssociativity, .precedenceGroupRelation:
            return .keyword
        default:
            return nil
        }
    }

    /// The name of the attribute (`@MainActor`, `@Foo<[Bar]>.Baz`) that `token` lies in: the
    /// type from the token up to an ``AttributeSyntax`` that holds it as its name.
    private static func attributeName(holding token: TokenSyntax) -> TypeSyntax? {
        guard var node = token.parent, isTypeName(node) else { return nil }
        while let parent = node.parent {
            if parent.kind == .attribute {
                guard let name = parent.as(AttributeSyntax.self)?.attributeName, name.id == node.id else { return nil }
                return name
            }
            guard isTypeName(parent) else { return nil }
            node = parent
        }
        return nil
    }

    /// Whether `node` is part of a type: a type, or the generic arguments between its angle
    /// brackets.
    private static func isTypeName(_ node: Syntax) -> Bool {
        switch node.kind {
        case .genericArgumentClause, .genericArgumentList, .genericArgument: true
        default: node.is(TypeSyntax.self)
        }
    }

    /// The class a token has whatever holds it, as SwiftIDEUtils gives it.
    private static func classification(of kind: TokenKind) -> SwiftTokenClass? {
        switch kind {
        case .keyword, .poundSourceLocation: .keyword
        case .atSign: .attribute
        case .binaryOperator, .prefixOperator, .postfixOperator, .colonColon: .operator
        case .dollarIdentifier: .identifier
        case .integerLiteral, .floatLiteral: .number
        case .stringQuote, .multilineStringQuote, .singleQuote, .stringSegment: .string
        case .poundIf, .poundElseif, .poundElse, .poundEndif: .directive
        case .regexSlash, .regexPoundDelimiter, .regexLiteralPattern: .regex
        case .unknown(let text) where text.hasPrefix("\""): .string
        default: nil
        }
    }
}
