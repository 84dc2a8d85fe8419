/// Small sites that exercise the build: nested folders, ordering, links, drafts, assets.
public enum FixtureSite {
    /// A site with a home page, a guide section of three ordered pages, a draft, an image and
    /// links between pages (all resolvable).
    public static let guide: [String: String] = [
        "content/site.yml": """
            title: Fixture Docs
            description: A site for tests
            author: Test Author
            language: en
            """,
        "content/index.md": """
            ---
            title: Welcome
            date: 2026-11-20
            ---
            # Welcome

            Start with [the basics](guide/basics.md) or jump to [errors](guide/errors.md#handling-errors).

            ![diagram](images/diagram.svg)
            """,
        "content/guide/index.md": """
            ---
            title: The Guide
            order: 1
            ---
            # The Guide

            The section's landing page. Next: [basics](basics.md).
            """,
        "content/guide/basics.md": """
            ---
            title: Basics
            order: 1
            description: The first steps
            date: 2026-11-22
            tags: [intro, swift]
            ---
            # Basics

            ## Async/Await

            Some *text* with `code`.

            ### Details

            ```swift
            let answer = 42
            print("answer: \\(answer)")
            ```

            ## Async/Await

            Back to [the home page](../index.md) and [this section](#async-await-1).

            ```python
            print("<not swift>")
            ```
            """,
        "content/guide/errors.md": """
            ---
            title: Errors
            order: 2
            date: 2026-11-23T10:30:00Z
            ---
            # Errors

            ## Handling errors

            See [basics](basics.md#async-await).
            """,
        "content/guide/draft.md": """
            ---
            title: Unfinished
            draft: true
            ---
            # Unfinished
            """,
        "content/images/diagram.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    ]
}
