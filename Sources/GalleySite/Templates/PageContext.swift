internal import GalleyMarkdown
internal import Mustache

/// The data a page's templates see (`site`, `page`, `nav`, `dev`); the README lists every key.
struct PageContext {
    let site: Site
    let siteValues: TemplateValues
    let fragments: NavigationFragments

    init(site: Site, fragments: NavigationFragments) {
        self.fragments = fragments
        self.site = site
        var siteValues: [String: Any] = [
            "title": site.config.title,
            "language": site.config.language,
            "root": site.address.root,
            "generator": "Galley",
            "search": site.config.search,
        ]
        // Empty text is left out (assigning nil removes the key): in swift-mustache an empty
        // string still opens a section.
        siteValues["description"] = site.config.description.nonEmpty
        siteValues["author"] = site.config.author.nonEmpty
        self.siteValues = TemplateValues(siteValues)
    }

    /// The context of page `index`.
    func context(forPage index: Int, reloadScript: String) -> TemplateValues {
        context(page: PageView(site: site, index: index, notFoundHTML: ""), current: index, reloadScript: reloadScript)
    }

    /// The context of the not-found page, whose body is `contentHTML`.
    func notFoundContext(contentHTML: String, reloadScript: String) -> TemplateValues {
        context(page: PageView(site: site, index: nil, notFoundHTML: contentHTML), current: nil, reloadScript: reloadScript)
    }

    private func context(page: PageView, current: Int?, reloadScript: String) -> TemplateValues {
        TemplateValues([
            "site": siteValues,
            "page": page,
            "nav": NavigationView(fragments: fragments, current: current),
            "dev": TemplateValues(["reloadScript": reloadScript]),
        ])
    }
}

/// Named values for templates, as a dictionary holds them.
///
/// A class rather than `[String: Any]`: the template engine casts every value it looks a name
/// up in to its protocols, and for a dictionary, whose conformance holds only where its keys
/// are strings, each cast searched the conformance tables again (3 % of a build).
final class TemplateValues: MustacheParent {
    let values: [String: Any]

    init(_ values: [String: Any]) {
        self.values = values
    }

    func child(named name: String) -> Any? {
        values[name]
    }
}

/// `page` as the templates see it, for a page of the site or for the not-found page.
///
/// Values are made when a template asks for them: a theme that shows no breadcrumbs or uses
/// `page.tocHTML` rather than `page.toc` does not pay for the others on every page.
final class PageView: MustacheParent {
    let site: Site
    /// The page's index in the site; `nil` for the not-found page.
    let index: Int?
    /// The not-found page's body.
    let notFoundHTML: String

    /// The page, taken out of the site once: every name a template looks up reads it.
    private let page: Page?

    init(site: Site, index: Int?, notFoundHTML: String) {
        self.site = site
        self.index = index
        self.notFoundHTML = notFoundHTML
        self.page = index.map { site.pages[$0] }
    }
    private lazy var tableOfContents = TableOfContents(headings: page?.headings ?? [])
    private lazy var tocHTML = tableOfContents.listItemsHTML
    private lazy var breadcrumbs: [TemplateValues] = page.map(breadcrumbs(of:)) ?? []

    func child(named name: String) -> Any? {
        switch name {
        case "title": page?.title ?? "Page not found"
        // Empty text is left out: in swift-mustache an empty string still opens a section.
        case "description": page?.frontMatter.description?.nonEmpty ?? site.config.description.nonEmpty
        case "author": page?.frontMatter.author?.nonEmpty ?? site.config.author.nonEmpty
        case "date": page?.frontMatter.date?.day10
        case "dateDisplay": page?.frontMatter.date?.display
        case "tags": page?.frontMatter.tags ?? []
        case "hasTags": !(page?.frontMatter.tags.isEmpty ?? true)
        case "params": page?.frontMatter.params ?? [:]
        case "url": site.address.url(page?.route ?? "404.html")
        case "canonicalURL": page.flatMap { page in site.address.absoluteBase.map { _ in site.address.absoluteURL(page.route) } }
        case "content": page?.contentHTML ?? notFoundHTML
        case "toc": tableOfContents.entries.map(TableOfContentsEntryView.init)
        case "tocHTML": tocHTML
        case "hasTOC": !tableOfContents.entries.isEmpty
        case "breadcrumbs": breadcrumbs
        case "hasBreadcrumbs": !breadcrumbs.isEmpty
        case "isHome": page?.route.isEmpty ?? false
        case "isNotFound": index == nil
        case "previous": index.flatMap { site.navigation.previous(of: $0) }.map(link(to:))
        case "next": index.flatMap { site.navigation.next(of: $0) }.map(link(to:))
        default: nil
        }
    }

