internal import SwiftIDEUtils
@_spi(RawSyntax) internal import SwiftSyntax

/// swift-syntax's classification of a syntax tree, the ranges `classifications` of
/// SwiftIDEUtils gives, computed without key paths.
///
/// SwiftIDEUtils decides whether a node's context classifies a child (a type name, an
/// argument label) by building the parent type's list of child key paths and comparing the
/// child's against a table, for every child of every node. That was most of the cost of
/// highlighting. This walk follows `ClassificationVisitor` (SwiftIDEUtils/SyntaxClassifier.swift
/// in swift-syntax 603) over the same raw tree, with the table turned once into child
/// positions per node type. `SwiftHighlighterTests` checks that both give the same ranges.
struct SwiftClassifier {
    /// A classified range of UTF-8 offsets into the source.
    struct ClassifiedRange: Equatable {
        var kind: SyntaxClassification
        var start: Int
        var end: Int
    }

    private enum VisitResult {
        case `continue`
        case `break`
    }

    private struct ContextualClassification {
        var kind: SyntaxClassification
        /// The whole child, trivia aside, takes this kind instead of its tokens being visited.
        var force: Bool
    }

    private(set) var ranges: [ClassifiedRange] = []
    private let targetStart: Int
    private let targetEnd: Int

    /// The classified ranges of `tree`, in source order; consecutive ranges of one kind are merged.
    static func classify(_ tree: some SyntaxProtocol) -> [ClassifiedRange] {
        let root = Syntax(tree)
        var classifier = SwiftClassifier(targetStart: root.position.utf8Offset, targetEnd: root.endPosition.utf8Offset)
        // The raw nodes live in the tree's arena, which `root` keeps alive.
        withExtendedLifetime(root) {
            _ = classifier.visit(root.raw, at: root.position.utf8Offset, context: nil)
        }
        return classifier.ranges
    }

    private init(targetStart: Int, targetEnd: Int) {
        self.targetStart = targetStart
        self.targetEnd = targetEnd
    }

    // MARK: - Walking

    private mutating func visit(_ node: RawSyntax, at offset: Int, context: ContextualClassification?) -> VisitResult {
        guard offset < targetEnd else { return .break }
        guard offset + node.byteLength > targetStart else { return .continue }
        guard SyntaxTreeViewMode.sourceAccurate.shouldTraverse(node: node) else { return .continue }
        if let token = node.tokenView {
            var offset = offset
            // Most tokens have no trivia on one side or the other; the pieces come as a new
            // array, so they are only asked for when there are some.
            if token.leadingTriviaByteLength > 0 { offset += classify(trivia: token.leadingRawTriviaPieces, at: offset) }
            let text = token.rawText
            report(Self.classify(token.rawKind, text, context: context), start: offset, length: text.count)
            offset += text.count
            if token.trailingTriviaByteLength > 0 { offset += classify(trivia: token.trailingRawTriviaPieces, at: offset) }
            return .continue
        }
        guard let layout = node.layoutView else { return .continue }
        let classifiedChildren = Self.contextualClassifications[ObjectIdentifier(node.kind.syntaxNodeType)]
        var offset = offset
        for case (let index, let child?) in layout.children.enumerated() {
            let classification = classifiedChildren?[index]
            if let classification, classification.force {
                if let leading = child.leadingTriviaPieces { offset += classify(trivia: leading, at: offset) }
                let textLength = child.byteLength - child.leadingTriviaByteLength - child.trailingTriviaByteLength
                report(classification.kind, start: offset, length: textLength)
                offset += textLength
                if let trailing = child.trailingTriviaPieces { offset += classify(trivia: trailing, at: offset) }
                continue
            }
            if visit(child, at: offset, context: classification ?? context) == .break { return .break }
            offset += child.byteLength
        }
        return .continue
    }

    private mutating func classify(trivia pieces: [RawTriviaPiece], at offset: Int) -> Int {
        var length = 0
        for piece in pieces {
            let kind: SyntaxClassification =
                switch piece {
                case .lineComment: .lineComment
                case .blockComment: .blockComment
                case .docLineComment: .docLineComment
                case .docBlockComment: .docBlockComment
                default: .none
                }
            report(kind, start: offset + length, length: piece.byteLength)
            length += piece.byteLength
        }
        return length
    }

