/// The site's structure: sections by folder, the reading order, and each page's neighbours.
///
/// Sections are folders. The root section comes first; the others follow their landing
/// page's `order` (a folder's `index.md`), then their title. Inside a section the landing page
/// comes first, then pages by `order`, then title, then path, so the order never depends on
/// the file system.
public struct Navigation: Sendable {
    /// A folder of pages.
    public struct Section: Sendable, Hashable {
        /// The folder's path relative to the content folder (`""` for the root).
        public var folder: String
        /// The landing page's title, or the folder's name made readable.
        public var title: String
        /// Indices into the site's pages, in reading order.
        public var pages: [Int]
    }

    /// The sections in order.
    public private(set) var sections: [Section] = []
    /// Every page index in reading order: the previous/next chain.
    public private(set) var readingOrder: [Int] = []
    private var positions: [Int: Int] = [:]
    private var sectionOfFolder: [String: Int] = [:]

    /// Builds the navigation of `pages`.
    public init(pages: [Page]) {
        var byFolder: [String: [Int]] = [:]
        for (index, page) in pages.enumerated() { byFolder[page.folder, default: []].append(index) }

        // Each page's key is made once, not in every comparison of the sort.
        let pageKeys = pages.map { page in
            (page.isIndex ? 0 : 1, page.frontMatter.order ?? Int.max, page.title.lowercased(), page.sourcePath)
        }
        var unordered: [(key: (Int, Int, String, String), section: Section)] = []
        for (folder, indices) in byFolder {
            let sorted = indices.sorted { pageKeys[$0] < pageKeys[$1] }
            let landing = sorted.first.flatMap { pages[$0].isIndex ? pages[$0] : nil }
            let name = folder.split(separator: "/").last.map(String.init) ?? ""
            let title = landing?.title ?? humanize(name)
            let key = (folder.isEmpty ? 0 : 1, landing?.frontMatter.order ?? Int.max, title.lowercased(), folder)
            unordered.append((key, Section(folder: folder, title: title, pages: sorted)))
        }
        sections = unordered.sorted { $0.key < $1.key }.map(\.section)
        for (sectionIndex, section) in sections.enumerated() {
            sectionOfFolder[section.folder] = sectionIndex
            for page in section.pages {
                positions[page] = readingOrder.count
                readingOrder.append(page)
            }
        }
    }

    /// The page before `page` in reading order.
    public func previous(of page: Int) -> Int? {
        guard let position = positions[page], position > 0 else { return nil }
        return readingOrder[position - 1]
    }

    /// The page after `page` in reading order.
    public func next(of page: Int) -> Int? {
        guard let position = positions[page], position + 1 < readingOrder.count else { return nil }
        return readingOrder[position + 1]
    }

    /// The section a folder forms, if it holds pages.
    public func section(forFolder folder: String) -> Section? {
        sectionOfFolder[folder].map { sections[$0] }
    }
}
