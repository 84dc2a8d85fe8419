public import Foundation
internal import GalleyMarkdown
internal import Mustache

/// The Mustache templates of a site: the built-in theme's, and those of its `templates/`
/// folder in place of the built-in ones of the same name.
///
/// Every `*.mustache` file is registered by its path without the extension (`layout`,
/// `sidebar`, `partials/note`), so any of them can be used as a partial. `layout` renders
/// each page; `404` renders the body of the not-found page.
public struct TemplateSet: Sendable {
    let library: MustacheLibrary
    /// The templates' names, sorted.
    public let names: [String]

    /// The template that renders a whole page.
    static let layoutName = "layout"

    /// Loads and parses every template under `folder` over the built-in theme's.
    ///
    /// - Parameter displayFolder: The folder as the user named it, for diagnostics.
    public init(folder: URL, displayFolder: String) throws(BuildFailure) {
        try self.init(theme: Theme(folder: folder, displayFolder: displayFolder))
    }

    /// Loads and parses every template of `theme` (the `assets` folder excluded): the
    /// built-in ones, and the site's in place of those of the same name.
    ///
    /// - Throws: ``BuildFailure`` with one ``Diagnostic`` per template that does not parse, at
    ///   its `file:line:col`, or when `layout.mustache` is missing.
    public init(theme: Theme) throws(BuildFailure) {
        var library = MustacheLibrary()
        var names: [String] = []
        var problems: [Diagnostic] = []
        var outlines: [String: TemplateOutline] = [:]
        let (files, unreadable) = theme.files()
        // A theme with a folder that cannot be read would render with partials missing.
        for folder in unreadable where folder.path != "assets" && !folder.path.hasPrefix("assets/") {
            let shown = theme.displayFolder.trimmingTrailingSlashes() + (folder.path.isEmpty ? "" : "/" + folder.path)
            problems.append(.error(at: nil, "cannot read the templates folder `\(shown)`: \(folder.reason); check its permissions"))
        }
        for file in files where file.path.hasSuffix(".mustache") && !file.path.hasPrefix("assets/") {
            let displayPath = file.displayPath
            let text: String
            switch file.source {
            case .builtIn(let path):
                text = BuiltInTheme.files[path] ?? ""
            case .file(let url):
                guard let read = try? String(contentsOf: url, encoding: .utf8) else {
                    problems.append(.error(at: SourceLocation(path: displayPath, line: 1), "cannot read this template as UTF-8 text"))
                    continue
                }
                text = read
            }
            do {
                let name = String(file.path.dropLast(".mustache".count))
                // Measured before parsing: swift-mustache's parser recurses once per section.
                outlines[name] = try TemplateOutline(text: text, path: displayPath, limit: Self.nestingLimit)
                let template = try MustacheTemplate(string: text)
                library.register(template, named: name)
                names.append(name)
            } catch let diagnostic as Diagnostic {
                problems.append(diagnostic)
            } catch let error as MustacheTemplate.ParserError {
                let location = SourceLocation(path: displayPath, line: error.context.lineNumber, column: error.context.columnNumber)
                problems.append(.error(at: location, Self.explain(error.error)))
            } catch {
                problems.append(.error(at: SourceLocation(path: displayPath, line: 1), "cannot parse this template: \(error)"))
            }
        }
        let displayFolder = theme.displayFolder
        if !names.contains(Self.layoutName), problems.isEmpty {
            problems.append(
                .error(
                    at: nil,
                    "no `\(displayFolder.trimmingTrailingSlashes())/\(Self.layoutName).mustache`; every site needs a layout template (see the README's Templates section)"
                )
            )
        }
        if problems.isEmpty { problems = Self.checkIncludes(outlines) }
        guard problems.isEmpty else { throw BuildFailure(problems) }
        self.library = library
        self.names = names.sorted()
    }

    /// Renders the template `name` with `context` (a dictionary or a `MustacheParent`), or
    /// `nil` when there is no such template.
    ///
    /// Control characters in the result become visible stand-ins (U+001B → `␛`, see
    /// ``ControlCharacters/visibleInHTML(_:)``): titles, front matter values and the page's own
    /// HTML from cmark may hold them, and neither Mustache nor cmark escapes them.
    func render(_ name: String, context: Any) -> String? {
        library.render(context, withTemplate: name).map(ControlCharacters.visibleInHTML)
    }

    private static func explain(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "template error: \(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "this closing tag does not match the section it closes; check the `{{/name}}`"
        case .unfinishedName: return "a tag is not finished; close it with `}}`"
        case .expectedSectionEnd: return "a section is never closed; add its `{{/name}}`"
        case .invalidSetDelimiter: return "the set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "a transform cannot be applied to an inherited section"
        case .illegalTokenInsideInheritSection: return "only blocks may stand inside a partial's inheritance section"
        case .textInsideInheritSection: return "text cannot stand inside a partial's inheritance section"
        case .invalidConfigVariableSyntax: return "the configuration tag is malformed"
        case .unrecognisedConfigVariable: return "unknown configuration variable in this tag"
        @unknown default: return "template error: \(error)"
        }
    }
}
