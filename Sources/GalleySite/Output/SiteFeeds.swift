internal import GalleyMarkdown

/// The machine-readable files of a site: `sitemap.xml` and the Atom `feed.xml`.
enum SiteFeeds {
    /// A sitemap listing every page, with its date when it has one.
    static func sitemap(pages: [Page], readingOrder: [Int], address: SiteAddress) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for index in readingOrder {
            let page = pages[index]
            xml += "  <url><loc>\(HTML.escapeAttribute(address.absoluteURL(page.route)))</loc>"
            if let date = page.frontMatter.date { xml += "<lastmod>\(date.day10)</lastmod>" }
            xml += "</url>\n"
        }
        xml += "</urlset>\n"
        return xml
    }

    /// An Atom feed of the dated pages, newest first. Its `updated` is the newest page's
    /// date, never the clock, so builds stay byte-identical.
    static func atom(pages: [Page], config: SiteConfiguration, address: SiteAddress) -> String {
        let dated = pages.filter { $0.frontMatter.date != nil }.sorted {
            ($0.frontMatter.date!, $1.sourcePath) > ($1.frontMatter.date!, $0.sourcePath)
        }
        let siteURL = address.absoluteURL("")
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n"
        xml += "  <title>\(HTML.escape(config.title))</title>\n"
        if !config.description.isEmpty { xml += "  <subtitle>\(HTML.escape(config.description))</subtitle>\n" }
        xml += "  <id>\(HTML.escape(siteURL))</id>\n"
        xml += "  <link href=\"\(HTML.escapeAttribute(siteURL))\"/>\n"
        xml += "  <link rel=\"self\" href=\"\(HTML.escapeAttribute(address.absoluteURL("feed.xml")))\"/>\n"
        xml += "  <updated>\(dated.first?.frontMatter.date?.rfc3339 ?? "1970-01-01T00:00:00Z")</updated>\n"
        xml += "  <author><name>\(HTML.escape(config.author.isEmpty ? config.title : config.author))</name></author>\n"
        xml += "  <generator>Galley</generator>\n"
        for page in dated {
            let url = address.absoluteURL(page.route)
            xml += "  <entry>\n"
            xml += "    <title>\(HTML.escape(page.title))</title>\n"
            xml += "    <link href=\"\(HTML.escapeAttribute(url))\"/>\n"
            xml += "    <id>\(HTML.escape(url))</id>\n"
            xml += "    <updated>\(page.frontMatter.date!.rfc3339)</updated>\n"
            if let author = page.frontMatter.author { xml += "    <author><name>\(HTML.escape(author))</name></author>\n" }
            if let summary = page.frontMatter.description { xml += "    <summary>\(HTML.escape(summary))</summary>\n" }
            xml += "  </entry>\n"
        }
        xml += "</feed>\n"
        return xml
    }
}