    private func link(to index: Int) -> TemplateValues {
        TemplateValues(["title": site.pages[index].title, "url": site.address.url(site.pages[index].route)])
    }

    /// Home, then each enclosing folder (linked when it has a landing page), then the page.
    private func breadcrumbs(of page: Page) -> [TemplateValues] {
        guard !page.folder.isEmpty else { return [] }
        var crumbs: [TemplateValues] = []
        if let home = site.pageIndex(forSourcePath: "index.md") {
            crumbs.append(TemplateValues(["title": site.pages[home].title, "url": site.address.root, "hasURL": true, "isLast": false]))
        }
        let components = page.folder.split(separator: "/")
        for depth in 1...components.count {
            let folder = components.prefix(depth).joined(separator: "/")
            let landingPath = folder + "/index.md"
            if landingPath == page.sourcePath { break }
            let title = site.navigation.section(forFolder: folder)?.title ?? humanize(String(components[depth - 1]))
            let url = site.pageIndex(forSourcePath: landingPath).map { site.address.url(site.pages[$0].route) } ?? ""
            // A folder without an index.md has no page to link to: its crumb is plain text.
            crumbs.append(TemplateValues(["title": title, "url": url, "hasURL": !url.isEmpty, "isLast": false]))
        }
        crumbs.append(TemplateValues(["title": page.title, "url": site.address.url(page.route), "hasURL": true, "isLast": true]))
        return crumbs
    }
}

/// A navigation section's entries, computed once per build.
struct NavigationSectionData {
    let title: String
    let isRoot: Bool
    let entries: [NavigationEntryData]
}

struct NavigationEntryData {
    let index: Int
    let title: String
    let url: String
}

/// The sidebar as one page sees it: `nav.sections` as data, `nav.sectionsHTML` ready-made.
///
/// Both are computed only when a template asks for them, so a theme pays only for the one
/// it uses.
final class NavigationView: MustacheParent {
    let fragments: NavigationFragments
    let current: Int?

    init(fragments: NavigationFragments, current: Int?) {
        self.fragments = fragments
        self.current = current
    }

    func child(named name: String) -> Any? {
        switch name {
        case "sections": fragments.sections.map { NavigationSectionView(section: $0, current: current) }
        case "sectionsHTML": fragments.sectionsHTML(current: current)
        default: nil
        }
    }
}

/// A section as one page sees it: which entry is current depends on the page, so the shared
/// data is wrapped rather than copied into dictionaries for every page.
///
/// A class, because the template engine copies the value it looks names up in for every tag
/// of the sidebar: a reference is one retain, where this struct's fields were several and a
/// new box.
final class NavigationSectionView: MustacheParent {
    let section: NavigationFragments.Section
    let current: Int?

    init(section: NavigationFragments.Section, current: Int?) {
        self.section = section
        self.current = current
    }

    func child(named name: String) -> Any? {
        switch name {
        case "title": section.data.title
        case "isRoot": section.data.isRoot
        case "containsCurrent": section.position(of: current) != nil
        case "pagesHTML": section.html(current: current)
        case "pages": section.data.entries.map { NavigationEntryView(data: $0, isCurrent: $0.index == current) }
        default: nil
        }
    }
}