    private mutating func report(_ kind: SyntaxClassification, start: Int, length: Int) {
        if kind == .none && length == 0 { return }
        let end = start + length
        if let last = ranges.last, last.kind == kind, last.end == start {
            ranges[ranges.count - 1].end = end
            return
        }
        guard start <= targetEnd, end >= targetStart else { return }
        ranges.append(ClassifiedRange(kind: kind, start: start, end: end))
    }

    // MARK: - Tables

    private static func classify(_ kind: RawTokenKind, _ text: SyntaxText, context: ContextualClassification?) -> SyntaxClassification {
        if let context, kind == .identifier || context.force { return context.kind }
        if kind == .unknown, text.hasPrefix("\"") { return .stringLiteral }
        if kind == .identifier, text.hasPrefix("<#"), text.hasSuffix("#>") { return .editorPlaceholder }
        switch kind {
        case .atSign: return .attribute
        case .binaryOperator, .colonColon, .postfixOperator, .prefixOperator: return .operator
        case .dollarIdentifier: return .dollarIdentifier
        case .floatLiteral: return .floatLiteral
        case .identifier: return .identifier
        case .integerLiteral: return .integerLiteral
        case .keyword, .poundSourceLocation: return .keyword
        case .multilineStringQuote, .singleQuote, .stringQuote, .stringSegment: return .stringLiteral
        case .poundElse, .poundElseif, .poundEndif, .poundIf: return .ifConfigDirective
        case .regexLiteralPattern, .regexPoundDelimiter, .regexSlash: return .regexLiteral
        case .arrow, .backslash, .backtick, .colon, .comma, .ellipsis, .endOfFile, .equal, .exclamationMark,
            .infixQuestionMark, .leftAngle, .leftBrace, .leftParen, .leftSquare, .period, .postfixQuestionMark, .pound,
            .poundAvailable, .poundUnavailable, .prefixAmpersand, .rawStringPoundDelimiter, .rightAngle, .rightBrace,
            .rightParen, .rightSquare, .semicolon, .shebang, .unknown, .wildcard:
            return .none
        }
    }

    /// The children that their parent's kind classifies, by node type and position: the key
    /// paths of SwiftIDEUtils' `SyntaxClassification.classify(_:)`, found once in their node
    /// types' layouts.
    private static let contextualClassifications: [ObjectIdentifier: [Int: ContextualClassification]] = {
        let keyPaths: [(AnyKeyPath, SyntaxClassification, force: Bool)] = [
            (\AttributeSyntax.attributeName, .attribute, true),
            (\PlatformVersionItemSyntax.platformVersion, .keyword, false),
            (\PlatformVersionSyntax.platform, .keyword, false),
            (\DeclModifierSyntax.name, .attribute, false),
            (\IfConfigClauseSyntax.poundKeyword, .ifConfigDirective, false),
            (\IfConfigClauseSyntax.condition, .ifConfigDirective, false),
            (\IfConfigDeclSyntax.poundEndif, .ifConfigDirective, false),
            (\MemberTypeSyntax.name, .type, false),
            (\OperatorDeclSyntax.name, .operator, false),
            (\PrecedenceGroupAssociativitySyntax.associativityLabel, .keyword, false),
            (\PrecedenceGroupRelationSyntax.higherThanOrLowerThanLabel, .keyword, false),
            (\IdentifierTypeSyntax.name, .type, false),
            (\FunctionParameterSyntax.firstName, .argumentLabel, false),
            (\LabeledExprSyntax.label, .argumentLabel, false),
        ]
        var table: [ObjectIdentifier: [Int: ContextualClassification]] = [:]
        for (keyPath, kind, force) in keyPaths {
            guard let nodeType = type(of: keyPath).rootType as? any SyntaxProtocol.Type,
                case .layout(let children) = nodeType.structure,
                let index = children.firstIndex(where: { $0 == keyPath })
            else {
                // Only a change of swift-syntax's layouts gets here; the tests then fail.
                assertionFailure("\(keyPath) is not a child of its node's layout")
                continue
            }
            table[ObjectIdentifier(nodeType), default: [:]][index] = ContextualClassification(kind: kind, force: force)
        }
        return table
    }()
}
