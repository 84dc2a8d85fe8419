public import Foundation
internal import GalleyMarkdown
internal import Mustache

/// The Mustache templates of a site, loaded from its `templates/` folder.
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

    /// Loads and parses every template under `folder` (the `assets` folder excluded).
    ///
    /// - Parameter displayFolder: The folder as the user named it, for diagnostics.
    /// - Throws: ``BuildFailure`` with one ``Diagnostic`` per template that does not parse, at
    ///   its `file:line:col`, or when `layout.mustache` is missing.
    public init(folder: URL, displayFolder: String) throws(BuildFailure) {
        var library = MustacheLibrary()
        var names: [String] = []
        var problems: [Diagnostic] = []
        // The folder may be a link to a shared theme; links inside it are not followed.
        for path in ContentInventory.listFiles(under: FolderListing.resolvingLinks(folder))
        where path.hasSuffix(".mustache") && !path.hasPrefix("assets/") {
            let displayPath = displayFolder.trimmingTrailingSlashes() + "/" + path
            guard let text = try? String(contentsOf: folder.appending(path: path), encoding: .utf8) else {
                problems.append(.error(at: SourceLocation(path: displayPath, line: 1), "cannot read this template as UTF-8 text"))
                continue
            }
            do {
                let template = try MustacheTemplate(string: text)
                let name = String(path.dropLast(".mustache".count))
                library.register(template, named: name)
                names.append(name)
            } catch let error as MustacheTemplate.ParserError {
                let location = SourceLocation(path: displayPath, line: error.context.lineNumber, column: error.context.columnNumber)
                problems.append(.error(at: location, Self.explain(error.error)))
            } catch {
                problems.append(.error(at: SourceLocation(path: displayPath, line: 1), "cannot parse this template: \(error)"))
            }
        }
        if !names.contains(Self.layoutName), problems.isEmpty {
            problems.append(
                .error(
                    at: nil,
                    "no `\(displayFolder.trimmingTrailingSlashes())/\(Self.layoutName).mustache`; every site needs a layout template (see the README's Templates section)"
                )
            )
        }
        guard problems.isEmpty else { throw BuildFailure(problems) }
        self.library = library
        self.names = names.sorted()
    }

    /// Renders the template `name` with `context` (a dictionary or a `MustacheParent`), or
    /// `nil` when there is no such template.
    func render(_ name: String, context: Any) -> String? {
        library.render(context, withTemplate: name)
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