/// The sidebar's pieces rendered once per build: every entry by `nav-entry.mustache`, once as
/// current and once not, and every section by `nav-section.mustache` with no entry current.
///
/// A sidebar lists every page on every page, so rendering it through the template engine
/// for each page costs pages² entries. Instead a page's sidebar is assembled from the
/// fragments: only the section that holds the page is rendered again, with the page's entry
/// marked, and the other sections are used as they are. This keeps a 1,000-page site fast.
struct NavigationFragments: Sendable {
    struct Section: Sendable {
        /// The section's title and entries.
        let data: NavigationSectionData
        /// Each entry's HTML, not current and current.
        var normal: [String] = []
        var current: [String] = []
        var joinedNormal = ""
        /// The whole section with no entry current.
        var sectionHTML = ""

        func position(of page: Int?) -> Int? {
            guard let page else { return nil }
            return data.entries.firstIndex { $0.index == page }
        }

        /// The section's entries with `page` marked current.
        func html(current page: Int?) -> String {
            guard let position = position(of: page) else { return joinedNormal }
            var html = ""
            html.reserveCapacity(joinedNormal.utf8.count + 64)
            for index in normal.indices { html += index == position ? current[index] : normal[index] }
            return html
        }
    }

    var sections: [Section]
    let templates: TemplateSet

    /// The name of the template that renders one entry.
    static let entryTemplate = "nav-entry"
    /// The name of the template that renders one section.
    static let sectionTemplate = "nav-section"

    init(site: Site, templates: TemplateSet) {
        self.templates = templates
        sections = site.navigation.sections.map { section in
            let entries = section.pages.map { index in
                NavigationEntryData(index: index, title: site.pages[index].title, url: site.address.url(site.pages[index].route))
            }
            var fragments = Section(data: NavigationSectionData(title: section.title, isRoot: section.folder.isEmpty, entries: entries))
            for entry in entries {
                for isCurrent in [false, true] {
                    let values = TemplateValues(["title": entry.title, "url": entry.url, "isCurrent": isCurrent])
                    // The built-in theme has the template, so a site always does.
                    let html = templates.render(Self.entryTemplate, context: values) ?? ""
                    if isCurrent { fragments.current.append(html) } else { fragments.normal.append(html) }
                }
            }
            fragments.joinedNormal = fragments.normal.joined()
            return fragments
        }
        for index in sections.indices {
            sections[index].sectionHTML = renderSection(NavigationSectionView(section: sections[index], current: nil))
        }
    }

    /// Every section one after the other, the one that holds `current` rendered for it.
    func sectionsHTML(current: Int?) -> String {
        let holder = sections.firstIndex { $0.position(of: current) != nil }
        let holderHTML = holder.map { renderSection(NavigationSectionView(section: sections[$0], current: current)) }
        var html = ""
        html.reserveCapacity(sections.reduce(0) { $0 + $1.sectionHTML.utf8.count } + (holderHTML?.utf8.count ?? 0))
        for index in sections.indices {
            if index == holder, let holderHTML { html += holderHTML } else { html += sections[index].sectionHTML }
        }
        return html
    }

    /// One section through `nav-section.mustache` (the built-in theme's, or the site's own).
    private func renderSection(_ view: NavigationSectionView) -> String {
        templates.render(Self.sectionTemplate, context: view) ?? ""
    }
}

struct NavigationEntryView: MustacheParent {
    let data: NavigationEntryData
    let isCurrent: Bool

    func child(named name: String) -> Any? {
        switch name {
        case "title": data.title
        case "url": data.url
        case "isCurrent": isCurrent
        default: nil
        }
    }
}

/// A table-of-contents entry for templates: `id`, `title`, `children`, `hasChildren`.
struct TableOfContentsEntryView: MustacheParent {
    let entry: TableOfContents.Entry

    func child(named name: String) -> Any? {
        switch name {
        case "id": entry.id
        case "title": entry.title
        case "children": entry.children.map(TableOfContentsEntryView.init)
        case "hasChildren": !entry.children.isEmpty
        default: nil
        }
    }
}

extension String {
    /// The text, or `nil` when it is empty.
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
