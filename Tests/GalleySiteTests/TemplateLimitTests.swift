import Foundation
import GalleyMarkdown
@testable import GalleySite
import Testing
import _GalleyTestSupport

/// Templates that would overflow swift-mustache's recursion are build errors at their tags.
@Suite("Template limits")
struct TemplateLimitTests {
    /// The diagnostics of loading `templates` (name → text), or an empty list when they load.
    func problems(_ templates: [String: String]) throws -> [String] {
        let folder = try TemporaryFolder()
        try folder.write(templates.reduce(into: [:]) { $0["templates/\($1.key).mustache"] = $1.value })
        do {
            _ = try TemplateSet(folder: folder.url.appending(path: "templates"), displayFolder: "templates")
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test("A template that includes itself is an error at the tag")
    func selfInclude() throws {
        #expect(
            try problems(["layout": "<html>\n  {{> layout}}\n"])
                == ["templates/layout.mustache:2:3: error: `layout` includes itself: `layout` → `layout`; a template may not include itself, directly or through other partials (rendering it would never end)"]
        )
    }

    @Test("A cycle through other partials is an error at the tag that closes it")
    func partialCycle() throws {
        let found = try problems(["layout": "{{> a}}", "a": "{{#x}}{{> b}}{{/x}}", "b": "text\n{{> a}}"])
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("templates/b.mustache:2:1: error: `a` includes itself: `a` → `b` → `a`") == true, "\(found)")
    }

    @Test("5,000 nested sections are an error at the section past the limit, before parsing")
    func deepSections() throws {
        let text = String(repeating: "{{#a}}", count: 5000) + String(repeating: "{{/a}}", count: 5000)
        let found = try problems(["layout": text])
        #expect(found == ["templates/layout.mustache:1:601: error: sections nest more than 100 deep here; templates may nest sections and partials at most 100 levels (see the README's Limits and refusals)"])
    }

    @Test("Nesting counts across partials; 100 levels still render")
    func depthThroughPartials() throws {
        let sixty = String(repeating: "{{#a}}", count: 60) + "{{> inner}}" + String(repeating: "{{/a}}", count: 60)
        let found = try problems(["layout": sixty, "inner": sixty.replacingOccurrences(of: "{{> inner}}", with: "x")])
        #expect(found.count == 1)
        #expect(found.first?.contains("nest more than 100 levels deep here, through `layout` → `inner`") == true, "\(found)")

        let ninetyNine = String(repeating: "{{#a}}", count: 99) + "{{> leaf}}" + String(repeating: "{{/a}}", count: 99)
        let folder = try TemporaryFolder()
        try folder.write(["templates/layout.mustache": ninetyNine, "templates/leaf.mustache": "deep"])
        let set = try TemplateSet(folder: folder.url.appending(path: "templates"), displayFolder: "templates")
        #expect(set.render("layout", context: ["a": true]) == "deep")
    }

    @Test("A missing partial is an error at its tag, and so is a partial named by the data")
    func missingAndDynamic() throws {
        #expect(
            try problems(["layout": "a\n b {{>  footer }}"])
                == ["templates/layout.mustache:2:4: error: there is no template `footer` to include; add `footer.mustache` to the templates folder or correct the name"]
        )
        let dynamic = try problems(["layout": "{{>*page.params.theme}}"])
        #expect(dynamic.first?.hasPrefix("templates/layout.mustache:1:1: error: `{{>*page.params.theme}}` takes the partial's name from the page's data") == true)
    }

    @Test("Set-delimiter tags are followed; tags in comments are not includes")
    func delimiters() throws {
        #expect(try problems(["layout": "{{! {{> nowhere}} }}{{=<% %>=}}<%> leaf%><%={{ }}=%>{{#x}}{{/x}}", "leaf": "y"]).isEmpty)
    }

    @Test("A name with thousands of transforms is refused, not parsed recursively")
    func transforms() throws {
        let name = String(repeating: "f(", count: 3000) + "x" + String(repeating: ")", count: 3000)
        let found = try problems(["layout": "{{\(name)}}"])
        #expect(found == ["templates/layout.mustache:1:1: error: this tag applies 3000 transforms; at most 100 are allowed"])
    }

    @Test("The repository's theme passes every check")
    func defaultTheme() throws {
        _ = try TemplateSet(folder: Repository.templates, displayFolder: "templates")
    }
}
